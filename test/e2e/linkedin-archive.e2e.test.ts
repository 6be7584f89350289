import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';
import { linkedInArchive, writeArchive } from '../support/linkedin-archive.js';
import { writeZip } from '../support/zip-writer.js';

const available = chromiumAvailable();

describe.skipIf(!available)("importing LinkedIn's data archive in the browser", () => {
  let dataDir: string;
  let filesDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const cli = (...args: string[]) => runCli(args, { RAPPORT_DATA_DIR: dataDir });

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-archive-'));
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-archive-files-'));
    server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir });
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('refuses a ZIP that is not the archive, naming what is missing, and writes nothing', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
    const photos = writeArchive(filesDir, writeZip([{ name: 'photo.txt', data: 'not a photo' }]), 'photos.zip');
    await page.locator('input[type="file"]').first().setInputFiles(photos);
    await page.getByText(/This ZIP archive has no Connections\.csv/).waitFor();
    expect(JSON.parse(cli('contact', 'list', '--json').stdout)).toMatchObject({ total: 0 });
  });

  it('uploads the archive from Settings → Import, previews what it reads, imports it, and the profile is filled', async () => {
    await page.goto(`${server.url}/contacts`);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
    await page.locator('input[type="file"]').first().setInputFiles(writeArchive(filesDir, linkedInArchive(), 'Basic_LinkedInDataExport_03-03-2026.zip'));

    // The preview: the connections' counts, and what else the archive gives, before anything is written.
    await page.getByText('LinkedIn data archive', { exact: true }).waitFor();
    expect(await page.getByTestId('count-new').innerText()).toBe('3');
    expect(await page.getByTestId('count-skipped').innerText()).toBe('1');
    const fromArchive = page.getByRole('list', { name: 'From the LinkedIn archive' });
    await fromArchive.getByText('Read from the archive: Connections.csv, Invitations.csv, messages.csv, Profile.csv, Positions.csv, Skills.csv').waitFor();
    await fromArchive.getByText('2 connections with how you met told by their invitation').waitFor();
    await fromArchive.getByText('Profile.csv, Positions.csv, Skills.csv will fill your profile (what you wrote is kept)').waitFor();
    expect(JSON.parse(cli('contact', 'list', '--json').stdout)).toMatchObject({ total: 0 });

    await page.getByRole('button', { name: /^Import 3 new/ }).click();
    const done = page.getByRole('status').filter({ hasText: 'Import done' });
    await done.waitFor();
    expect(await done.innerText()).toMatch(/3 new contacts, 0 updated, 0 unchanged, 3 new organizations\. Your profile gained: headline.*skills \(\+5\)/);

    await page.getByRole('link', { name: 'Show contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Tariq Haddad' }).click();
    await page.getByRole('region', { name: 'About' }).getByText('They invited you to connect on LinkedIn on 1 Oct 2024: “Hi Jordan, we met at the Lyon robotics meetup — happy to stay in touch.”').waitFor();

    await page.goto(`${server.url}/profile`);
    await expect.poll(() => page.getByLabel('Headline').inputValue()).toBe('Engineering Manager | Robotics & Embedded Systems');
  });
});
