import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';

const available = chromiumAvailable();

describe.skipIf(!available)('contacts in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
    // A contact added from the terminal must show up in the web app: one database.
    expect(runCli(['contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager'], env()).code).toBe(0);
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a contact, finds it by search, edits it and sees the change after a reload', async () => {
    await page.goto(`${server.url}/contacts`);
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Stan Fields' }).count()).toBe(1);

    // Create, keyboard first: N opens the form.
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New contact' }).waitFor();
    await page.getByLabel('First name').fill('Roger');
    await page.getByLabel('Last name').fill('Dale');
    await page.getByLabel('Organization').fill('Globex');
    await page.getByRole('button', { name: 'Add email' }).click();
    await page.getByLabel('Emails 1', { exact: true }).fill('not-an-email');
    await page.getByRole('button', { name: 'Add contact' }).click();
    // A field-level error, and nothing is saved.
    await page.getByText('Not a valid email address').waitFor();
    await page.getByLabel('Emails 1', { exact: true }).fill('roger@globex.test');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('heading', { name: 'Roger Dale' }).waitFor();

    // Find it by search in the list.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('textbox', { name: 'Search contacts' }).fill('globex');
    await expect.poll(() => page.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Roger Dale')]);
    await page.getByRole('listitem').filter({ hasText: 'Roger Dale' }).click();

    // Edit it.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Title').fill('Product Manager');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Product Manager at Globex').waitFor();

    // The change survives a reload (it is in the database, not only in the page).
    await page.reload();
    await page.getByText('Product Manager at Globex').waitFor();
    expect(page.url()).toMatch(/\/contacts\/[0-9a-f-]+$/);

    // And the terminal sees what the browser saved.
    const listed = JSON.parse(runCli(['contact', 'list', '--search', 'roger', '--json'], env()).stdout) as { items: { title: string }[] };
    expect(listed.items).toEqual([expect.objectContaining({ title: 'Product Manager' })]);
  });

  it('shows a helpful empty state when a search finds nobody', async () => {
    await page.goto(`${server.url}/contacts?q=zzzz-nobody`);
    await page.getByText('No contacts match').waitFor();
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => page.getByRole('listitem').count()).toBe(2);
  });

  it('offers the contact already there before adding someone twice: open them, or add anyway', async () => {
    const rogerUrl = async () => {
      await page.goto(`${server.url}/contacts?q=roger`);
      await page.getByRole('listitem').filter({ hasText: 'Roger Dale' }).click();
      await page.getByRole('heading', { name: 'Roger Dale' }).waitFor();
      return page.url();
    };
    const roger = await rogerUrl();
    const addRogerAgain = async () => {
      await page.goto(`${server.url}/contacts/new`);
      await page.getByLabel('First name').fill('roger');
      await page.getByLabel('Last name').fill('DALE');
      await page.getByLabel('Organization').fill('globex');
      await page.getByRole('button', { name: 'Add contact' }).click();
      const offer = page.getByRole('alert').filter({ hasText: 'Already a contact?' });
      await offer.getByText('Roger Dale at Globex is already a contact').waitFor();
      return offer;
    };
    // Open the one already there: nothing was added.
    await (await addRogerAgain()).getByRole('link', { name: 'Open Roger Dale' }).click();
    await page.getByRole('heading', { name: 'Roger Dale' }).waitFor();
    expect(page.url()).toBe(roger);
    expect((JSON.parse(runCli(['contact', 'list', '--search', 'dale', '--json'], env()).stdout) as { total: number }).total).toBe(1);

    // Another Roger Dale at Globex after all: add anyway.
    await (await addRogerAgain()).getByRole('button', { name: 'Add anyway' }).click();
    await page.getByRole('heading', { name: 'roger DALE' }).waitFor();
    expect(page.url()).not.toBe(roger);
    expect((JSON.parse(runCli(['contact', 'list', '--search', 'dale', '--json'], env()).stdout) as { total: number }).total).toBe(2);
  });

  it('merges two records of one person: the kept one takes the other\'s email and history', async () => {
    expect(runCli(['contact', 'add', 'Stanley Fields', '--org', 'Acme Robotics', '--email', 'stanley@acme.test'], env()).code).toBe(0);
    expect(runCli(['conversation', 'log', 'call', '--with', 'stanley@acme.test', '--title', 'Call about the platform team'], env()).code).toBe(0);
    await page.goto(`${server.url}/contacts?q=stan`);
    await page.getByRole('listitem').filter({ hasText: 'Stan Fields' }).click();
    await page.getByRole('heading', { name: 'Stan Fields' }).waitFor();

    await page.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge with Stan Fields' });
    await dialog.getByLabel('The other contact').fill('stanley');
    await dialog.getByRole('radio', { name: /Stanley Fields/ }).check();
    await dialog.getByRole('button', { name: 'Merge Stanley Fields into Stan Fields' }).click();
    await page.getByText('Merged into Stan Fields').waitFor();

    // Stan now has Stanley's email and his call; Stanley is gone from the list.
    await page.getByRole('link', { name: 'stanley@acme.test' }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Call about the platform team').waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Merged with Stanley Fields').waitFor();
    // (a search for "stanley" now finds Stan, by the email he took over)
    await page.goto(`${server.url}/contacts?q=stanley`);
    // A full page load (the service worker may be starting, or precaching on a busy machine): more than the 1 s default.
    await expect.poll(() => page.getByRole('listitem').allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('Stan Fields')]);
    expect(await page.getByRole('listitem').filter({ hasText: 'Stanley Fields' }).count()).toBe(0);
  });
});
