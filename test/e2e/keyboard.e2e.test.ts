import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, startServerProcess, type ServerProcess } from '../support/cli.js';
import { hoursFromNow } from '../support/clock.js';

const available = chromiumAvailable();

/** What the focused element is, as a screen reader names it, and whether its focus shows. */
async function focused(page: Page): Promise<{ name: string; role: string; row: string | null; visible: boolean; inDialog: boolean; tag: string }> {
  const state = await page.evaluate(async () => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    // Form fields change border colour with a transition: read them once it has run.
    const field = ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.classList.contains('mantine-Input-input');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const box = [el, el.parentElement, el.parentElement?.parentElement].filter((x): x is HTMLElement => Boolean(x));
    await Promise.all(box.flatMap((x) => x.getAnimations()).map((a) => a.finished.catch(() => undefined)));
    const style = getComputedStyle(el);
    // A form field shows its focus by its border (or its pill box's) turning the primary colour.
    const probe = document.createElement('span');
    probe.style.color = 'var(--mantine-primary-color-filled)';
    document.body.append(probe);
    const primary = getComputedStyle(probe).color;
    probe.remove();
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none' || (field && box.some((x) => getComputedStyle(x).borderTopColor === primary));
    return { row: el.getAttribute('data-action-row'), visible, inDialog: Boolean(el.closest('[role="dialog"]')), tag: el.tagName.toLowerCase() };
  });
  if (!state) return { name: '', role: '', row: null, visible: false, inDialog: false, tag: 'body' };
  // The accessibility tree's first line: `- button "New contact"`.
  const snapshot = await page.locator('*:focus').first().ariaSnapshot().catch(() => '');
  const match = /^- ([\w-]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(snapshot.split('\n')[0] ?? '');
  return { ...state, role: match?.[1] ?? '', name: match?.[2] ?? '' };
}

/**
 * Keyboard first (issue 19): Today opens on its first action, j/k and the arrows move, the keys
 * act, dialogs keep the focus and give it back, `?` lists the keys, and on every page the main
 * actions are reached with Tab, each with a visible focus.
 */
describe.skipIf(!available)('every page works by keyboard', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const api = async <T>(method: 'GET' | 'POST', p: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(`${server.url}/api${p}`, { method, ...(data !== undefined ? { data } : {}) });
    expect(response.ok(), `${method} ${p}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  const openToday = async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
  };

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-keyboard-'));
    server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir });
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1280, height: 900 } }));
    const stan = await api<{ id: string }>('POST', '/contacts', { givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics', emails: [{ value: 'stan@acme.test' }] });
    await api('POST', '/conversations', {
      kind: 'networking-interview',
      startsAt: hoursFromNow(-3),
      participants: [{ contactId: stan.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron', organizationName: 'Globex' } }] },
    });
    await api('POST', '/opportunities', { title: 'Robotics Engineer', organizationName: 'Acme Robotics', stage: 'applied' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('Today opens with its first action focused; j/k and the arrows move between actions', async () => {
    await openToday();
    const rows = page.locator('[data-action-row]');
    await rows.first().waitFor();
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action-row')));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await focused(page)).row).toBe(ids[0]);

    await page.keyboard.press('j');
    expect((await focused(page)).row).toBe(ids[1]);
    await page.keyboard.press('j');
    expect((await focused(page)).row).toBe(ids[2]);
    await page.keyboard.press('k');
    expect((await focused(page)).row).toBe(ids[1]);
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).row).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).row).toBe(ids[1]);
    await page.keyboard.press('Home');
    expect((await focused(page)).row).toBe(ids[0]);
    expect((await focused(page)).visible).toBe(true);
  });

  it('M opens the message in a dialog that keeps the focus inside and gives it back to the action on Escape', async () => {
    await openToday();
    const first = page.locator('[data-action-row]').filter({ has: page.getByRole('button', { name: 'Message' }) }).first();
    await first.focus();
    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Subject' }).waitFor();
    await expect.poll(async () => (await focused(page)).inDialog).toBe(true);
    for (let i = 0; i < 15; i += 1) {
      await page.keyboard.press('Tab');
      expect((await focused(page)).inDialog, `Tab ${i + 1} left the dialog`).toBe(true);
    }
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).inDialog).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await focused(page)).row).toBe(await first.getAttribute('data-action-row'));
  });

  it('D marks the focused action done and the focus moves to the next one; S opens the snooze menu', async () => {
    await openToday();
    const rows = page.locator('[data-action-row]');
    await rows.first().waitFor();
    const before = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action-row')));
    await expect.poll(async () => (await focused(page)).row).toBe(before[0]);
    await page.keyboard.press('d');
    await expect.poll(() => page.locator(`[data-action-row="${before[0]}"]`).count()).toBe(0);
    await expect.poll(async () => (await focused(page)).row).toBe(before[1]);

    await page.keyboard.press('s');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
  });

  it('? lists the keyboard shortcuts, this page’s first, and Escape gives the focus back', async () => {
    await openToday();
    await expect.poll(async () => (await focused(page)).row).not.toBeNull();
    const row = (await focused(page)).row;
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const first = dialog.getByRole('heading', { level: 3 }).first();
    expect(await first.innerText()).toMatch(/^Today · this page/);
    expect(await dialog.getByRole('table', { name: /Today/ }).innerText()).toMatch(/D\s+done[\s\S]*S\s+snooze[\s\S]*X\s+dismiss[\s\S]*M\s+open the message/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await focused(page)).row).toBe(row);

    await page.goto(`${server.url}/opportunities`);
    await page.getByRole('heading', { name: 'Opportunities', exact: true }).waitFor();
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('heading', { level: 3 }).first().innerText()).toMatch(/^Opportunities · this page/);
    await page.keyboard.press('Escape');
  });

  it('the first Tab offers to skip to the page; on every page Tab reaches the main actions, each with a visible focus', async () => {
    const pages: [string, string, RegExp[]][] = [
      ['/contacts', 'Contacts', [/^New contact/, /Stan Fields/]],
      ['/conversations', 'Conversations', [/^Log conversation/]],
      ['/organizations', 'Organizations', [/^New organization/]],
      ['/events', 'Events', [/^New event/]],
      ['/targets', 'Target list', [/^Add/]],
      ['/opportunities', 'Opportunities', [/^Add an opportunity/, /Robotics Engineer at Acme Robotics/]],
      ['/insights', 'Insights', [/Show table/]],
      ['/profile', 'Profile', [/^Save/]],
      ['/settings', 'Settings', [/Follow the system/]],
    ];
    for (const [url, heading, wanted] of pages) {
      await page.goto(`${server.url}${url}`);
      await page.getByRole('heading', { name: heading, exact: true, level: 2 }).waitFor();
      await page.keyboard.press('Tab');
      const skip = await focused(page);
      expect(skip.name, url).toBe('Skip to the page');
      expect(skip.visible, `${url}: the skip link shows when focused`).toBe(true);
      // The header and the navigation are the same on every page: walk them on the first one,
      // then take the skip link, which must land in the page.
      if (url !== pages[0]![0]) {
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id), `${url}: the skip link lands in the page`).toBe('main');
      }
      const names: string[] = [];
      const invisible: string[] = [];
      const unnamed: string[] = [];
      for (let i = 0; i < 70 && !wanted.every((w) => names.some((n) => w.test(n))); i += 1) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        names.push(f.name);
        if (!f.visible) invisible.push(`${f.tag} “${f.name.slice(0, 40)}”`);
        if (!f.name) unnamed.push(`${f.tag} (${f.role}) after “${names.at(-2) ?? ''}”`);
      }
      for (const w of wanted) expect(names.some((n) => w.test(n)), `${url}: Tab never reached ${w} (reached: ${names.slice(0, 30).join(' | ')})`).toBe(true);
      expect(invisible, `${url}: focus not visible on`).toEqual([]);
      expect(unnamed, `${url}: a control without a name`).toEqual([]);
    }
  });

  it('dark mode follows the system, and the switch in the header overrides it across reloads', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openToday();
    const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    await expect.poll(scheme).toBe('dark');
    const toggle = page.getByRole('button', { name: 'Dark mode' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(scheme).toBe('light');
    await page.reload();
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    expect(await scheme()).toBe('light');
    expect(await page.getByRole('button', { name: 'Dark mode' }).getAttribute('aria-pressed')).toBe('false');

    // Settings → Appearance goes back to following the system.
    await page.goto(`${server.url}/settings`);
    await page.getByText('Follow the system', { exact: true }).click();
    await expect.poll(scheme).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(scheme).toBe('light');
  });
});
