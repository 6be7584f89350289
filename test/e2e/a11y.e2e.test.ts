import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLOUR_RULES, axeViolations, settle, sidewaysOverflow, widestElements } from './axe.js';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, startServerProcess, type ServerProcess } from '../support/cli.js';
import { hoursFromNow } from '../support/clock.js';

const available = chromiumAvailable();

/**
 * Every page of the app, as a person reaches it. A route that needs records names them by key
 * (filled in once the workspace is populated); a new page is one more line here.
 */
export interface Ids {
  stan: string;
  longNote: string;
  done: string;
  scheduled: string;
  event: string;
  acme: string;
  opportunity: string;
}
interface RouteCheck {
  path: string | ((ids: Ids) => string);
  heading: string | RegExp;
  /** A form or settings page reads the same in an empty workspace: checked once, populated. */
  sameWhenEmpty?: true;
}
const ROUTES: RouteCheck[] = [
  { path: '/', heading: 'Today' },
  { path: '/contacts', heading: 'Contacts' },
  { path: '/contacts/new', heading: 'New contact', sameWhenEmpty: true },
  { path: '/conversations', heading: 'Conversations' },
  { path: '/conversations/new', heading: 'Log a conversation', sameWhenEmpty: true },
  { path: '/events', heading: 'Events' },
  { path: '/organizations', heading: 'Organizations' },
  { path: '/targets', heading: 'Target list' },
  { path: '/opportunities', heading: 'Opportunities' },
  { path: '/network', heading: 'Network' },
  { path: '/insights', heading: 'Insights' },
  { path: '/profile', heading: 'Profile' },
  { path: '/profile/sheet', heading: /./ },
  { path: '/settings', heading: 'Settings', sameWhenEmpty: true },
  { path: '/settings/playbook', heading: 'Playbook', sameWhenEmpty: true },
  { path: (i) => `/contacts/${i.stan}`, heading: 'Stan Fields' },
  { path: (i) => `/contacts/${i.stan}/edit`, heading: /Edit/ },
  { path: (i) => `/contacts/${i.longNote}`, heading: /Long Note/ },
  { path: (i) => `/conversations/${i.done}`, heading: /Networking interview/ },
  { path: (i) => `/conversations/${i.scheduled}/prep`, heading: /Prepare/ },
  { path: (i) => `/conversations/${i.scheduled}/meeting`, heading: /Meeting with/ },
  { path: (i) => `/events/${i.event}`, heading: 'Robotics meetup' },
  { path: (i) => `/organizations/${i.acme}`, heading: 'Acme Robotics' },
  { path: (i) => `/opportunities/${i.opportunity}`, heading: 'Robotics Engineer' },
];

const WIDTHS = [1280, 390] as const;

/**
 * Issue 19: every page, empty and populated, at desktop and phone width, passes axe-core's
 * WCAG 2.x A/AA rules with no serious or critical violation, and never scrolls sideways.
 * One server, one browser, one page: each route is a navigation, checked at both widths.
 */
describe.skipIf(!available)('every page is accessible and fits a phone', { timeout: 300_000 }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let routes: { path: string; heading: string | RegExp }[] = [];

  const api = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', p: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(`${server.url}/api${p}`, { method, ...(data !== undefined ? { data } : {}) });
    expect(response.ok(), `${method} ${p}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };

  /** Visits each route at each width; returns every problem found, one line each. */
  async function audit(paths: { path: string; heading: string | RegExp }[], widths: readonly number[] = WIDTHS, rules?: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const width of widths) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      for (const route of paths) {
        await page.goto(`${server.url}${route.path}`);
        await page.getByRole('heading', { level: 2, name: route.heading }).first().waitFor();
        await settle(page);
        for (const v of await axeViolations(page, rules)) problems.push(`${width}px ${route.path}: [${v.impact}] ${v.id} — ${v.help} at ${v.targets.join(' | ')}`);
        const overflow = await sidewaysOverflow(page);
        if (overflow > 0) problems.push(`${width}px ${route.path}: scrolls sideways by ${overflow}px (${(await widestElements(page)).join(', ')})`);
      }
    }
    return problems;
  }

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-a11y-'));
    server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir });
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1280, height: 900 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('empty workspace: every page passes axe and fits 390 px', async () => {
    const staticRoutes = ROUTES.flatMap((r) => (typeof r.path === 'string' && !r.sameWhenEmpty ? [{ path: r.path, heading: r.heading }] : []));
    expect(await audit(staticRoutes)).toEqual([]);
  });

  it('populated workspace (emoji and CJK names, a 10,000-character note, every kind of record): every page passes axe and fits 390 px', async () => {
    type Ref = { id: string };
    await api('PUT', '/profile', {
      headline: 'Robotics engineer 🤖 — 机器人工程师',
      pitchShort: 'Robotics engineer who ships controls software that works on the first day in the field.',
      idealPosition: { roles: ['Controls engineer'], responsibilities: ['Motion planning'], level: 'Senior', location: 'Lyon', remote: 'hybrid' },
      weeklyGoals: { newContacts: 5, conversations: 3, followUps: 5 },
    });
    const stan = await api<Ref>('POST', '/contacts', { givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics', title: 'Engineering Manager', emails: [{ value: 'stan@acme.test' }], sharedInterests: ['oenophile'] });
    await api<Ref>('POST', '/contacts', { givenName: '小龍', familyName: '李', organizationName: 'Globex 🚀', title: 'Directrice 🌟' });
    await api<Ref>('POST', '/contacts', { givenName: 'Zoë 🌱', familyName: 'Okafor', organizationName: 'Initech' });
    const longNote = await api<Ref>('POST', '/contacts', {
      givenName: 'Long',
      familyName: 'Note',
      notes: 'x'.repeat(10_000),
      linkedinUrl: `https://www.linkedin.com/in/${'a-very-long-profile-name-'.repeat(6)}x`,
      howWeMet: `https://example.test/${'segment/'.repeat(40)}`,
    });
    const done = await api<Ref>('POST', '/conversations', {
      kind: 'networking-interview',
      startsAt: hoursFromNow(-3),
      participants: [{ contactId: stan.id }],
      notes: `Talked about https://example.test/${'path-'.repeat(60)} and motion planning.`,
      outcomes: {
        namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron', organizationName: 'Globex 🚀' } }],
        companiesSuggested: [{ organizationName: 'Initech' }],
        advice: [{ kind: 'book', title: 'The 2-Hour Job Search' }],
      },
    });
    // Someone last seen long ago: keep-in-touch is late (red) for them.
    const old = await api<Ref>('POST', '/contacts', { givenName: 'Olga', familyName: 'Berg', organizationName: 'Hooli' });
    await api('POST', '/conversations', { kind: 'call', startsAt: hoursFromNow(-24 * 200), participants: [{ contactId: old.id }] });
    const scheduled = await api<Ref>('POST', '/conversations', { kind: 'informational-interview', status: 'scheduled', startsAt: hoursFromNow(26), participants: [{ contactId: stan.id }] });
    const event = await api<Ref>('POST', '/events', { name: 'Robotics meetup', startsAt: hoursFromNow(24 * 5), place: 'Lyon', attendeeIds: [stan.id] });
    const acme = await api<{ organizationId: string }>('POST', '/targets', { organizationName: 'Acme Robotics', motivation: 3, posting: 2 });
    const opportunity = await api<Ref>('POST', '/opportunities', { title: 'Robotics Engineer', organizationName: 'Acme Robotics', stage: 'interviewing', referrerContactId: stan.id, competingCandidates: 2 });
    await api('POST', '/opportunities', { title: 'Controls Lead', organizationName: 'Initech', stage: 'applied' });
    await api('POST', '/opportunities', { title: 'Automation Engineer', organizationName: 'Globex 🚀', stage: 'rejected' });
    const ids: Ids = { stan: stan.id, longNote: longNote.id, done: done.id, scheduled: scheduled.id, event: event.id, acme: acme.organizationId, opportunity: opportunity.id };
    routes = ROUTES.map((r) => ({ path: typeof r.path === 'string' ? r.path : r.path(ids), heading: r.heading }));
    expect(await audit(routes)).toEqual([]);
  });

  it('dark mode (the system setting): every populated page keeps its contrast at phone width', async () => {
    expect(routes.length).toBe(ROUTES.length);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe('dark');
    expect(await audit(routes, [390], COLOUR_RULES)).toEqual([]);
  });
});
