import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newClockedPage } from '../support/browser.js';
import { assertBuilt, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';
import { daysFromNow, hoursFromNow } from '../support/clock.js';

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
  /** What a datetime-local input takes for an instant (the page runs in UTC). */
  const localInput = (iso: string) => iso.slice(0, 16);
  const openStan = async () => {
    await page.goto(`${server.url}/contacts?q=stan`);
    await page.getByRole('listitem').filter({ hasText: 'Stan Fields' }).click();
    await page.getByRole('heading', { name: 'Stan Fields', level: 2 }).waitFor();
  };
  const allActions = async () => {
    const today = await api<Today>('GET', '/today');
    return [...today.overdue, ...today.dueToday, ...today.comingUp];
  };

  beforeAll(async () => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-seed001-'));
    // Before the story: Roger knows Ann and Stan, Ann introduced him to Stan long ago, and Acme
    // Robotics is his top target. Everything from the posting on happens in the browser.
    cli('contact', 'add', 'Ann Lee', '--org', 'Globex');
    cli('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager', '--email', 'stan@acme.test');
    cli('referral', 'add', '--from', 'Ann Lee', '--to', 'Stan Fields', '--status', 'contacted');
    cli('target', 'add', 'Acme Robotics');
    server = await startServerProcess(env());
    browser = await launchChromium();
    ({ page } = await newClockedPage(browser, { viewport: { width: 1400, height: 900 }, timezoneId: 'UTC' }));
    stan = (await api<{ items: Ref[] }>('GET', '/contacts?q=stan')).items[0]!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('Roger puts his name on his profile: it signs his messages', async () => {
    await page.goto(`${server.url}/profile`);
    const you = page.getByRole('region', { name: 'You' });
    await you.getByLabel('Name').fill('Roger Dale');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(async () => (await api<{ name: string | null }>('GET', '/profile')).name).toBe('Roger Dale');
  });

  it('adds the dream job from the board, logs three rounds with Stan on its page, and is turned down choosing Stan as the interviewer he had rapport with', async () => {
    await openBoard();
    await page.getByRole('button', { name: 'Add an opportunity' }).click();
    const form = page.getByRole('form', { name: 'Add an opportunity' });
    await form.getByLabel('Title').fill('Robotics Engineer');
    await form.getByLabel('Organization').fill('Acme Robotics');
    await form.getByLabel('Other candidates').fill('2');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    const dream = card('Robotics Engineer');
    await column('Lead').locator('[data-opportunity-card]').filter({ hasText: 'Robotics Engineer' }).waitFor();

    await dream.getByRole('link', { name: 'Robotics Engineer' }).click();
    await page.getByRole('heading', { name: 'Robotics Engineer', level: 2 }).waitFor();
    // Stan interviewed him: found among the contacts and added.
    const interviewers = page.getByRole('region', { name: 'Interviewers' });
    await interviewers.getByLabel('Add an interviewer', { exact: true }).fill('Stan');
    await page.getByRole('option', { name: 'Stan Fields (Acme Robotics)' }).click();
    await interviewers.getByRole('button', { name: 'Add', exact: true }).click();
    await interviewers.getByRole('link', { name: 'Stan Fields' }).waitFor();

    // Three rounds, a few days apart, logged after the fact on the opportunity page.
    const rounds = page.getByRole('table', { name: 'Rounds' });
    for (const [i, days] of [20, 16, 12].entries()) {
      const log = page.getByRole('form', { name: 'Log an interview round' });
      await log.getByText(`Log round ${i + 1}`).waitFor();
      await expect.poll(() => log.innerText()).toContain('Stan Fields');
      await log.getByLabel('When').fill(localInput(daysFromNow(-days)));
      await log.getByRole('button', { name: 'Log round' }).click();
      await expect.poll(() => rounds.getByRole('row').count()).toBe(i + 2);
    }
    expect(await rounds.innerText()).toMatch(/1\s[\s\S]*Job interview\s+Stan Fields[\s\S]*2\s[\s\S]*3\s/);

    await openBoard();
    await column('Interviewing').locator('[data-opportunity-card]').filter({ hasText: 'Robotics Engineer' }).waitFor();
    expect(await dream.innerText()).toMatch(/Acme Robotics[\s\S]*3 rounds[\s\S]*2 others/);

    await dream.getByRole('link', { name: 'Robotics Engineer' }).click();
    await page.getByRole('heading', { name: 'Robotics Engineer', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Stan Fields' }).check();
    await dialog.getByRole('button', { name: 'Mark rejected' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('stage-select').inputValue()).toBe('rejected');
    await page.getByRole('region', { name: 'Interviewers' }).getByText('rapport').waitFor();

    await openBoard();
    await column('Rejected').locator('[data-opportunity-card]').filter({ hasText: 'Robotics Engineer' }).waitFor();
    const board = await api<{ items: Summary[] }>('GET', '/opportunities');
    expect(board.items.map((o) => [o.title, o.stage, o.roundCount])).toEqual([['Robotics Engineer', 'rejected', 3]]);
  });

  it('Today: ask Stan for feedback; the call captures his feedback and advice (2 books, 1 class); Today proposes doing each; done, it proposes telling Stan, signed by Roger', async () => {
    await openToday();
    const ask = actionRow('Ask Stan Fields for feedback');
    await ask.waitFor();
    expect(await ask.innerText()).toMatch(/Acme Robotics turned you down for Robotics Engineer/);

    // The call with Stan, logged from his page, with his feedback and advice captured as data.
    await openStan();
    await page.getByRole('link', { name: 'Log conversation' }).click();
    await page.getByRole('heading', { name: 'Log a conversation' }).waitFor();
    const conversation = page.getByRole('form', { name: 'Log a conversation' });
    await conversation.getByText('Stan Fields (Acme Robotics)', { exact: true }).waitFor();
    await conversation.getByLabel('Kind').first().selectOption('call');
    await conversation.getByLabel('Date and time').fill(localInput(hoursFromNow(-1)));
    await conversation.getByLabel('Feedback received').fill('A stretch on controls theory; great rapport with the team.');
    for (const [i, [kind, title]] of ([['book', 'Modern Robotics'], ['book', 'Feedback Systems'], ['course', 'Evening class: control systems']] as const).entries()) {
      await conversation.getByRole('button', { name: 'Add advice' }).click();
      const advice = conversation.getByRole('group', { name: `Advice ${i + 1}` });
      await advice.getByLabel('Kind').selectOption(kind);
      await advice.getByLabel('Advice', { exact: true }).fill(title);
    }
    await conversation.getByRole('button', { name: 'Log conversation' }).click();
    await page.getByRole('heading', { name: 'Call with Stan Fields' }).waitFor();
    const call = await api<{ kind: string; feedback: string | null; outcomes: { advice: { title: string }[] } }>('GET', `/conversations/${page.url().split('/').at(-1)}`);
    expect(call).toMatchObject({ kind: 'call', feedback: 'A stretch on controls theory; great rapport with the team.' });
    expect(call.outcomes.advice.map((a) => a.title)).toEqual(['Modern Robotics', 'Feedback Systems', 'Evening class: control systems']);

    // The feedback was asked: done, from Today.
    await openToday();
    await actionRow('Ask Stan Fields for feedback').getByRole('button', { name: 'Done', exact: true }).click();
    await expect.poll(() => actionRow('Ask Stan Fields for feedback').count()).toBe(0);

    // Today proposes doing each piece of advice (act-on-advice).
    for (const todo of ['Get and read Modern Robotics', 'Get and read Feedback Systems', 'Enrol in Evening class: control systems']) {
      await actionRow(todo).waitFor();
    }
    expect(await actionRow('Get and read Modern Robotics').innerText()).toMatch(/Stan Fields recommended the book Modern Robotics/);
    expect((await allActions()).filter((a) => a.ruleId === 'act-on-advice')).toHaveLength(3);

    // Roger buys the books (ticked on Today) and enrols in the class (ticked on Stan's page).
    for (const todo of ['Get and read Modern Robotics', 'Get and read Feedback Systems']) {
      await actionRow(todo).getByRole('button', { name: 'Done', exact: true }).click();
      await expect.poll(() => actionRow(todo).count()).toBe(0);
    }
    await openStan();
    const adviceFromStan = page.getByRole('region', { name: 'Advice from them' });
    await adviceFromStan.getByRole('checkbox', { name: 'Done: Evening class: control systems' }).check();
    await expect.poll(() => adviceFromStan.getByRole('checkbox', { name: 'Done: Evening class: control systems' }).isChecked()).toBe(true);
    for (const title of ['Modern Robotics', 'Feedback Systems']) {
      expect(await adviceFromStan.getByRole('checkbox', { name: `Done: ${title}` }).isChecked()).toBe(true);
    }

    // Each step of the way, Roger tells Stan: Today proposes the update for each piece of advice.
    await openToday();
    await expect.poll(() => actionRow('Enrol in Evening class: control systems').count()).toBe(0);
    const tell = actionRow('Tell Stan Fields you took their advice');
    await expect.poll(() => tell.count()).toBe(3);
    const updates = (await allActions()).filter((a) => a.ruleId === 'advice-update');
    expect(updates).toHaveLength(3);
    expect(updates.every((a) => a.recipients.map((r) => r.id).join() === stan.id)).toBe(true);
    expect((await allActions()).filter((a) => a.ruleId === 'act-on-advice')).toEqual([]);

    // The update about the books: the email, signed with Roger's name, then done (and logged).
    await tell.filter({ hasText: 'Modern Robotics' }).getByRole('button', { name: 'Message' }).click();
    const message = page.getByRole('dialog', { name: 'Message: Tell Stan Fields you took their advice' });
    expect(await message.getByLabel('Subject').inputValue()).toBe('I took your advice: Modern Robotics');
    const body = await message.getByLabel('Message').inputValue();
    expect(body).toMatch(/^Hi Stan,\n\nYou recommended Modern Robotics, and I took your advice\./);
    expect(body).toMatch(/\nBest,\nRoger Dale$/);
    await message.getByText('Stan Fields <stan@acme.test>').waitFor();
    await message.getByRole('button', { name: 'Done — log it' }).click();
    await message.waitFor({ state: 'hidden' });
    await expect.poll(() => tell.count()).toBe(2);
    // The other two the same way, from their rows.
    for (const title of ['Feedback Systems', 'Evening class: control systems']) {
      await tell.filter({ hasText: title }).getByRole('button', { name: 'Done', exact: true }).click();
      await expect.poll(() => tell.filter({ hasText: title }).count()).toBe(0);
    }
    expect((await allActions()).filter((a) => a.ruleId === 'advice-update')).toEqual([]);
    const advice = await api<{ title: string; status: string; updateSentAt: string | null }[]>('GET', `/advice?contactId=${stan.id}`);
    expect(advice.map((a) => [a.title, a.status, a.updateSentAt !== null]).sort()).toEqual([
      ['Evening class: control systems', 'done', true],
      ['Feedback Systems', 'done', true],
      ['Modern Robotics', 'done', true],
    ]);
    // The update was logged as an email to Stan.
    const emails = await api<{ items: { kind: string; title: string | null }[] }>('GET', `/conversations?contactId=${stan.id}`);
    expect(emails.items.filter((c) => c.kind === 'email')).toHaveLength(1);
  });

  it('Stan calls about another position on his team: the call logged, the role added from the board, moved by keyboard and by drag to an offer', async () => {
    // Stan's call, logged from his page.
    await openStan();
    await page.getByRole('link', { name: 'Log conversation' }).click();
    const conversation = page.getByRole('form', { name: 'Log a conversation' });
    await conversation.getByText('Stan Fields (Acme Robotics)', { exact: true }).waitFor();
    await conversation.getByLabel('Kind').first().selectOption('call');
    await conversation.getByLabel('Notes').fill('Stan called: a position opened on his team (Automation Engineer); he asked me to interview.');
    await conversation.getByLabel('Next steps agreed').fill('Send my résumé to Stan today.');
    await conversation.getByRole('button', { name: 'Log conversation' }).click();
    await page.getByRole('heading', { name: 'Call with Stan Fields' }).waitFor();
    const later = await api<{ kind: string; status: string; notes: string | null; participants: Ref[] }>('GET', `/conversations/${page.url().split('/').at(-1)}`);
    expect(later).toMatchObject({ kind: 'call', status: 'done', notes: expect.stringContaining('a position opened on his team'), participants: [expect.objectContaining({ id: stan.id })] });
    expect((await api<{ total: number }>('GET', `/conversations?contactId=${stan.id}&kind=call`)).total).toBe(2);

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
