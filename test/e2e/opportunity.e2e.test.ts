import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';

const available = chromiumAvailable();

/** The opportunity page: interviewers who are not contacts yet are created there, as conversation capture does. */
describe.skipIf(!available)('an opportunity in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  const contacts = (search: string) =>
    (JSON.parse(runCli(['contact', 'list', '--search', search, '--json'], env()).stdout) as { items: { id: string; displayName: string; organizationName: string | null; title: string | null }[] }).items;

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-opportunity-'));
    expect(runCli(['contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager'], env()).code).toBe(0);
    expect(runCli(['opportunity', 'add', 'Robotics Engineer', '--org', 'Acme Robotics', '--stage', 'applied'], env()).code).toBe(0);
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1400, height: 900 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds an interviewer who is not a contact yet, at the opportunity\'s organization; someone already there is offered first; both join the next round', async () => {
    await page.goto(`${server.url}/opportunities`);
    await page.getByRole('link', { name: 'Robotics Engineer', exact: true }).click();
    await page.getByRole('heading', { name: 'Robotics Engineer', level: 2 }).waitFor();
    const interviewers = page.getByRole('region', { name: 'Interviewers' });

    // Searching for her finds nobody, and says what to do instead of a dead end.
    await interviewers.getByLabel('Add an interviewer', { exact: true }).fill('Priya Raman');
    await page.getByText('No contact found: choose “New person” to add Priya Raman').waitFor();
    await interviewers.getByText('New person', { exact: true }).click();
    const person = interviewers.getByRole('form', { name: 'New interviewer' });
    expect(await person.getByLabel('Name').inputValue()).toBe('Priya Raman');
    expect(await person.getByLabel('Organization').inputValue()).toBe('Acme Robotics');
    await person.getByLabel('Title').fill('Hiring Manager');
    await person.getByRole('button', { name: 'Add as interviewer' }).click();
    await interviewers.getByRole('link', { name: 'Priya Raman' }).waitFor();
    expect(contacts('priya')).toEqual([expect.objectContaining({ displayName: 'Priya Raman', organizationName: 'Acme Robotics', title: 'Hiring Manager' })]);

    // Stan is already a contact at Acme Robotics: offered, and added as himself.
    await person.getByLabel('Name').fill('stan fields');
    await person.getByRole('button', { name: 'Add as interviewer' }).click();
    const offer = interviewers.getByRole('alert').filter({ hasText: 'Already a contact?' });
    await offer.getByText('Stan Fields at Acme Robotics is already a contact').waitFor();
    await offer.getByRole('button', { name: 'Add Stan Fields' }).click();
    await interviewers.getByRole('link', { name: 'Stan Fields' }).waitFor();
    expect(contacts('stan fields')).toHaveLength(1);

    // The next round is with both of them.
    const round = page.getByRole('form', { name: 'Log an interview round' });
    await expect.poll(() => round.innerText()).toMatch(/Priya Raman[\s\S]*Stan Fields|Stan Fields[\s\S]*Priya Raman/);
    await round.getByRole('button', { name: 'Log round' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Rounds' }).getByRole('row').count()).toBe(2);
    expect(await page.getByRole('table', { name: 'Rounds' }).innerText()).toMatch(/Priya Raman, Stan Fields|Stan Fields, Priya Raman/);
  });
});
