import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { axeViolations, settle, sidewaysOverflow } from './axe.js';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, startServerProcess, type ServerProcess } from '../support/cli.js';
import { TEST_NOW } from '../support/clock.js';
import { createTestDatabase, isPostgresReachable, type TestDatabase } from '../support/test-database.js';

const available = chromiumAvailable() && (await isPostgresReachable());
const PASSWORD = 'correct horse battery staple';

/**
 * Server mode in the browser (issue 18): a seeker signs in and shares their search's health
 * with a coach, the coach finds them in the cockpit and suggests an action, the seeker sees it
 * in Today as the coach's and reads in the log what the coach opened, then stops sharing — and
 * the coach sees nothing any more.
 */
describe.skipIf(!available)('a seeker shares with a coach, who suggests an action (server mode)', { timeout: 180_000 }, () => {
  let tdb: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let sam: Page;
  let carla: Page;

  const signIn = async (page: Page, email: string) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
  };
  const problems = async (page: Page, where: string): Promise<string[]> => {
    await settle(page);
    const found = (await axeViolations(page)).map((v) => `${where}: [${v.impact}] ${v.id} — ${v.help} at ${v.targets.join(' | ')}`);
    const overflow = await sidewaysOverflow(page);
    if (overflow > 0) found.push(`${where}: scrolls sideways by ${overflow}px`);
    return found;
  };

  beforeAll(async () => {
    assertBuilt();
    tdb = await createTestDatabase('postgres');
    const { accounts } = createServices({ db: tdb.db, clock: fixedClock(TEST_NOW) });
    for (const [email, displayName, role] of [
      ['carla@centre.test', 'Carla Coach', 'coach'],
      ['sam@seekers.test', 'Sam Seeker', 'seeker'],
    ] as const) {
      await accounts.createUser({ email, displayName, password: PASSWORD, organizationName: 'Northside Career Centre', role });
    }
    server = await startServerProcess({ ...tdb.env, RAPPORT_PUBLIC_URL: 'https://rapport.example.test' }, ['--server']);
    browser = await launchChromium();
    ({ page: sam } = await newClockedPage(browser, { viewport: { width: 1280, height: 900 } }));
    ({ page: carla } = await newClockedPage(browser, { viewport: { width: 1280, height: 900 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tdb?.destroy();
  });

  it('refuses a wrong password without saying whether the account exists, then signs in', async () => {
    await sam.goto(`${server.url}/`);
    await sam.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await problems(sam, 'sign-in')).toEqual([]);
    const attempt = async (email: string, password: string) => {
      await sam.getByLabel('Email', { exact: true }).fill(email);
      await sam.getByLabel('Password', { exact: true }).fill(password);
      const [response] = await Promise.all([sam.waitForResponse((r) => r.url().endsWith('/api/auth/login')), sam.getByRole('button', { name: 'Sign in' }).click()]);
      const alert = sam.getByRole('alert');
      await alert.waitFor();
      return { status: response.status(), message: await alert.innerText() };
    };
    const wrongPassword = await attempt('sam@seekers.test', 'not my password');
    const unknown = await attempt('nobody@seekers.test', 'not my password');
    expect(wrongPassword.status).toBe(401);
    expect(unknown).toEqual(wrongPassword);
    expect(await problems(sam, 'sign-in with an error')).toEqual([]);
    await signIn(sam, 'sam@seekers.test');
    await signIn(carla, 'carla@centre.test');
  });

  it('the seeker shares the search’s health with the coach, who finds them in the cockpit', async () => {
    expect(await carla.getByRole('link', { name: 'Clients', exact: true }).count()).toBe(1);
    expect(await sam.getByRole('link', { name: 'Clients', exact: true }).count()).toBe(0);
    await sam.getByRole('link', { name: 'Sharing' }).click();
    await sam.getByRole('heading', { name: 'Sharing with a coach' }).waitFor();
    // The heading comes first; the log and the levels arrive with their data: wait for them.
    await sam.getByText('No coach has opened anything of yours.').waitFor();
    const level = sam.getByLabel('What Carla Coach sees');
    await level.waitFor();
    expect(await level.inputValue()).toBe('none');
    await level.selectOption({ label: 'Search health only' });
    await sam.getByText('Carla Coach now sees: search health only').waitFor();

    await carla.getByRole('link', { name: 'Clients', exact: true }).click();
    await carla.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    const client = carla.getByRole('link', { name: 'Sam Seeker' });
    await client.waitFor();
    expect(await carla.getByRole('list', { name: /Clients/ }).innerText()).toMatch(/shares: health/);
    expect(await problems(carla, 'cockpit')).toEqual([]);
    await client.click();
    await carla.getByRole('heading', { name: 'Sam Seeker', level: 2 }).waitFor();
    await carla.getByText('Shares: search health only').waitFor();
  });

  it('the coach suggests an action; the seeker sees it in Today as the coach’s, with the reason', async () => {
    await carla.getByLabel('What to do').fill('Ask Stan who else at Acme to meet');
    await carla.getByLabel('Why (they read this)').fill('Acme has one contact on your list; a second doubles your chances');
    await carla.getByRole('button', { name: 'Suggest' }).click();
    await carla.getByText('In Sam Seeker’s Today, as yours: Ask Stan who else at Acme to meet').waitFor();
    await carla.getByRole('region', { name: 'What you suggested' }).getByText('Ask Stan who else at Acme to meet').waitFor();
    expect(await problems(carla, 'client page')).toEqual([]);

    await sam.getByRole('link', { name: 'Today' }).click();
    const row = sam.locator('[data-action-row]').filter({ hasText: 'Ask Stan who else at Acme to meet' });
    await row.waitFor();
    expect(await row.innerText()).toContain('suggested by Carla Coach, your coach');
    expect(await row.innerText()).toContain('Acme has one contact on your list; a second doubles your chances');
  });

  it('the seeker reads what the coach opened, and stops sharing: the coach sees nothing any more', async () => {
    await sam.getByRole('link', { name: 'Sharing' }).click();
    const log = sam.getByRole('table', { name: 'What your coaches opened' });
    await log.waitFor();
    expect(await log.innerText()).toMatch(/Carla Coach\s+your search health/);
    expect(await problems(sam, 'sharing')).toEqual([]);
    await sam.getByLabel('What Carla Coach sees').selectOption({ label: 'Nothing (not shared)' });
    await sam.getByText('Carla Coach sees nothing of your search now').waitFor();

    await carla.reload();
    await carla.getByText('This person does not share their search with you (any more).').waitFor();
    await carla.getByRole('link', { name: 'Clients', exact: true }).click();
    await carla.getByText(/No client shares their search with you yet/).waitFor();
  });

  it('fits a phone: sharing and the cockpit pass axe at 390 px without scrolling sideways', async () => {
    await sam.setViewportSize({ width: 390, height: 844 });
    await sam.goto(`${server.url}/settings/sharing`);
    await sam.getByRole('heading', { name: 'Sharing with a coach' }).waitFor();
    expect(await problems(sam, '390px sharing')).toEqual([]);
    await carla.setViewportSize({ width: 390, height: 844 });
    await carla.goto(`${server.url}/coach`);
    await carla.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    expect(await problems(carla, '390px cockpit')).toEqual([]);
  });

  it('signs out: the next page is the sign-in page', async () => {
    await sam.setViewportSize({ width: 1280, height: 900 });
    await sam.goto(`${server.url}/`);
    await sam.getByRole('button', { name: 'Account: Sam Seeker' }).click();
    await sam.getByRole('menuitem', { name: 'Sign out' }).click();
    await sam.getByRole('heading', { name: 'Sign in' }).waitFor();
    await sam.reload();
    await sam.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
