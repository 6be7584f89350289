import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';
import { testNow } from '../support/clock.js';

const available = chromiumAvailable();

/** RFC 5322 date `days` before the tests' now (the server runs on the same clock). */
function daysAgo(days: number): string {
  return new Date(testNow().getTime() - days * 86_400_000).toUTCString().replace('GMT', '+0000');
}

/** A Gmail Takeout mbox: Morgan wrote to Ada two weeks ago and never heard back; a newsletter. */
function mbox(): string {
  return [
    'From 1790000000000000001@xxx Mon Mar 02 09:00:00 +0000 2026',
    'X-Gmail-Labels: Sent',
    `Date: ${daysAgo(14)}`,
    'Message-ID: <e2e-outreach@mail.example.test>',
    'Subject: Platform team at Globex',
    'From: Morgan Lee <morgan.lee@example.test>',
    'To: Ada Byron <ada@globex.test>',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Dear Ada, Stan suggested I ask you about the platform team.',
    '',
    'From 1790000000000000002@xxx Mon Mar 02 10:00:00 +0000 2026',
    'X-Gmail-Labels: Inbox',
    `Date: ${daysAgo(13)}`,
    'Message-ID: <news-1@jobs.example>',
    'Subject: 25 new jobs',
    'From: Jobs <news@jobs.example>',
    'To: morgan.lee@example.test',
    'List-Id: <weekly.jobs.example>',
    '',
    '25 new jobs.',
    '',
  ].join('\r\n');
}

describe.skipIf(!available)('importing mail in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let mboxPath: string;

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-mail-'));
    mboxPath = path.join(dataDir, 'All mail Including Spam and Trash.mbox');
    fs.writeFileSync(mboxPath, mbox());
    const env = { RAPPORT_DATA_DIR: dataDir };
    for (const args of [
      ['contact', 'add', 'Ada Byron', '--email', 'ada@globex.test', '--org', 'Globex'],
      ['contact', 'add', 'Grace Hopper', '--org', 'Globex'],
    ]) {
      const res = runCli(args, env);
      expect(res.code, res.stderr).toBe(0);
    }
    server = await startServerProcess(env);
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an mbox dropped on a contact’s page becomes their history, and Today asks to follow up the unanswered outreach', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    expect(await page.getByText('Follow up with Ada Byron').count()).toBe(0);

    await page.goto(`${server.url}/contacts`);
    await page.getByRole('listitem').filter({ hasText: 'Ada Byron' }).click();
    const drop = page.getByTestId('mail-drop');
    await drop.waitFor();
    // Drop the file as a person would drag it from their file manager.
    const dataTransfer = await page.evaluateHandle(
      ({ name, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: 'application/mbox' }));
        return dt;
      },
      { name: path.basename(mboxPath), text: fs.readFileSync(mboxPath, 'utf8') },
    );
    await drop.dispatchEvent('drop', { dataTransfer });

    const preview = page.getByTestId('mail-preview');
    await preview.waitFor();
    expect(await page.getByTestId('mail-new').innerText()).toBe('1');
    await preview.getByText('guessed from the file').waitFor();
    await page.getByRole('button', { name: /^Import 1 conversations/ }).click();
    await page.getByRole('status').filter({ hasText: 'Import done' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Import done' }).innerText()).toMatch(/1 new conversations, 0 updated/);

    await page.getByRole('link', { name: 'See Today' }).click();
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    await page.getByText('Follow up with Ada Byron').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Follow up with Ada Byron' }).innerText()).toMatch(/You wrote to Ada Byron \(Globex\)/);
  });

  it('Settings → Import takes a calendar invitation and lists its meeting with the kind guessed from its title', async () => {
    const start = new Date(testNow().getTime() + 3 * 86_400_000);
    const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const ics = path.join(dataDir, 'invite.ics');
    fs.writeFileSync(
      ics,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:e2e-coffee@google.com', `DTSTART:${stamp(start)}`, `DTEND:${stamp(new Date(start.getTime() + 1_800_000))}`, 'SUMMARY:Coffee with Ada', 'ATTENDEE;CN=Ada Byron:mailto:ada@globex.test', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'),
    );
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Import mail and calendar' }).waitFor();
    await page.getByRole('region', { name: 'Import mail and calendar' }).locator('input[type="file"]').setInputFiles(ics);
    const meetings = page.getByRole('table', { name: 'Meetings in the file' });
    await meetings.getByText('Coffee with Ada').waitFor();
    expect(await meetings.getByLabel('Kind of Coffee with Ada').inputValue()).toBe('Networking meeting');
    await page.getByRole('button', { name: /^Import 1 conversations/ }).click();
    await page.getByRole('status').filter({ hasText: 'Import done' }).waitFor();
    const list = JSON.parse(runCli(['conversation', 'list', '--json'], { RAPPORT_DATA_DIR: dataDir }).stdout) as { items: { title: string; status: string }[] };
    expect(list.items.find((c) => c.title === 'Coffee with Ada')?.status).toBe('scheduled');
  });
});
