import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type CliResult } from '../support/cli.js';

describe('rapport CLI: opportunities and insights', { timeout: 120_000 }, () => {
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-opp-'));
    env = { RAPPORT_DATA_DIR: dataDir };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('has help with an example for every command', () => {
    for (const sub of ['add', 'list', 'show', 'move', 'reject', 'convert', 'round', 'remove']) {
      const res = rapport('opportunity', sub, '--help');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/Example:\n {2}rapport opportunity/);
    }
    expect(rapport('insights', '--help').stdout).toMatch(/Example:/);
  });

  it('seed 001 from the terminal: rounds, rejection, a referral from Stan to an offer, and insights', () => {
    expect(rapport('contact', 'add', 'Stan Fields', '--org', 'Acme').code).toBe(0);
    const dream = json<{ id: string; stage: string }>('opportunity', 'add', 'Robotics Engineer', '--org', 'Acme', '--competing', '2');
    expect(dream.stage).toBe('lead');
    // A round a week (three rounds at one instant are now refused as the same interview logged twice).
    for (const [round, day] of [['1', '05'], ['2', '12'], ['3', '19']] as const) json('opportunity', 'round', 'Robotics Engineer', '--with', 'Stan Fields', '--round', round, '--at', `2026-01-${day} 10:00`, '--tz', 'UTC');
    const shown = rapport('opportunity', 'show', 'Robotics');
    expect(shown.stdout).toMatch(/Robotics Engineer at Acme · Interviewing/);
    expect(shown.stdout).toMatch(/Interviewers: Stan Fields/);
    const rejected = rapport('opportunity', 'reject', 'Robotics Engineer', '--rapport', 'Stan Fields');
    expect(rejected.stdout).toMatch(/Ask Stan Fields for feedback/);
    expect(rapport('today').stdout).toMatch(/Ask Stan Fields for feedback/);

    json('opportunity', 'add', 'Automation Engineer', '--org', 'Acme', '--referrer', 'Stan Fields');
    expect(rapport('opportunity', 'move', 'Automation', 'accepted').code).toBe(2);
    expect(rapport('opportunity', 'move', 'Automation', 'sideways').code).toBe(2);
    expect(rapport('opportunity', 'move', 'Automation', 'interviewing').stdout).toMatch(/Lead → Interviewing/);
    expect(json<{ stage: string }>('opportunity', 'move', 'Automation', 'offer').stage).toBe('offer');
    expect(rapport('opportunity', 'show', 'nothing-like-this').code).toBe(3);
    expect(rapport('opportunity', 'show', 'Acme').code).toBe(2);

    const list = rapport('opportunity', 'list');
    expect(list.stdout).toMatch(/Offer\s+Acme\s+Automation Engineer\s+Referral: Stan Fields/);
    const insights = json<{ funnel: { step: string; count: number }[]; interviews: { total: number; networking: number; posting: number } }>('insights');
    expect(insights.funnel.find((f) => f.step === 'offers')?.count).toBe(1);
    expect(insights.interviews).toMatchObject({ total: 4, networking: 1, posting: 3 });
    expect(rapport('insights').stdout).toMatch(/Interviews: 4 \(networking 1, postings 3\)/);
    expect(rapport('insights', '--weeks', '0').code).toBe(2);

    const converted = rapport('opportunity', 'add', 'Night shift', '--org', 'Acme', '--not-a-fit');
    expect(converted.code).toBe(0);
    const result = rapport('opportunity', 'convert', 'Night shift');
    expect(result.stdout).toMatch(/Trends:/);
    const removed = json<{ removed: { id: string } }>('opportunity', 'remove', 'Night shift');
    expect(removed.removed.id).toBeTruthy();
  });
});
