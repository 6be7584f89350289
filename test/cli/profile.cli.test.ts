import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type CliResult } from '../support/cli.js';
import { pdfText } from '../support/pdf-text.js';
import { daysFromNow } from '../support/clock.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'profile');

describe('rapport CLI: profile, sheet, prep', { timeout: 120_000 }, () => {
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-profile-'));
    env = { RAPPORT_DATA_DIR: dataDir };
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports the LinkedIn archive, sets and shows the profile, and names the option in errors', () => {
    const imported = rapport('profile', 'import', ...['Profile.csv', 'Positions.csv', 'Skills.csv'].map((f) => path.join(fixtures, f)));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Read Skills\.csv \(linkedin-skills\)/);
    expect(imported.stdout).toMatch(/Filled: .*skills \(\+5\)/);

    const bad = rapport('profile', 'import', path.join(fixtures, 'bad-resume.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-resume\.json skills\[1\]\.name: /);

    const set = json<{ pitchShort: string; timeZone: string; workingDays: number[]; idealPosition: { remote: string } }>(
      'profile', 'set', '--pitch', 'I turn robotics prototypes into products.', '--remote', 'hybrid', '--tz', 'Europe/Paris', '--working-days', 'mon-thu',
    );
    expect(set).toMatchObject({ pitchShort: 'I turn robotics prototypes into products.', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4], idealPosition: { remote: 'hybrid' } });
    const badGoal = rapport('profile', 'set', '--goal-contacts', 'lots');
    expect(badGoal.code).toBe(2);
    expect(badGoal.stderr).toMatch(/--goal-contacts: /);
    const shown = rapport('profile', 'show');
    expect(shown.stdout).toMatch(/Pitch\s+I turn robotics prototypes into products\./);
    expect(shown.stdout).toMatch(/Working days\s+Mon Tue Wed Thu/);
  });

  it('writes the networking sheet as a one-page PDF with the pitch and the targets', async () => {
    for (const name of ['Globex', 'Umbrella Robotics']) expect(rapport('target', 'add', name).code).toBe(0);
    const file = path.join(dataDir, 'sheet.pdf');
    const res = rapport('sheet', '--pdf', file);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Wrote .*sheet\.pdf/);
    const { pages, text } = await pdfText(fs.readFileSync(file));
    expect(pages).toBe(1);
    expect(text).toContain('I turn robotics prototypes into products.');
    expect(text).toContain('Globex');
    expect(text).toContain('Umbrella Robotics');
    expect(rapport('sheet').stdout).toMatch(/1\. Globex[\s\S]*2\. Umbrella Robotics/);
  });

  it('prints the prep brief of a scheduled conversation', () => {
    expect(rapport('contact', 'add', 'Stan Fields', '--org', 'Globex', '--title', 'Engineering Manager').code).toBe(0);
    const at = daysFromNow(2);
    const conv = json<{ id: string }>('conversation', 'schedule', 'networking', '--with', 'Stan Fields', '--at', at);
    const text = rapport('prep', conv.id);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Prepare: Networking interview with Stan Fields/);
    expect(text.stdout).toMatch(/Stan Fields — Engineering Manager, Globex/);
    expect(text.stdout).toMatch(/#1 Globex — Stan Fields works there/);
    expect(text.stdout).toMatch(/I turn robotics prototypes into products\./);
    expect(text.stdout).toMatch(/Trends[\s\S]*Insights[\s\S]*Advice[\s\S]*Resources[\s\S]*Assignments/);
    const brief = json<{ people: { displayName: string }[]; questions: Record<string, string[]> }>('prep', conv.id);
    expect(brief.people.map((p) => p.displayName)).toEqual(['Stan Fields']);
    expect(Object.keys(brief.questions)).toEqual(['trends', 'insights', 'advice', 'resources', 'assignments']);
    const missing = rapport('prep', '01950000-0000-7000-8000-000000000000');
    expect(missing.code).toBe(3);
  });
});
