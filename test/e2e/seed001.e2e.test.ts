import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';
import { cliMinute, daysFromNow, hoursFromNow } from '../support/clock.js';

const available = chromiumAvailable();

type Ref = { id: string; displayName: string };
type Summary = { id: string; title: string; stage: string; version: number; roundCount: number };
type Action = { id: string; ruleId: string | null; title: string; reason: string; recipients: Ref[] };
type Today = { overdue: Action[]; dueToday: Action[]; comingUp: Action[] };

/**
 * Seed 001 in the browser: Roger interviews three rounds at Acme with Stan, is turned down, asks
 * Stan for feedback, takes his advice and tells him; Stan then invites him to interview for
 * another position on his team, which leads to an offer. At each step: Today, the board, the
 * network and Insights.
 */
describe.skipIf(!available)('seed 001: a job interview is a relationship', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const env = () => ({ RAPPORT_DATA_DIR: dataDir });
  const cli = (...args: string[]) => {
    const res = runCli(args, env());
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return res.stdout;
  };
  const api = async <T>(method: 'GET' | 'POST' | 'PATCH', p: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(`${server.url}/api${p}`, { method, ...(data !== undefined ? { data } : {}) });
    expect(response.ok(), `${method} ${p}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  const card = (title: string): Locator => page.locator('[data-opportunity-card]').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  const column = (label: string): Locator => page.getByRole('region', { name: label, exact: true });
  const actionRow = (title: string): Locator => page.getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });
  const openToday = async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
  };
  const openBoard = async () => {
    await page.goto(`${server.url}/opportunities`);
    await page.getByRole('heading', { name: 'Opportunities', exact: true }).waitFor();
  };
  const insightsStat = async (testId: string) => (await page.getByTestId(testId).innerText()).split('\n').map((l) => l.trim()).filter(Boolean)[1];

  let stan: Ref;

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-seed001-'));
    cli('contact', 'add', 'Ann Lee', '--org', 'Globex');
    cli('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager', '--email', 'stan@acme.test');
    // Ann introduced Roger to Stan long ago: the chain behind whatever Stan leads to.
    cli('referral', 'add', '--from', 'Ann Lee', '--to', 'Stan Fields', '--status', 'contacted');
    cli('target', 'add', 'Acme Robotics');
    cli('opportunity', 'add', 'Robotics Engineer', '--org', 'Acme Robotics', '--competing', '2', '--stage', 'applied');
    for (const [round, days] of [[1, 20], [2, 16], [3, 12]] as const) {
      cli('opportunity', 'round', 'Robotics Engineer', '--with', 'Stan Fields', '--round', String(round), '--at', cliMinute(daysFromNow(-days)), '--tz', 'UTC');
    }
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1400, height: 900 } }));
    stan = (await api<{ items: Ref[] }>('GET', '/contacts?q=stan')).items[0]!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows three rounds with Stan on the board, and Roger is turned down choosing Stan as the interviewer he had rapport with', async () => {
    await openBoard();
    const dream = card('Robotics Engineer');
    await column('Interviewing').locator('[data-opportunity-card]').filter({ hasText: 'Robotics Engineer' }).waitFor();
    expect(await dream.innerText()).toMatch(/Acme Robotics[\s\S]*3 rounds[\s\S]*2 others/);

    await dream.getByRole('link', { name: 'Robotics Engineer' }).click();
    await page.getByRole('heading', { name: 'Robotics Engineer', level: 2 }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Rounds' }).getByRole('row').count()).toBe(4);
    await page.getByRole('region', { name: 'Interviewers' }).getByRole('link', { name: 'Stan Fields' }).waitFor();

    await page.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Stan Fields' }).check();
    await dialog.getByRole('button', { name: 'Mark rejected' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('stage-select').inputValue()).toBe('rejected');
    await page.getByRole('region', { name: 'Interviewers' }).getByText('rapport').waitFor();

    await openBoard();
    await column('Rejected').locator('[data-opportunity-card]').filter({ hasText: 'Robotics Engineer' }).waitFor();
  });

  it('Today: ask Stan for feedback; the call captures his advice (2 books, 1 class); once taken, Today asks to tell him', async () => {
    await openToday();
    const ask = actionRow('Ask Stan Fields for feedback');
    await ask.waitFor();
    expect(await ask.innerText()).toMatch(/Acme Robotics turned you down for Robotics Engineer/);

    // The call with Stan, with his advice captured as data.
    const call = await api<{ id: string; outcomes: { advice: { id: string; title: string }[] } }>('POST', '/conversations', {
      kind: 'call',
      startsAt: hoursFromNow(-1),
      participants: [{ contactId: stan.id }],
      feedback: 'A stretch on controls theory; great rapport with the team.',
      outcomes: {
        advice: [
          { kind: 'book', title: 'Modern Robotics' },
          { kind: 'book', title: 'Feedback Systems' },
          { kind: 'course', title: 'Evening class: control systems' },
        ],
      },
    });
    expect(call.outcomes.advice).toHaveLength(3);
    // The feedback was asked: done, from Today.
    await openToday();
    await actionRow('Ask Stan Fields for feedback').getByRole('button', { name: 'Done', exact: true }).click();
    await expect.poll(() => actionRow('Ask Stan Fields for feedback').count()).toBe(0);

    // Roger buys the books and takes the class.
    for (const a of call.outcomes.advice) {
      const item = await api<{ version: number }>('GET', `/advice?contactId=${stan.id}`).then((list) => (list as unknown as { id: string; version: number }[]).find((x) => x.id === a.id)!);
      await api('PATCH', `/advice/${a.id}`, { version: item.version, status: 'done' });
    }
    await openToday();
    await expect.poll(() => actionRow('Tell Stan Fields you took their advice').count()).toBeGreaterThanOrEqual(1);
    const today = await api<Today>('GET', '/today');
    const all = [...today.overdue, ...today.dueToday, ...today.comingUp];
    expect(all.filter((a) => a.ruleId === 'advice-update').every((a) => a.recipients.some((r) => r.id === stan.id))).toBe(true);
  });

  it('Stan invites Roger to another position on his team: added from the board, moved by keyboard and by drag to an offer', async () => {
    await openBoard();
    await page.getByRole('button', { name: 'Add an opportunity' }).click();
    const form = page.getByRole('form', { name: 'Add an opportunity' });
    await form.getByLabel('Title').fill('Automation Engineer');
    await form.getByLabel('Organization').fill('Acme Robotics');
    await form.getByLabel('Other candidates').fill('0');
    await form.getByLabel('Referred by').fill('Stan');
    await page.getByRole('option', { name: 'Stan Fields (Acme Robotics)' }).click();
    await form.getByRole('button', { name: 'Add', exact: true }).click();

    const team = card('Automation Engineer');
    await column('Lead').locator('[data-opportunity-card]').filter({ hasText: 'Automation Engineer' }).waitFor();
    expect(await team.innerText()).toMatch(/Referred by Stan Fields[\s\S]*only candidate/);

    // Keyboard: ] to applied, Alt+→ to screening, ] to interviewing — waiting for each move to land.
    for (const [key, stage] of [[']', 'applied'], ['Alt+ArrowRight', 'screening'], [']', 'interviewing']] as const) {
      await team.focus();
      const moved = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
      await page.keyboard.press(key);
      expect((await moved).status()).toBe(200);
      await expect.poll(() => team.getAttribute('data-stage')).toBe(stage);
    }
    await column('Interviewing').locator('[data-opportunity-card]').filter({ hasText: 'Automation Engineer' }).waitFor();
    await expect.poll(async () => (await team.evaluate((el) => el === document.activeElement))).toBe(true);

    // Reaching interviewing is news for Ann, who introduced Roger to Stan.
    await openToday();
    await expect.poll(() => actionRow('Tell Ann Lee how the introduction helped').count()).toBeGreaterThanOrEqual(1);
    expect(await actionRow('Tell Ann Lee how the introduction helped').first().innerText()).toMatch(/Ann Lee introduced you to Stan Fields, and that chain led to an interview at Acme Robotics/);

    // Drag to Offer.
    await openBoard();
    const source = await team.boundingBox();
    const target = await column('Offer').boundingBox();
    expect(source && target).toBeTruthy();
    await page.mouse.move(source!.x + source!.width / 2, source!.y + 12);
    await page.mouse.down();
    await page.mouse.move(source!.x + source!.width / 2 + 20, source!.y + 20, { steps: 4 });
    const moved = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
    await page.mouse.move(target!.x + target!.width / 2, target!.y + 80, { steps: 12 });
    await page.mouse.up();
    expect((await moved).status()).toBe(200);
    await column('Offer').locator('[data-opportunity-card]').filter({ hasText: 'Automation Engineer' }).waitFor();

    const board = await api<{ items: Summary[] }>('GET', '/opportunities');
    expect(board.items.map((o) => [o.title, o.stage])).toEqual([
      ['Automation Engineer', 'offer'],
      ['Robotics Engineer', 'rejected'],
    ]);

    // The opportunity page names the chain: Ann → Stan → this offer.
    await team.getByRole('link', { name: 'Automation Engineer' }).click();
    await expect.poll(() => page.getByTestId('attribution').innerText()).toMatch(/Ann Lee\s*Stan Fields\s*this offer/);
    expect(await page.getByRole('region', { name: 'Stage history' }).innerText()).toMatch(/Interviewing → Offer/);
  });

  it('the network shows Stan, and the edge from Stan to the new opportunity on a path to an offer', async () => {
    await page.goto(`${server.url}/network?focus=${stan.id}`);
    await page.getByRole('heading', { name: 'Network', exact: true }).waitFor();
    await page.getByTestId('network-graph').locator('canvas').first().waitFor();
    const selected = page.getByRole('region', { name: 'Selected' });
    await selected.getByText('Stan Fields', { exact: true }).waitFor();
    await expect.poll(() => selected.getByRole('list', { name: 'Links' }).innerText()).toMatch(/Automation Engineer · Acme Robotics\s*referrer/);
    await expect.poll(() => page.getByTestId('paths').innerText()).toMatch(/Stan Fields → Automation Engineer · Acme Robotics\s*offer/i);
    expect(await page.getByTestId('paths').innerText()).toMatch(/Ann Lee → Stan Fields\s*offer/i);
    // Search narrows the graph; Enter on the graph opens the selected person.
    await page.getByRole('textbox', { name: 'Search the network' }).fill('Ann');
    await page.waitForURL(/q=Ann/);
    await page.getByTestId('network-graph').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${stan.id}$`));

    const network = await api<{ nodes: { id: string; path: string | null }[]; edges: { kind: string; source: string; path: string | null }[] }>('GET', `/network?focus=${stan.id}&depth=1`);
    expect(network.nodes.find((n) => n.id === stan.id)?.path).toBe('offer');
    expect(network.edges).toContainEqual(expect.objectContaining({ kind: 'referrer', source: stan.id, path: 'offer' }));
  });

  it('Insights counts the interviews by source and one offer', async () => {
    await page.goto(`${server.url}/insights`);
    await page.getByRole('heading', { name: 'Insights', exact: true }).waitFor();
    await expect.poll(() => insightsStat('stat-interviews')).toBe('4');
    expect(await insightsStat('stat-offers')).toBe('1');
    expect(await page.getByTestId('stat-interviews').innerText()).toMatch(/1 from networking · 3 from postings/);
    const funnel = page.getByRole('table', { name: 'From contacts to offers (table)' });
    expect(await funnel.getByRole('row', { name: /Offers/ }).innerText()).toMatch(/Offers\s+1/);
    await page.getByTestId('fig-sources').getByRole('switch', { name: 'Show table' }).check({ force: true });
    const sources = page.getByRole('table', { name: 'Interviews by source (table)' });
    await sources.waitFor({ state: 'visible' });
    expect(await sources.getByRole('row', { name: /Referral/ }).innerText()).toMatch(/Referral\s+1/);
    expect(await sources.getByRole('row', { name: /Posting/ }).innerText()).toMatch(/Posting\s+3/);
  });
});
