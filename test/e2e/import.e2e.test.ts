import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';

const available = chromiumAvailable();
const fixtures = path.resolve(import.meta.dirname, '../fixtures/imports');

describe.skipIf(!available)('importing contacts in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-import-'));
    server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir });
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('previews a LinkedIn export, imports it with progress, and shows the new people', async () => {
    await page.goto(`${server.url}/contacts`);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor();

    await page.locator('input[type="file"]').first().setInputFiles(path.join(fixtures, 'linkedin/connections-2024.csv'));
    // The preview: counts before anything is written.
    await page.getByText('LinkedIn Connections.csv', { exact: true }).waitFor();
    expect(await page.getByTestId('count-new').innerText()).toBe('7');
    expect(await page.getByTestId('count-skipped').innerText()).toBe('2');
    expect(await page.getByTestId('count-warnings').innerText()).toBe('0');
    await page.getByText('2 hidden or deleted LinkedIn member (lines 8, 12)').waitFor();
    expect(JSON.parse(runCli(['contact', 'list', '--json'], { RAPPORT_DATA_DIR: dataDir }).stdout)).toMatchObject({ total: 0 });

    await page.getByRole('button', { name: /^Import 7 new/ }).click();
    await page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
    await page.getByText('Import done').waitFor();
    await expect.poll(() => page.getByTestId('import-progress').innerText()).toBe('7 of 7');
    expect(await page.getByRole('status').filter({ hasText: 'Import done' }).innerText()).toMatch(/7 new contacts, 0 updated, 0 unchanged, 6 new organizations/);

    await page.getByRole('link', { name: 'Show contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await expect.poll(() => page.getByRole('listitem').count()).toBe(7);
    await page.getByRole('listitem').filter({ hasText: 'Maren Holloway' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Ελένη Παπαδάκη' }).waitFor();
  });

  it('shows the values a malformed file would lose, by line and field, and imports every person', async () => {
    await page.goto(`${server.url}/settings`);
    await page.locator('input[type="file"]').first().setInputFiles(path.join(fixtures, 'linkedin/connections-malformed.csv'));
    const warnings = page.getByRole('table', { name: 'Values left out' });
    await warnings.waitFor();
    expect(await warnings.getByRole('row').count()).toBe(4);
    await warnings.getByText('"femi(at)example.com" is not an email address; left out').waitFor();
    expect(await page.getByTestId('count-warnings').innerText()).toBe('3');
    await page.getByText('1 a quoted cell is never closed (a missing ") (line 9)').waitFor();
    await page.getByRole('button', { name: /^Import 6 new/ }).click();
    await page.getByText('Import done').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Import done' }).innerText()).toMatch(/6 new contacts.*3 without some of their values/);
  });
});
