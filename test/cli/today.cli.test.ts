import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, Message, Today } from '../../src/contracts/action.schema.js';
import { mailtoUrl, outreachHints } from '../../src/web/features/today/message.js';
import { assertBuilt, runCli, type CliResult } from '../support/cli.js';
import { cliMinute, hoursFromNow } from '../support/clock.js';

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const allActions = (t: Today): Action[] => [...t.overdue, ...t.dueToday, ...t.comingUp];

/**
 * Seed 003 from the terminal: a networking interview where a name was offered gives a
 * thank-you, a next-day call and "reach the referral yourself"; done and snoozed actions leave Today.
 */
describe('rapport today and rapport action', { timeout: 120_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  const rapport = (...args: string[]): CliResult => runCli(args, env);
  const json = <T>(...args: string[]): T => {
    const res = rapport(...args, '--json');
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };
  const byRule = (t: Today, ruleId: string) => allActions(t).find((a) => a.ruleId === ruleId);

  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-today-'));
    env = { RAPPORT_DATA_DIR: dataDir };
    json('contact', 'add', 'Stan Fields', '--email', 'stan@acme.test');
    json('conversation', 'log', 'networking-interview', '--with', 'stan', '--offered', 'Ada Byron@Globex', '--at', cliMinute(hoursFromNow(-3)), '--tz', 'UTC');
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists the thank-you, the next-day call and reaching the referral, and the 6–10 band', () => {
    const today = json<Today>('today');
    const rules = allActions(today).map((a) => a.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['thank-you', 'next-day-call', 'reach-referral']));
    expect(today.inTheWorks.min).toBe(6);
    expect(today.inTheWorks.max).toBe(10);
    expect(byRule(today, 'reach-referral')?.reason).toMatch(/Stan Fields gave you the name of Ada Byron/);
    expect(byRule(today, 'thank-you')?.recipients).toEqual([expect.objectContaining({ displayName: 'Stan Fields', email: 'stan@acme.test' })]);
  });

  it('prints Today for a person: the next interview and the reasons, without colour codes under NO_COLOR', () => {
    const res = rapport('today');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Next interview');
    expect(res.stdout).toMatch(/networking interview with Stan Fields/);
    expect(res.stdout).toMatch(/contact Ada Byron yourself/);
    // eslint-disable-next-line no-control-regex
    expect(res.stdout).not.toMatch(/\u001b\[/);
  });

  it('proposes the thank-you message with a mailto: to Stan', () => {
    const thankYou = byRule(json<Today>('today'), 'thank-you');
    if (!thankYou) throw new Error('no thank-you action');
    const message = json<Message>('action', 'message', thankYou.id);
    expect(message.to).toEqual([{ displayName: 'Stan Fields', email: 'stan@acme.test' }]);
    expect(message.mailto).toMatch(/^mailto:stan@acme\.test\?subject=Thank%20you%2C%20Stan&body=Hi%20Stan%2C%0D%0A/);
    expect(message.hints.asksQuestion).toBe(true);

    // The message dialog rebuilds the link and the hints while the user edits: the same answers.
    expect(mailtoUrl(message.to.map((t) => t.email), message.subject, message.body)).toBe(message.mailto);
    const hints = outreachHints(message.body);
    expect({ words: hints.words, under75Words: hints.under75Words, asksQuestion: hints.asksQuestion, aboutThem: hints.aboutThem }).toEqual(message.hints);
  });

  it('done: the action leaves Today', () => {
    const thankYou = byRule(json<Today>('today'), 'thank-you');
    if (!thankYou) throw new Error('no thank-you action');
    const done = rapport('action', 'done', thankYou.id);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Done: Thank Stan Fields');
    expect(allActions(json<Today>('today')).map((a) => a.id)).not.toContain(thankYou.id);
    expect(json<Action[]>('action', 'list', '--status', 'done')).toEqual([expect.objectContaining({ id: thankYou.id, status: 'done' })]);
  });

  it('snooze: a bad date is refused naming --until; tomorrow hides the action', () => {
    const before = json<Today>('today');
    const call = byRule(before, 'next-day-call');
    if (!call) throw new Error('no next-day-call action');

    const bad = rapport('action', 'snooze', call.id, '--until', 'not-a-date');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--until');
    expect(allActions(json<Today>('today')).map((a) => a.id)).toContain(call.id);

    const tomorrow = nextDay(before.today);
    const snoozed = json<Action>('action', 'snooze', call.id, '--until', tomorrow);
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: tomorrow });
    expect(allActions(json<Today>('today')).map((a) => a.id)).not.toContain(call.id);
  });

  it('runs on the clock RAPPORT_CLOCK_START sets; a value that is not an instant is refused, naming the variable', () => {
    expect(json<Today>('today').today).toBe('2026-03-03');
    const thursday = runCli(['today', '--json'], { ...env, RAPPORT_CLOCK_START: '2026-03-05T14:00:00Z' });
    expect(thursday.code, thursday.stderr).toBe(0);
    expect((JSON.parse(thursday.stdout) as Today).today).toBe('2026-03-05');

    const bad = runCli(['today'], { ...env, RAPPORT_CLOCK_START: 'next tuesday' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('RAPPORT_CLOCK_START');
  });
});

/**
 * Seed 001 logged after the fact (issue 12): three interview rounds entered weeks late, then
 * the rejection. Today leads with asking Stan for feedback and says why; the thank-yous for the
 * rounds have expired (their moment passed) instead of nagging as overdue; a check-in that is
 * due today still comes after.
 */
describe('rapport today: the most important first, and why', { timeout: 120_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  const rapport = (...args: string[]): CliResult => runCli(args, env);
  const json = <T>(...args: string[]): T => {
    const res = rapport(...args, '--json');
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };

  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-today-first-'));
    env = { RAPPORT_DATA_DIR: dataDir };
    json('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--email', 'stan@acme.test');
    json('contact', 'add', 'Ann Lee', '--email', 'ann@initech.test');
    // Ann: a call six weeks ago, logged today — a check-in due today.
    json('conversation', 'log', 'call', '--with', 'Ann Lee', '--at', '2026-01-19 15:00', '--tz', 'UTC');
    json('opportunity', 'add', 'Robotics Engineer', '--org', 'Acme Robotics');
    // The rounds happened on 9, 16 and 23 Feb; they are logged today.
    for (const [round, day] of [['1', '09'], ['2', '16'], ['3', '23']] as const) {
      json('opportunity', 'round', 'Robotics Engineer', '--with', 'Stan Fields', '--round', round, '--at', `2026-02-${day} 15:00`, '--tz', 'UTC');
    }
    json('opportunity', 'reject', 'Robotics Engineer', '--rapport', 'Stan Fields');
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('the API order: asking Stan for feedback first, with why; no thank-you for the rounds, expired rather than overdue', () => {
    const today = json<Today>('today');
    expect(today.today).toBe('2026-03-03');
    const [first] = today.first;
    expect(first).toMatchObject({ ruleId: 'ask-feedback', title: 'Ask Stan Fields for feedback', dueOn: '2026-03-06' });
    expect(first?.whyFirst).toMatch(/Feedback after a rejection keeps the door open/);
    expect(today.now[0]?.id).toBe(first?.id);
    // The check-in is due today and the feedback only on Friday: the feedback still comes first.
    const rules = today.now.map((a) => a.ruleId);
    expect(rules).toContain('keep-in-touch');
    expect(rules.indexOf('ask-feedback')).toBeLessThan(rules.indexOf('keep-in-touch'));
    expect(today.dueToday.map((a) => a.ruleId)).toContain('keep-in-touch');
    // Three thank-yous 7, 14 and 21 days late would be pointless: none is open, none overdue.
    expect(allActions(today).filter((a) => a.ruleId === 'thank-you')).toEqual([]);
    expect(today.overdue).toEqual([]);
    expect(json<Action[]>('action', 'list').filter((a) => a.ruleId === 'thank-you')).toEqual([]);
  });

  it('prints the most important first, with its why line, before the sections by date', () => {
    const res = rapport('today');
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.split('\n');
    const lead = lines.findIndex((l) => l.startsWith('Now — most important first'));
    expect(lead).toBeGreaterThan(0);
    expect(lines[lead + 1]).toMatch(/^ {2}1\. .*Ask Stan Fields for feedback · due Fri 6 Mar/);
    expect(lines[lead + 2]).toMatch(/ask Stan Fields for feedback and advice/);
    expect(lines[lead + 3]).toMatch(/^ {5}Why first: Feedback after a rejection keeps the door open/);
    // Each action once: what leads is not repeated under its date.
    expect(res.stdout.match(/Ask Stan Fields for feedback ·/g)).toHaveLength(1);
    expect(res.stdout.indexOf('Check in with Ann Lee')).toBeGreaterThan(res.stdout.indexOf('Ask Stan Fields for feedback'));
    expect(res.stdout).not.toMatch(/Thank Stan Fields/);
    expect(res.stdout).not.toMatch(/Overdue/);
  });
});
