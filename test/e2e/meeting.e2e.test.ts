import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { hoursFromNow } from '../support/clock.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';

const available = chromiumAvailable();

interface Conversation {
  id: string;
  kind: string;
  status: string;
  version: number;
  durationMinutes: number | null;
  notes: string | null;
  outcomes: { referrals: { to: { displayName: string } | null }[]; companiesSuggested: { organizationName: string }[] };
}

/**
 * Seed 004's networking interview in meeting mode: the agenda, the timer, one-tap capture of
 * names and a company (each saved at once), Finish → Today has the thank-you and tomorrow's
 * call, and Stan's page shows the two people he introduced. And seed 002: a job interview for
 * the wrong job switched to informational questions.
 */
describe.skipIf(!available)('meeting mode in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  const cli = (...args: string[]) => {
    const res = runCli(args, env());
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return res.stdout;
  };
  const getJson = async <T>(p: string): Promise<T> => {
    const response = await page.request.get(`${server.url}/api${p}`);
    expect(response.ok()).toBe(true);
    return (await response.json()) as T;
  };
  let networkingId: string;
  let jobId: string;
  let stanId: string;

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-meeting-'));
    stanId = (JSON.parse(cli('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager', '--json')) as { id: string }).id;
    cli('profile', 'set', '--pitch', 'I turn robotics prototypes into products.', '--skill', 'Robotics', '--skill', 'Team leadership', '--role', 'Engineering Manager');
    cli('target', 'add', 'Globex');
    cli('target', 'add', 'Initech');
    const inFiveMinutes = hoursFromNow(5 / 60);
    networkingId = (JSON.parse(cli('conversation', 'schedule', 'networking', '--with', 'Stan Fields', '--at', inFiveMinutes, '--minutes', '20', '--json')) as { id: string }).id;
    const tomorrow = hoursFromNow(26);
    jobId = (JSON.parse(cli('conversation', 'schedule', 'interview', '--with', 'Stan Fields', '--org', 'Acme Robotics', '--at', tomorrow, '--json')) as { id: string }).id;
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ context, page } = await newClockedPage(browser, { viewport: { width: 1280, height: 900 } }));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a networking interview with Stan: agenda, timer, one-tap capture, Finish → Today and Stan’s page', async () => {
    await page.goto(`${server.url}/conversations/${networkingId}`);
    await page.getByRole('heading', { name: 'Networking interview with Stan Fields' }).waitFor();
    await page.getByRole('link', { name: 'Start meeting' }).click();
    await page.waitForURL(/\/meeting$/);
    await page.getByRole('heading', { name: 'Meeting with Stan Fields' }).waitFor();

    // The agenda, with the profile and the target list in it.
    const agenda = page.getByRole('region', { name: 'Agenda' });
    await agenda.getByText('Robotics, Team leadership').waitFor();
    await agenda.getByText('1. Globex · 2. Initech').waitFor();
    for (const item of ['Your skills and abilities', 'Your ideal position', 'Your target list: show it']) {
      await agenda.getByRole('checkbox', { name: item }).check();
    }

    // The timer runs.
    const timer = page.getByRole('timer', { name: 'Timer' });
    expect(await timer.getAttribute('data-tone')).toBe('normal');
    await page.getByRole('button', { name: 'Start timer' }).click();
    await expect.poll(() => page.getByTestId('meeting-clock').innerText(), { timeout: 5_000 }).not.toBe('00:00');
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    // One tap each: two names and a company, saved the moment they are added.
    const nameForm = page.getByRole('form', { name: 'Name offered' });
    const captured = page.getByRole('list', { name: 'Captured' });
    await nameForm.getByLabel('Name offered').fill('Ann Lee');
    await nameForm.getByLabel('Their organization').fill('Globex');
    await nameForm.getByRole('button', { name: 'Add name' }).click();
    await captured.getByText('Ann Lee').waitFor();
    expect((await getJson<Conversation>(`/conversations/${networkingId}`)).outcomes.referrals.map((r) => r.to?.displayName)).toEqual(['Ann Lee']);
    await nameForm.getByLabel('Name offered').fill('Bob Stone');
    await nameForm.getByLabel('Name offered').press('Enter');
    await captured.getByText('Bob Stone').waitFor();
    const companyForm = page.getByRole('form', { name: 'Company suggested' });
    await companyForm.getByLabel('Company suggested').fill('Umbrella Robotics');
    await companyForm.getByRole('button', { name: 'Add company' }).click();
    await captured.getByText('Umbrella Robotics').waitFor();
    await page.getByLabel('Notes', { exact: true }).fill('He is an oenophile. Call him tomorrow with news of Ann and Bob.');

    // A reload loses nothing: ticks, notes and the running timer are kept on this device.
    await page.reload();
    await page.getByRole('heading', { name: 'Meeting with Stan Fields' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Your target list: show it' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Notes', { exact: true }).inputValue()).toMatch(/oenophile/);
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    // Past 15 minutes the clock turns amber, past 20 red.
    await page.evaluate((id) => {
      const key = `rapport.meeting.${id}`;
      const saved = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      localStorage.setItem(key, JSON.stringify({ ...saved, runningSince: null, elapsedMs: 16 * 60_000 }));
    }, networkingId);
    await page.reload();
    await expect.poll(() => page.getByRole('timer', { name: 'Timer' }).getAttribute('data-tone')).toBe('amber');
    await page.getByText('15 minutes: start wrapping up').waitFor();

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    await page.getByText('Thank Stan Fields', { exact: true }).waitFor();
    await page.getByText('Call Stan Fields', { exact: true }).waitFor();

    const done = await getJson<Conversation>(`/conversations/${networkingId}`);
    expect(done).toMatchObject({ status: 'done', kind: 'networking-interview', durationMinutes: 16, notes: 'He is an oenophile. Call him tomorrow with news of Ann and Bob.' });
    expect(done.outcomes.companiesSuggested.map((c) => c.organizationName)).toEqual(['Umbrella Robotics']);

    await page.goto(`${server.url}/contacts/${stanId}`);
    await page.getByRole('heading', { name: 'Stan Fields', level: 2 }).waitFor();
    const introduced = page.getByRole('list', { name: 'Introduced you to' });
    await expect.poll(() => introduced.getByRole('link').allInnerTexts()).toEqual(['Ann Lee', 'Bob Stone']);
  });

  it('turns a job interview for the wrong job into an informational interview', async () => {
    await page.goto(`${server.url}/conversations/${jobId}/meeting`);
    await page.getByRole('heading', { name: 'Meeting with Stan Fields' }).waitFor();
    await page.getByRole('button', { name: 'Wrong job? Switch to informational questions' }).click();
    const questions = page.getByRole('region', { name: 'Informational questions' });
    await questions.getByRole('checkbox', { name: 'Trends' }).waitFor();
    await questions.getByText('What does it take to succeed at Acme Robotics?').waitFor();
    await expect.poll(async () => (await getJson<Conversation>(`/conversations/${jobId}`)).kind).toBe('informational-interview');
    await expect(page.getByRole('button', { name: 'Wrong job? Switch to informational questions' }).count()).resolves.toBe(0);

    // The prep brief has the same questions and the pitch.
    await page.getByRole('link', { name: 'Prep brief' }).click();
    await page.getByRole('heading', { name: /^Prepare: / }).waitFor();
    await page.getByRole('region', { name: 'Your pitch' }).getByText('I turn robotics prototypes into products.').waitFor();
    await page.getByRole('region', { name: 'Past conversations' }).getByRole('link', { name: /Networking interview/ }).waitFor();
  });
});
