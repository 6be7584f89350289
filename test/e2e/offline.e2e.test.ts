import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, startServerProcess, type ServerProcess } from '../support/cli.js';
import { hoursFromNow } from '../support/clock.js';
import { axeViolations, sidewaysOverflow } from './axe.js';

const available = chromiumAvailable();

interface Conversation {
  id: string;
  outcomes: { referrals: { to: { displayName: string } | null }[]; companiesSuggested: { organizationName: string }[] };
}

/**
 * Installable and usable without a network (issue 19 item 4), on a phone: the app shell comes
 * from the service worker, the last Today and the prep brief read online show offline, and a
 * name captured in meeting mode offline waits on the device, shown as queued, and is saved
 * once Rapport can be reached again.
 */
describe.skipIf(!available)('offline, on a phone', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let meetingId = '';
  const api = async <T>(method: 'GET' | 'POST', p: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(`${server.url}/api${p}`, { method, ...(data !== undefined ? { data } : {}) });
    expect(response.ok(), `${method} ${p}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  const actionTitles = () => page.locator('[data-action-row]').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-offline-'));
    server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir });
    browser = await launchChromium();
    ({ context, page } = await newClockedPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
    const stan = await api<{ id: string }>('POST', '/contacts', { givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics', title: 'Engineering Manager', notes: 'Sails on weekends.' });
    // Tomorrow's networking interview: Today says to prepare, and meeting mode is open for it.
    meetingId = (await api<{ id: string }>('POST', '/conversations', { kind: 'networking-interview', status: 'scheduled', startsAt: hoursFromNow(20), participants: [{ contactId: stan.id }] })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is installable: a manifest with icons, and a service worker that takes the page', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      return link ? ((await (await fetch(link.href)).json()) as { display: string; icons: unknown[] }) : null;
    });
    expect(manifest).toMatchObject({ display: 'standalone' });
    expect(manifest?.icons.length).toBeGreaterThanOrEqual(2);
    // The worker installs (the app shell precached) and controls this page (clientsClaim).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 30_000 }).toBe(true);
  });

  it('shows the last Today and the prep brief offline, and queues a capture until Rapport is reachable', async () => {
    // Online: Today, the prep brief and the meeting, read once through the worker.
    await page.goto(`${server.url}/`);
    await page.locator('[data-action-row]').first().waitFor();
    const online = await actionTitles();
    expect(online.some((t) => t.includes('Stan Fields'))).toBe(true);
    await page.goto(`${server.url}/conversations/${meetingId}/prep`);
    await page.getByRole('heading', { name: /^Prepare: / }).waitFor();
    await page.getByText('Sails on weekends.').first().waitFor();
    await page.goto(`${server.url}/conversations/${meetingId}/meeting`);
    await page.getByRole('heading', { name: 'Meeting with Stan Fields' }).waitFor();

    await context.setOffline(true);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    await page.locator('[data-action-row]').first().waitFor();
    expect(await actionTitles()).toEqual(online);
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/conversations/${meetingId}/prep`);
    await page.getByRole('heading', { name: /^Prepare: / }).waitFor();
    await page.getByText('Sails on weekends.').first().waitFor();

    await page.goto(`${server.url}/conversations/${meetingId}/meeting`);
    await page.getByRole('heading', { name: 'Meeting with Stan Fields' }).waitFor();
    const capture = page.getByRole('region', { name: 'Capture' });
    await capture.getByRole('textbox', { name: 'Name offered' }).fill('Ada Byron');
    await capture.getByRole('textbox', { name: 'Their organization' }).fill('Globex');
    await capture.getByRole('button', { name: 'Add name' }).click();
    const queued = capture.getByRole('list', { name: 'Queued on this device' });
    await queued.getByText('Ada Byron, introduced by Stan Fields — queued').waitFor();
    await capture.getByText('1 not sent yet').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Nothing reached the server.
    expect((await api<Conversation>('GET', `/conversations/${meetingId}`)).outcomes.referrals).toEqual([]);

    // Back online: sent by itself, and shown as saved.
    await context.setOffline(false);
    await capture.getByRole('list', { name: 'Captured' }).getByText('Ada Byron').waitFor({ timeout: 30_000 });
    await queued.waitFor({ state: 'detached' });
    const saved = await api<Conversation>('GET', `/conversations/${meetingId}`);
    expect(saved.outcomes.referrals.map((r) => r.to?.displayName)).toEqual(['Ada Byron']);
    expect(await page.getByRole('status').filter({ hasText: 'Offline' }).count()).toBe(0);
  });
});
