import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Today } from '../../src/contracts/action.schema.js';
import type { SettingsView } from '../../src/contracts/settings.schema.js';
import { DEFAULT_RULE_PRIORITY } from '../../src/domain/playbook/settings.js';
import { assertBuilt, runCli, type CliResult } from '../support/cli.js';

/**
 * `rapport playbook show | set` (issue 12): the order of importance on Today and each rule's
 * expiry window, shown and changed from the terminal; a bad value is refused naming the option
 * and changes nothing; a new order changes Today.
 */
describe('rapport playbook', { timeout: 120_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  const rapport = (...args: string[]): CliResult => runCli(args, env);
  const json = <T>(...args: string[]): T => {
    const res = rapport(...args, '--json');
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };
  const stored = () => json<SettingsView>('playbook', 'show').playbook;

  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-playbook-'));
    env = { RAPPORT_DATA_DIR: dataDir };
    json('contact', 'add', 'Stan Fields', '--org', 'Acme', '--email', 'stan@acme.test');
    // Yesterday's networking interview: the thank-you and the call are due today, Ada on Thursday.
    json('conversation', 'log', 'networking-interview', '--with', 'Stan Fields', '--offered', 'Ada Byron@Globex', '--at', '2026-03-02 15:00', '--tz', 'UTC');
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('show: every rule in order of importance, with its group and its expiry window', () => {
    const res = rapport('playbook', 'show');
    expect(res.code, res.stderr).toBe(0);
    const rows = res.stdout.split('\n').filter((l) => /^ +\d+\. /.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[1])).toEqual([...DEFAULT_RULE_PRIORITY]);
    expect(rows[0]).toMatch(/1\. ask-feedback +next interview +expires: 14 days after due$/);
    expect(res.stdout).toMatch(/thank-you +relationship +expires: 3 days after due\n/);
    expect(res.stdout).toMatch(/keep-in-touch +housekeeping +expires: never \(lasts while its condition holds\)\n/);
    expect(res.stdout).toMatch(/convert +next interview +expires: no window of its own \(given up 30 days after due\)\n/);
    expect(rapport('playbook', 'set', '--help').stdout).toMatch(/Examples:\n {2}rapport playbook set --window thank-you=3/);
  });

  it('set: a bad window or order is refused naming the option, and nothing changes', () => {
    const refused = (args: string[], message: RegExp) => {
      const res = rapport('playbook', 'set', ...args);
      expect(res.code, res.stdout).toBe(2);
      expect(res.stderr).toMatch(message);
    };
    refused(['--window', 'thank-you=45'], /--window thank-you: at most 30 days/);
    refused(['--window', 'thank-you=soon'], /--window thank-you: A whole number of days, or never/);
    refused(['--window', 'thank-you=-2'], /--window thank-you: At least 0 days/);
    refused(['--window', 'thank-you'], /--window: use rule=days or rule=never/);
    refused(['--window', 'keep-in-touch=5'], /--window keep-in-touch: keep-in-touch lasts while its condition holds/);
    refused(['--window', 'follow-the-money=5'], /--window follow-the-money: unknown rule/);
    refused(['--priority', 'thank-you,ask-feedback'], /--priority: every rule once: next-day-call, reach-referral, .* are missing/);
    refused(['--priority', [...DEFAULT_RULE_PRIORITY, 'thank-you'].join(',')], /--priority: every rule once: thank-you is listed twice/);
    refused(['--stale-after', '10'], /--stale-after: at least the longest expiry window \(act-on-advice: 30 days\)/);
    refused([], /Nothing to change/);
    expect(stored()).toEqual({});
  });

  it('set: windows change rule by rule; a new order changes Today; the resets bring the defaults back', () => {
    const saved = rapport('playbook', 'set', '--window', 'thank-you=7', '--window', 'keep-in-touch=never');
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/thank-you +relationship +expires: 7 days after due\n/);
    expect(json<SettingsView>('playbook', 'set', '--window', 'ask-feedback=21').playbook).toEqual({ windows: { 'thank-you': 7, 'keep-in-touch': null, 'ask-feedback': 21 } });

    // By default the call and the name come before the thank-you, all due today or Thursday.
    const first = () => json<Today>('today').first.map((a) => a.ruleId);
    expect(first()).toEqual(['next-day-call', 'reach-referral', 'thank-you']);
    const thanksFirst = ['thank-you', ...DEFAULT_RULE_PRIORITY.filter((id) => id !== 'thank-you')];
    expect(rapport('playbook', 'set', '--priority', thanksFirst.join(', ')).code).toBe(0);
    expect(first()[0]).toBe('thank-you');
    const printed = rapport('today').stdout;
    expect(printed).toMatch(/Now — most important first\n {2}1\. .*Thank Stan Fields/);
    expect(printed).toMatch(/Why first: A thank-you on time builds the relationship/);

    expect(json<SettingsView>('playbook', 'set', '--reset-priority', '--reset-windows').playbook).toEqual({});
    expect(first()).toEqual(['next-day-call', 'reach-referral', 'thank-you']);
  });
});
