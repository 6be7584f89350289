import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { daysFromNow } from '../support/clock.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';

const available = chromiumAvailable();

interface Page_<T> { items: T[]; total: number }

/** Yesterday at 10:00 in Paris (the browser's zone), as a datetime-local value. */
function yesterdayAtTen(): string {
  return `${daysFromNow(-1).slice(0, 10)}T10:00`;
}

describe.skipIf(!available)('logging a conversation in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  const getJson = async <T>(p: string): Promise<T> => {
    const response = await page.request.get(`${server.url}/api${p}`);
    expect(response.ok()).toBe(true);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
    expect(runCli(['contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager'], env()).code).toBe(0);
    server = await startServerProcess(env());
    browser = await launchChromium();
    // A zone other than the machine's: the form must send the browser's zone and the matching UTC instant.
    ({ context, page } = await newClockedPage(browser, { timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 800 } }));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs a networking interview in which Stan offers two names and suggests a company', async () => {
    const stan = (await getJson<Page_<{ id: string; displayName: string }>>('/contacts?q=stan')).items[0];
    expect(stan?.displayName).toBe('Stan Fields');
    await page.goto(`${server.url}/contacts/${stan?.id}`);
    await page.getByRole('heading', { name: 'Stan Fields' }).waitFor();

    // L, from the contact page, opens the form with Stan already in it.
    await page.keyboard.press('l');
    await page.getByRole('heading', { name: 'Log a conversation' }).waitFor();
    await page.getByRole('form', { name: 'Log a conversation' }).getByText('Stan Fields (Acme Robotics)', { exact: true }).waitFor();
    await page.getByLabel('Kind').selectOption('networking-interview');
    const when = yesterdayAtTen();
    await page.getByLabel('Date and time').fill(when);
    await page.getByTestId('when-status').getByText('it will be logged as done').waitFor();
    await page.getByLabel('Duration (minutes)').fill('20');
    await page.getByLabel('Notes').fill('Showed him my target list. He is an oenophile.');

    // Two names offered, one with a bad email; one company suggested.
    await page.getByRole('button', { name: 'Add a name offered' }).click();
    const ann = page.getByRole('group', { name: 'Name offered 1' });
    await ann.getByLabel('Name', { exact: true }).fill('Ann Lee');
    await ann.getByLabel('Organization').fill('Globex');
    await ann.getByLabel('Title').fill('Director of Engineering');
    await ann.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Add a name offered' }).click();
    const bob = page.getByRole('group', { name: 'Name offered 2' });
    await bob.getByLabel('Name', { exact: true }).fill('Bob Stone');
    await bob.getByLabel('Organization').fill('Initech');
    await page.getByRole('button', { name: 'Add a company suggested' }).click();
    await page.getByRole('group', { name: 'Company suggested 1' }).getByLabel('Company', { exact: true }).fill('Umbrella Robotics');
    await page.getByLabel('Next steps agreed').fill('Call Stan tomorrow with news of Ann and Bob.');

    // A bad submission: the error is on the right input, and nothing is saved.
    await page.getByRole('button', { name: 'Log conversation' }).click();
    await ann.getByText('Not a valid email address').waitFor();
    expect(page.url()).toMatch(/\/conversations\/new/);
    expect((await getJson<Page_<unknown>>('/conversations')).total).toBe(0);
    expect((await getJson<Page_<unknown>>('/contacts')).total).toBe(1);

    // Fixed, and saved with Enter from a text field.
    await ann.getByLabel('Email').fill('ann@globex.test');
    await ann.getByLabel('Email').press('Enter');
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Networking interview with Stan Fields' }).waitFor();
    const outcomes = page.getByRole('region', { name: 'Outcomes' });
    await outcomes.getByRole('link', { name: 'Ann Lee' }).waitFor();
    await outcomes.getByRole('link', { name: 'Bob Stone' }).waitFor();
    await expect.poll(() => outcomes.getByRole('list', { name: 'Companies suggested' }).innerText()).toMatch(/Umbrella Robotics.*target list.*suggested by Stan Fields/s);

    // The instant sent is the Paris wall time the user typed, with the browser's zone.
    const conversationId = page.url().split('/').at(-1) ?? '';
    const saved = await getJson<{ startsAt: string; timeZone: string; status: string; durationMinutes: number }>(`/conversations/${conversationId}`);
    expect(saved).toMatchObject({ timeZone: 'Europe/Paris', status: 'done', durationMinutes: 20 });
    const parisTime = new Date(saved.startsAt).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');
    expect(parisTime).toBe(when);

    // Each name offered is now a contact introduced by Stan.
    for (const name of ['Ann Lee', 'Bob Stone']) {
      await page.goto(`${server.url}/conversations/${conversationId}`);
      await page.getByRole('region', { name: 'Outcomes' }).getByRole('link', { name }).click();
      await page.getByRole('heading', { name, level: 2 }).waitFor();
      const introductions = page.getByRole('region', { name: 'Introductions' });
      await expect.poll(() => introductions.innerText()).toMatch(/introduced by\s+stan fields/i);
      await introductions.getByRole('link', { name: 'Stan Fields' }).waitFor();
    }

    // The company is on the target list, suggested by Stan.
    const targets = await getJson<{ items: { organizationName: string; suggestedBy: { displayName: string } | null }[] }>('/targets');
    expect(targets.items).toContainEqual(expect.objectContaining({ organizationName: 'Umbrella Robotics', suggestedBy: expect.objectContaining({ displayName: 'Stan Fields' }) }));

    // Stan's page shows all three: the two people he introduced, and the company he suggested.
    await page.goto(`${server.url}/contacts/${stan?.id}`);
    await page.getByRole('heading', { name: 'Stan Fields', level: 2 }).waitFor();
    const introduced = page.getByRole('list', { name: 'Introduced you to' });
    await expect.poll(() => introduced.getByRole('link').allInnerTexts()).toEqual(['Ann Lee', 'Bob Stone']);
    await page.getByRole('list', { name: 'Companies they suggested' }).getByRole('link', { name: 'Umbrella Robotics' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByRole('link', { name: 'Networking interview' }).waitFor();
    await timeline.getByRole('link', { name: 'Introduced you to Ann Lee' }).waitFor();
    await expect.poll(() => page.getByTestId('last-interaction').innerText()).toMatch(/ago|yesterday/);
  });

  it('shows the API’s field error on the row it concerns and saves nothing', async () => {
    const before = (await getJson<Page_<unknown>>('/conversations')).total;
    await page.goto(`${server.url}/conversations/new`);
    await page.getByRole('heading', { name: 'Log a conversation' }).waitFor();
    // A conversation about a company, with a company suggested by nobody: only the server knows
    // that outcomes need a participant to come from.
    await page.getByRole('textbox', { name: 'Organization', exact: true }).fill('Vandelay Industries');
    await page.getByRole('button', { name: 'Add a company suggested' }).click();
    const company = page.getByRole('group', { name: 'Company suggested 1' });
    await company.getByLabel('Company', { exact: true }).fill('Hooli');
    await page.getByRole('button', { name: 'Log conversation' }).click();
    await company.getByText('Add the person you talked with as a participant first').waitFor();
    await page.getByRole('alert').getByText('Nothing was saved').waitFor();
    expect((await getJson<Page_<unknown>>('/conversations')).total).toBe(before);
    const targets = await getJson<{ items: { organizationName: string }[] }>('/targets');
    expect(targets.items.map((t) => t.organizationName)).not.toContain('Hooli');
    const orgs = await getJson<{ items: { name: string }[] }>('/organizations?q=Vandelay');
    expect(orgs.items.map((o) => o.name)).not.toContain('Vandelay Industries');
  });
});
