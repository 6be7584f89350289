import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetList } from '../../src/contracts/target.schema.js';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';

const available = chromiumAvailable();

describe.skipIf(!available)('organizations and the target list in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  /** The organizations of the table's rows, top to bottom. */
  const rows = () => page.locator('[data-target-row]').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  const cliOrder = () => (JSON.parse(runCli(['target', 'list', '--json'], env()).stdout) as TargetList).items.map((t) => t.organizationName);

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-targets-'));
    // Someone at Acme: Advocacy is derived from it.
    expect(runCli(['contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager'], env()).code).toBe(0);
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1400, height: 900 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds three targets, ranks them with the keyboard, and keeps the order after a reload', async () => {
    await page.goto(`${server.url}/targets`);
    await page.getByRole('heading', { name: 'Target list' }).waitFor();
    await page.getByText('Your target list is empty').waitFor();

    const organization = page.getByRole('combobox', { name: 'Organization' });
    for (const name of ['Acme Robotics', 'Globex', 'Initech']) {
      await organization.fill(name);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Add to list' }).click();
      await page.getByRole('row', { name, exact: true }).waitFor();
      await expect.poll(() => organization.inputValue()).toBe('');
    }
    expect(await rows()).toEqual(['Acme Robotics', 'Globex', 'Initech']);
    // Coverage: Stan works at Acme, at the right level.
    const acme = page.getByRole('row', { name: 'Acme Robotics', exact: true });
    expect(await acme.getByLabel('Advocacy for Acme Robotics: 1').count()).toBe(1);
    await acme.getByRole('link', { name: 'Stan Fields' }).waitFor();
    await acme.getByText('2 · Right level').waitFor();

    // Keyboard ranking: focus Initech, Alt+↑ twice. Focus stays on the moved row between presses.
    await page.getByRole('row', { name: 'Initech', exact: true }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(rows).toEqual(['Acme Robotics', 'Initech', 'Globex']);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(rows).toEqual(['Initech', 'Acme Robotics', 'Globex']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Initech');

    // Drag and drop with dnd-kit's keyboard sensor: pick up Globex by its handle, move it up one, drop.
    // Each step waits for dnd-kit's live announcement, as a screen reader user would hear it.
    const announced = (text: string) => page.getByText(text, { exact: true }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Drag Globex' }).focus();
    await page.keyboard.press('Space');
    await announced('Globex is over rank 3.');
    await page.keyboard.press('ArrowUp');
    await announced('Globex is over rank 2.');
    await page.keyboard.press('Space');
    await expect.poll(rows).toEqual(['Initech', 'Globex', 'Acme Robotics']);

    // The order is in the database: a reload and the terminal both see it.
    await expect.poll(cliOrder).toEqual(['Initech', 'Globex', 'Acme Robotics']);
    await page.reload();
    await page.getByRole('row', { name: 'Initech', exact: true }).waitFor();
    expect(await rows()).toEqual(['Initech', 'Globex', 'Acme Robotics']);
    expect(await page.locator('[data-target-row]').evaluateAll((els) => els.map((el) => el.getAttribute('data-rank')))).toEqual(['1', '2', '3']);
  });

  it('changes Motivation inline and toggles the LAMP order', async () => {
    await page.goto(`${server.url}/targets`);
    await page.getByRole('row', { name: 'Globex', exact: true }).waitFor();
    await page.getByLabel('Motivation for Globex').selectOption('3');
    await expect.poll(() => (JSON.parse(runCli(['target', 'list', '--json'], env()).stdout) as TargetList).items.find((t) => t.organizationName === 'Globex')?.motivation).toBe(3);
    await page.getByLabel('Posting for Globex').selectOption('3');
    await page.getByLabel('Motivation for Initech').selectOption('1');
    await expect.poll(() => page.getByLabel('Motivation for Initech').inputValue()).toBe('1');
    await expect.poll(() => (JSON.parse(runCli(['target', 'list', '--json'], env()).stdout) as TargetList).items.map((t) => [t.motivation, t.posting])).toEqual([
      [1, 1],
      [3, 3],
      [2, 1],
    ]);

    // LAMP view: Globex (M3, P3), Acme (M2, A1), Initech (M1); the ranking itself is unchanged.
    await page.getByText('Sort by LAMP', { exact: true }).click();
    await expect.poll(rows).toEqual(['Globex', 'Acme Robotics', 'Initech']);
    expect(page.url()).toContain('order=lamp');
    // Ranking by keyboard is off in the LAMP view.
    await page.getByRole('row', { name: 'Initech', exact: true }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.reload();
    await expect.poll(rows).toEqual(['Globex', 'Acme Robotics', 'Initech']);
    await page.getByText('My ranking', { exact: true }).click();
    await expect.poll(rows).toEqual(['Initech', 'Globex', 'Acme Robotics']);

    // "Rank by LAMP" makes the LAMP order the ranking.
    await page.getByRole('button', { name: 'Rank by LAMP' }).click();
    await expect.poll(rows).toEqual(['Globex', 'Acme Robotics', 'Initech']);
    await expect.poll(cliOrder).toEqual(['Globex', 'Acme Robotics', 'Initech']);
  });

  it('refuses a duplicate with a message at the field', async () => {
    await page.goto(`${server.url}/targets`);
    await page.getByRole('combobox', { name: 'Organization' }).fill('globex');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add to list' }).click();
    await page.getByText('Globex is already on the target list').waitFor();
    expect(await rows()).toHaveLength(3);
  });

  it('shows an organization with its people, and deletes it keeping the history', async () => {
    await page.goto(`${server.url}/organizations`);
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    // A new organization: a bad website is refused at the field, nothing is saved.
    await page.getByRole('button', { name: 'New organization' }).click();
    await page.getByLabel('Name').fill('Umbrella');
    await page.getByLabel('Website').fill('not a url');
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByText('Not a valid URL').waitFor();
    await page.getByLabel('Website').fill('umbrella.example');
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('heading', { name: 'Umbrella' }).waitFor();

    await page.getByRole('link', { name: 'Organizations' }).first().click();
    await page.getByRole('textbox', { name: 'Search organizations' }).fill('acme');
    const acmeRow = page.getByRole('row').filter({ hasText: 'Acme Robotics' });
    await acmeRow.getByText('On target list').waitFor();
    await acmeRow.getByRole('link', { name: 'Acme Robotics' }).click();
    await page.getByRole('heading', { name: 'Acme Robotics' }).waitFor();
    await page.getByRole('list', { name: 'People there' }).getByRole('link', { name: 'Stan Fields' }).waitFor();
    // Conversations: the section answers either way (an empty list or a note), never breaks the page.
    await page.getByText(/No conversations at this organization yet|Conversations could not be loaded/).waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    const references = page.getByRole('list', { name: 'References' });
    await references.getByText('1 contact works there').waitFor();
    await references.getByText('On the target list').waitFor();
    await page.getByRole('button', { name: 'Keep the history' }).click();
    await page.waitForURL(/\/organizations$/);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Acme Robotics' }).count()).toBe(0);
    // Gone from the target list; Stan keeps the name.
    await expect.poll(cliOrder).toEqual(['Globex', 'Initech']);
    expect(runCli(['contact', 'show', 'stan'], env()).stdout).toContain('Acme Robotics');
  });
});
