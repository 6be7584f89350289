import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, startServerProcess, type ServerProcess } from '../support/cli.js';
import { daysFromNow, hoursFromNow } from '../support/clock.js';
import { axeViolations, sidewaysOverflow } from './axe.js';

const available = chromiumAvailable();

/** The palette's state as a screen reader gets it: the focused element, the active option. */
function comboboxState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const activeId = el?.getAttribute('aria-activedescendant');
    const option = activeId ? document.getElementById(activeId) : null;
    return {
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      expanded: el?.getAttribute('aria-expanded'),
      controls: el?.getAttribute('aria-controls') ? document.getElementById(el.getAttribute('aria-controls') ?? '')?.getAttribute('role') : null,
      active: option?.textContent ?? null,
      activeRole: option?.getAttribute('role') ?? null,
      activeSelected: option?.getAttribute('aria-selected') ?? null,
    };
  });
}

/**
 * The command palette (issues 16 and 19): Ctrl+K from any page, a name found despite a typo,
 * commands run from the keyboard, Escape gives the focus back, axe passes with it open, at
 * desktop and phone width.
 */
describe.skipIf(!available)('the command palette', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let priya = '';
  const api = async <T>(method: 'GET' | 'POST', p: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(`${server.url}/api${p}`, { method, ...(data !== undefined ? { data } : {}) });
    expect(response.ok(), `${method} ${p}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  const palette = () => page.getByRole('dialog', { name: 'Search and commands' });
  const box = () => palette().getByRole('combobox', { name: 'Search or type a command' });
  const openPalette = async () => {
    await page.keyboard.press('Control+k');
    await box().waitFor();
    await expect.poll(async () => (await comboboxState(page)).role).toBe('combobox');
  };

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-palette-'));
    server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir });
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1280, height: 900 } }));
    priya = (await api<{ id: string }>('POST', '/contacts', { givenName: 'Priya', familyName: 'Raman', organizationName: 'Globex', title: 'Hiring Manager' })).id;
    await api('POST', '/contacts', { givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics' });
    await api('POST', '/opportunities', { title: 'Robotics Engineer', organizationName: 'Globex', stage: 'applied' });
    await api('POST', '/conversations', {
      kind: 'informational-interview',
      startsAt: hoursFromNow(-30),
      participants: [{ contactId: priya }],
      notes: 'Priya said the platform team hires in April. Send her the portfolio before Friday and mention the warehouse robots.',
    });
    await api('POST', '/conversations', { kind: 'networking-meeting', startsAt: daysFromNow(-10), title: 'Coffee at Globex', participants: [{ contactId: priya }] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens with Ctrl+K over Today, moves with the arrows as a combobox, and Escape gives the focus back to the action', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    const firstAction = page.locator('[data-action-row]').first();
    await firstAction.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action-row') ?? null)).not.toBeNull();
    const focusedAction = await page.evaluate(() => document.activeElement?.getAttribute('data-action-row'));

    await openPalette();
    // Empty: the commands, the first one active.
    expect(await comboboxState(page)).toMatchObject({ role: 'combobox', expanded: 'true', controls: 'listbox', activeRole: 'option', activeSelected: 'true' });
    expect((await comboboxState(page)).active).toContain('Log a conversation');
    expect(await axeViolations(page)).toEqual([]);

    // Typed keys go to the box, not to Today's shortcuts (j would move the action focus).
    await page.keyboard.type('globex');
    await palette().getByRole('status').filter({ hasText: 'found' }).waitFor();
    const names = await palette().getByRole('option').evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(names.some((n) => n.startsWith('Priya Raman'))).toBe(true);
    expect(names.some((n) => n.startsWith('Robotics Engineer'))).toBe(true);
    expect((await comboboxState(page)).active).toBe(names[0]);
    await page.keyboard.press('ArrowDown');
    expect(await comboboxState(page)).toMatchObject({ active: names[1], activeSelected: 'true' });
    await page.keyboard.press('ArrowDown');
    expect((await comboboxState(page)).active).toBe(names[2]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    // Past the first, the last.
    expect((await comboboxState(page)).active).toBe(names[names.length - 1]);
    expect(await palette().locator('[aria-selected="true"]').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await palette().waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action-row'))).toBe(focusedAction);
  });

  it('finds a contact despite a typo and Enter opens them; from their page a command logs a conversation with them', async () => {
    await openPalette();
    await page.keyboard.type('pryia rman');
    await expect.poll(async () => (await comboboxState(page)).active).toContain('Priya Raman');
    expect((await comboboxState(page)).active).toContain('Hiring Manager · Globex');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts/${priya}`);
    await page.getByRole('heading', { name: 'Priya Raman' }).first().waitFor();
    await palette().waitFor({ state: 'hidden' });

    await openPalette();
    await page.keyboard.type('log conv');
    await expect.poll(async () => (await comboboxState(page)).active).toBe('Log a conversation with this contact');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/conversations/new?contactId=${priya}`);
    await page.getByText('Priya Raman').first().waitFor();
  });

  it('runs a command chosen with the arrows, and finds an organization, an opportunity and a conversation by its notes', async () => {
    await page.goto(`${server.url}/conversations`);
    await page.getByRole('heading', { name: 'Conversations' }).first().waitFor();
    await openPalette();
    await page.keyboard.type('add');
    await expect.poll(async () => (await comboboxState(page)).active).not.toBeNull();
    // Walk down to the command with the arrows, as a person would.
    for (let i = 0; i < 10 && (await comboboxState(page)).active !== 'Add a contact'; i += 1) await page.keyboard.press('ArrowDown');
    expect((await comboboxState(page)).active).toBe('Add a contact');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts/new`);
    // The form focuses its first field once loaded; the palette opened over it keeps the focus.
    await page.keyboard.press('Control+k');

    await box().waitFor();
    await page.keyboard.type('globx');
    await palette().getByRole('option', { name: /^Globex/ }).waitFor();
    await palette().getByRole('option', { name: /Robotics Engineer.*Globex · Applied/ }).waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('portfolio');
    const byNotes = palette().getByRole('option', { name: /Informational interview with Priya Raman/ });
    await byNotes.waitFor();
    expect(await byNotes.textContent()).toContain('Send her the portfolio');
    await palette().getByRole('status').filter({ hasText: /1 record/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/conversations\/[\w-]+$/);

    await openPalette();
    await page.keyboard.type('zzqx');
    await palette().getByText('Nothing found for “zzqx”.').waitFor();
    expect(await comboboxState(page)).toMatchObject({ expanded: 'false', active: null });
    await page.keyboard.press('Escape');
    await palette().waitFor({ state: 'hidden' });
  });

  it('lists Ctrl+K among the shortcuts, and is a command itself', async () => {
    await page.goto(`${server.url}/contacts`);
    await page.getByRole('heading', { name: 'Contacts' }).first().waitFor();
    await openPalette();
    await page.keyboard.type('shortcuts');
    await expect.poll(async () => (await comboboxState(page)).active).toBe('Show the keyboard shortcuts');
    await page.keyboard.press('Enter');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help.getByRole('heading', { name: 'Search and commands' }).waitFor();
    expect(await help.getByText('Ctrl+K').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('fills a phone screen at 390 px without sideways scrolling, and passes axe there', async () => {
    const { context, page: phone } = await newClockedPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      page = phone;
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Search' }).click();
      await box().waitFor();
      await box().fill('priya');
      await palette().getByRole('option', { name: /^Priya Raman/ }).waitFor();
      const size = await palette().boundingBox();
      expect(size?.width).toBeLessThanOrEqual(390);
      expect(size?.width).toBeGreaterThan(380);
      expect(await sidewaysOverflow(page)).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await palette().getByRole('option', { name: /^Priya Raman/ }).click();
      await page.waitForURL(`${server.url}/contacts/${priya}`);
    } finally {
      await context.close();
    }
  });
});
