import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';
import { cliMinute, hoursFromNow } from '../support/clock.js';

const available = chromiumAvailable();

/**
 * Seed 003 in the browser: after a networking interview, Today proposes the thank-you, the
 * next-day call and reaching the name offered; each is done, snoozed or dismissed with one key
 * or one click, and stays that way.
 */
describe.skipIf(!available)('Today in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  const row = (title: string): Locator => page.getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-today-'));
    const cli = (...args: string[]) => {
      const res = runCli(args, env());
      expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    };
    cli('contact', 'add', 'Stan Fields', '--email', 'stan@acme.test');
    cli('conversation', 'log', 'networking-interview', '--with', 'stan', '--offered', 'Ada Byron@Globex', '--at', cliMinute(hoursFromNow(-3)), '--tz', 'UTC');
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is the home page: the next interview, the search health, and what the networking interview calls for, with reasons', async () => {
    await page.goto(`${server.url}/`);
    // The browser runs on the tests' clock too: the same Tuesday as the server.
    expect(await page.evaluate(() => new Date().toISOString().slice(0, 10))).toBe('2026-03-03');
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    await row('Thank Stan Fields').waitFor();
    await expect.poll(() => row('Call Stan Fields').count()).toBe(1);
    await expect.poll(() => row('Reach out to Ada Byron').count()).toBe(1);

    // Reasons are sentences naming the people.
    expect(await row('Thank Stan Fields').innerText()).toMatch(/networking interview with Stan Fields/);
    expect(await row('Reach out to Ada Byron').innerText()).toMatch(/Stan Fields gave you the name of Ada Byron/);
    // The people are links to their pages.
    await expect.poll(() => row('Reach out to Ada Byron').getByRole('link', { name: 'Ada Byron' }).getAttribute('href')).toMatch(/^\/contacts\//);

    // No interview scheduled: a call to action; the last one was today; 1 thing in the works against 6–10.
    const next = page.getByTestId('next-interview');
    expect(await next.innerText()).toMatch(/None scheduled/);
    await next.getByRole('link', { name: 'Schedule a conversation' }).waitFor();
    expect(await page.getByTestId('last-interview').innerText()).toMatch(/0 days/);
    const meter = page.getByRole('meter', { name: 'Things in the works' });
    expect(await meter.getAttribute('aria-valuetext')).toMatch(/a healthy search has 6 to 10/);
  });

  it('opens the message with M: the mailto link goes to Stan and follows the edits', async () => {
    await row('Thank Stan Fields').focus();
    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Thank you, Stan');
    expect(await dialog.getByRole('link', { name: 'Edit the template' }).getAttribute('href')).toBe('/settings/playbook#template-thank-you');
    const link = dialog.getByRole('link', { name: 'Open in mail app' });
    await expect.poll(() => link.getAttribute('href')).toMatch(/^mailto:stan@acme\.test\?subject=Thank%20you%2C%20Stan&body=Hi%20Stan%2C%0D%0A/);
    expect(await dialog.innerText()).toMatch(/Asks a question/);

    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Thanks a lot');
    await expect.poll(() => link.getAttribute('href')).toMatch(/^mailto:stan@acme\.test\?subject=Thanks%20a%20lot&body=/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('does, snoozes and dismisses in one key or one click; the list updates and they stay gone after a reload', async () => {
    // Done, from the keyboard; the focus moves on to the next row.
    await row('Thank Stan Fields').focus();
    await page.keyboard.press('d');
    await expect.poll(() => row('Thank Stan Fields').count()).toBe(0);
    await page.getByRole('alert').filter({ hasText: 'Thank Stan Fields' }).filter({ hasText: 'Done' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action-row') ?? null)).not.toBeNull();

    // Snooze, through the menu.
    await row('Call Stan Fields').getByRole('button', { name: 'Snooze' }).click();
    await page.getByRole('menuitem', { name: /Tomorrow/ }).click();
    await expect.poll(() => row('Call Stan Fields').count()).toBe(0);
    await page.getByRole('alert').filter({ hasText: /Snoozed until .*Call Stan Fields/ }).waitFor();

    // Dismiss, with X.
    await row('Reach out to Ada Byron').focus();
    await page.keyboard.press('x');
    await expect.poll(() => row('Reach out to Ada Byron').count()).toBe(0);
    await page.getByRole('alert').filter({ hasText: /Dismissed.*Reach out to Ada Byron/ }).waitFor();

    // They are gone from the database, not only from the page.
    await page.reload();
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    await page.getByTestId('in-the-works').waitFor();
    for (const title of ['Thank Stan Fields', 'Call Stan Fields', 'Reach out to Ada Byron']) expect(await row(title).count(), title).toBe(0);

    // And the terminal agrees.
    const statuses = (status: string) =>
      (JSON.parse(runCli(['action', 'list', '--status', status, '--json'], env()).stdout) as { ruleId: string }[]).map((a) => a.ruleId);
    expect(statuses('done')).toEqual(['thank-you']);
    expect(statuses('snoozed')).toEqual(['next-day-call']);
    expect(statuses('dismissed')).toEqual(['reach-referral']);
  });

  it('playbook settings: a refused value is named at its field; saved values drive Today', async () => {
    await page.goto(`${server.url}/settings/playbook`);
    await page.getByRole('heading', { name: 'Playbook', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Things in the works: at least' }).fill('12');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // Refused before it reaches the server: at least must not exceed at most (10).
    await page.getByText('Must not be more than “at most”').waitFor();
    await page.getByRole('textbox', { name: 'Things in the works: at least' }).fill('4');
    await page.getByRole('textbox', { name: 'First name' }).fill('Roger');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Everything is saved.').waitFor();

    await page.getByRole('link', { name: 'Today' }).first().click();
    const meter = page.getByRole('meter', { name: 'Things in the works' });
    await expect.poll(() => meter.getAttribute('aria-valuetext')).toMatch(/a healthy search has 4 to 10/);
    const settings = (await page.evaluate(() => fetch('/api/settings').then((r) => r.json()))) as { playbook: Record<string, unknown>; me: Record<string, unknown> };
    expect(settings.playbook).toEqual({ inTheWorksMin: 4 });
    expect(settings.me).toEqual({ firstName: 'Roger' });
  });

  it('adds a reminder about a contact found by search', async () => {
    await page.getByLabel('What to do').fill('Send Stan the robotics article');
    await page.getByRole('combobox', { name: 'About (optional)' }).fill('stan');
    await page.getByRole('option', { name: /Stan Fields/ }).click();
    await page.getByRole('button', { name: 'Add reminder' }).click();
    await row('Send Stan the robotics article').waitFor();
    await row('Send Stan the robotics article').getByRole('link', { name: 'Stan Fields' }).waitFor();
  });
});

/**
 * Seed 001 logged after the fact (issue 12), in the browser: three rounds entered weeks late,
 * then the rejection. Today leads with asking Stan for feedback and says why it comes first;
 * the rounds' thank-yous have expired instead of standing overdue; a check-in due today comes after.
 */
describe.skipIf(!available)('Today in the browser: the most important first', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  const row = (title: string): Locator => page.getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });
  const lead = (): Locator => page.getByRole('region', { name: 'Now — most important first' });

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-today-first-'));
    const cli = (...args: string[]) => {
      const res = runCli(args, env());
      expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    };
    cli('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--email', 'stan@acme.test');
    cli('contact', 'add', 'Ann Lee', '--email', 'ann@initech.test');
    cli('conversation', 'log', 'call', '--with', 'Ann Lee', '--at', '2026-01-19 15:00', '--tz', 'UTC');
    cli('opportunity', 'add', 'Robotics Engineer', '--org', 'Acme Robotics');
    for (const [round, day] of [['1', '09'], ['2', '16'], ['3', '23']] as const) {
      cli('opportunity', 'round', 'Robotics Engineer', '--with', 'Stan Fields', '--round', round, '--at', `2026-02-${day} 15:00`, '--tz', 'UTC');
    }
    cli('opportunity', 'reject', 'Robotics Engineer', '--rapport', 'Stan Fields');
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a rejection and rounds logged late: asking Stan for feedback leads, saying why; the late thank-yous have expired, not overdue', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    const first = lead().getByRole('listitem').first();
    await expect.poll(() => first.innerText()).toMatch(/^\s*Ask Stan Fields for feedback/);
    expect(await first.innerText()).toMatch(/Why first: Feedback after a rejection keeps the door open/);
    // The check-in is due today and the feedback only on Friday: the feedback still comes first.
    const titles = await lead().getByRole('listitem').allInnerTexts();
    expect(titles.findIndex((t) => t.trim().startsWith('Check in with Ann Lee'))).toBeGreaterThan(0);
    // Each action once on the page: what leads is not repeated under its date.
    expect(await row('Ask Stan Fields for feedback').count()).toBe(1);
    // Thank-yous 7, 14 and 21 days late would be pointless: none is shown, nothing is overdue.
    expect(await page.getByText(/^Thank Stan Fields/).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Overdue' }).count()).toBe(0);
  });

  it('the settings page shows each rule’s window and moves a rule from the keyboard; Today follows the new order, and the reset brings it back', async () => {
    const settings = async () => (await page.evaluate(() => fetch('/api/settings').then((r) => r.json()))) as { playbook: { rulePriority?: string[]; windows?: Record<string, number | null> } };
    await page.goto(`${server.url}/settings/playbook`);
    await page.getByRole('heading', { name: 'Playbook', exact: true }).waitFor();
    const rules = page.getByRole('list', { name: 'Rules in order of importance' });
    const order = () => rules.getByRole('listitem').evaluateAll((els) => els.map((el) => el.getAttribute('data-rule')));
    await expect.poll(async () => (await order())[0]).toBe('ask-feedback');
    expect(await order()).toHaveLength(14);
    const thankYou = page.getByRole('textbox', { name: 'Thank-you: expires after (days after due)' });
    expect(await thankYou.inputValue()).toBe('3');
    expect(await rules.locator('[data-rule="keep-in-touch"]').innerText()).toMatch(/Never expires: lasts while its condition holds/);

    // A window longer than the limit on every deadline is refused at its field.
    await thankYou.fill('45');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await rules.getByText('At most 30 days: every deadline is given up after 30 days anyway').waitFor();
    expect(await thankYou.getAttribute('aria-invalid')).toBe('true');
    await thankYou.fill('5');

    // Keep in touch to the top with Enter on its "Move up" button; the focus stays with the rule.
    await page.getByRole('button', { name: 'Move Keep in touch up' }).focus();
    for (let i = 0; i < 11; i += 1) await page.keyboard.press('Enter');
    await expect.poll(async () => (await order())[0]).toBe('keep-in-touch');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('move-down-keep-in-touch');
    await page.getByRole('status').filter({ hasText: 'Keep in touch: now 1 of 14' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Everything is saved.').waitFor();
    const saved = await settings();
    expect(saved.playbook.rulePriority?.slice(0, 2)).toEqual(['keep-in-touch', 'ask-feedback']);
    expect(saved.playbook.windows?.['thank-you']).toBe(5);

    // Today: the check-in now leads, saying why.
    await page.getByRole('link', { name: 'Today' }).first().click();
    const first = lead().getByRole('listitem').first();
    await expect.poll(() => first.innerText()).toMatch(/^\s*Check in with Ann Lee/);
    expect(await first.innerText()).toMatch(/Why first: A relationship going quiet: a check-in keeps it warm/);

    // Back to the defaults: nothing of the order or the windows is stored, and asking Stan leads again.
    await page.goto(`${server.url}/settings/playbook`);
    await page.getByRole('button', { name: 'Reset order and windows to the defaults' }).click();
    await expect.poll(async () => (await order())[0]).toBe('ask-feedback');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Everything is saved.').waitFor();
    expect(await settings()).toMatchObject({ playbook: {} });
    expect((await settings()).playbook).not.toHaveProperty('rulePriority');
    await page.getByRole('link', { name: 'Today' }).first().click();
    await expect.poll(() => lead().getByRole('listitem').first().innerText()).toMatch(/^\s*Ask Stan Fields for feedback/);
  });
});
