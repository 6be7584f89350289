import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../src/contracts/organization.schema.js';
import type { Target, TargetList } from '../../src/contracts/target.schema.js';
import { assertBuilt, runCli } from '../support/cli.js';

describe('rapport organization and rapport target', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const json = <T>(args: string[]): T => {
    const res = runCli([...args, '--json'], env);
    expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };
  const targetOrder = (order = 'rank') => json<TargetList>(['target', 'list', '--order', order]).items.map((t) => t.organizationName);

  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-org-'));
    env = { RAPPORT_DATA_DIR: dataDir };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  // Each test runs 10–20 real CLI processes, about a second each on a busy machine.
  const slow = { timeout: 90_000 };

  it('prints help for every command', slow, () => {
    const commands = [
      ['organization'],
      ['organization', 'add'],
      ['organization', 'list'],
      ['organization', 'show'],
      ['organization', 'edit'],
      ['organization', 'remove'],
      ['target'],
      ['target', 'add'],
      ['target', 'list'],
      ['target', 'move'],
      ['target', 'set'],
      ['target', 'remove'],
      ['target', 'rank-by-lamp'],
    ];
    for (const args of commands) {
      const help = runCli([...args, '--help'], env);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/Usage: rapport/);
    }
    expect(runCli(['organization', 'remove', '--help'], env).stdout).toMatch(/keep-history/);
  });

  it('adds, lists, shows, edits and removes organizations, saying what references them', slow, () => {
    const acme = json<Organization>(['organization', 'add', 'Acme Robotics', '--website', 'acme.test', '--industry', 'Robotics']);
    expect(acme).toMatchObject({ name: 'Acme Robotics', website: 'https://acme.test', contactCount: 0 });
    expect(runCli(['contact', 'add', 'Stan Fields', '--org', 'acme robotics', '--title', 'Engineering Manager'], env).code).toBe(0);

    const list = runCli(['organization', 'list'], env);
    expect(list.stdout).toMatch(/Acme Robotics\s+1\s+Robotics/);
    const show = runCli(['organization', 'show', 'acme'], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Acme Robotics');
    expect(show.stdout).toMatch(/Stan Fields\s+Engineering Manager/);

    const edit = runCli(['organization', 'edit', 'acme robotics', '--location', 'Denver', '--name', 'Acme Robotics Inc'], env);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('Updated Acme Robotics Inc');
    expect(json<Organization>(['organization', 'show', acme.id])).toMatchObject({ location: 'Denver', version: 2 });

    const removed = runCli(['organization', 'remove', acme.id], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('1 contact works there');
    expect(removed.stdout).toContain('the history keeps its name');
    expect(json<{ total: number }>(['organization', 'list', '--search', 'acme']).total).toBe(0);
    // The contact keeps the name.
    expect(runCli(['contact', 'show', 'stan'], env).stdout).toContain('Acme Robotics Inc');

    json(['organization', 'add', 'Doomed Co']);
    const gone = json<{ mode: string; references: { total: number } }>(['organization', 'remove', 'doomed co', '--mode', 'remove']);
    expect(gone).toMatchObject({ mode: 'remove', references: { total: 0 } });
    expect(runCli(['organization', 'show', 'Doomed Co'], env).code).toBe(3);
  });

  it('builds, ranks and edits the target list', slow, () => {
    runCli(['contact', 'add', 'Vic Vale', '--org', 'Globex', '--title', 'VP Engineering'], env);
    const globex = json<Target>(['target', 'add', 'Globex', '--motivation', '3', '--posting', '2', '--suggested-by', 'stan']);
    expect(globex).toMatchObject({ rank: 1, motivation: 3, posting: 2, advocacy: 1, suggestedBy: { displayName: 'Stan Fields' } });
    expect(globex.coverage).toMatchObject({ contactCount: 1, bestContact: { displayName: 'Vic Vale' }, stage: 2 });
    json(['target', 'add', 'Initech', '--motivation', '1']);
    const added = runCli(['target', 'add', 'Umbrella', '--status', 'networking'], env);
    expect(added.stdout).toMatch(/Added Umbrella to the target list at rank 3/);
    expect(added.stderr).toContain('created the organization "Umbrella"');
    expect(targetOrder()).toEqual(['Globex', 'Initech', 'Umbrella']);

    const table = runCli(['target', 'list'], env);
    expect(table.stdout).toMatch(/RANK\s+ORGANIZATION\s+M\s+A\s+P\s+STATUS\s+CONTACTS\s+BEST CONTACT\s+LAST TOUCH\s+STAGE/);
    expect(table.stdout).toMatch(/1\s+Globex\s+3\s+1\s+2\s+Researching\s+1\s+Vic Vale, VP Engineering\s+—\s+2/);

    expect(runCli(['target', 'move', 'umbrella', '1'], env).stdout).toContain('Moved Umbrella to rank 1');
    expect(targetOrder()).toEqual(['Umbrella', 'Globex', 'Initech']);
    json(['target', 'move', 'umbrella', '99']);
    expect(targetOrder()).toEqual(['Globex', 'Initech', 'Umbrella']);

    const set = runCli(['target', 'set', 'initech', '--motivation', '3', '--posting', '3', '--status', 'in-process'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Updated Initech: motivation 3, posting 3, in process');
    expect(targetOrder('lamp')).toEqual(['Initech', 'Globex', 'Umbrella']);
    expect(targetOrder()).toEqual(['Globex', 'Initech', 'Umbrella']);
    expect(json<TargetList>(['target', 'rank-by-lamp']).items.map((t) => `${t.rank}:${t.organizationName}`)).toEqual(['1:Initech', '2:Globex', '3:Umbrella']);

    expect(runCli(['target', 'remove', 'globex'], env).stdout).toContain('Removed Globex from the target list');
    expect(json<TargetList>(['target', 'list']).items.map((t) => `${t.rank}:${t.organizationName}`)).toEqual(['1:Initech', '2:Umbrella']);
    // The organization itself stays.
    expect(json<Organization>(['organization', 'show', 'globex'])).toMatchObject({ onTargetList: false, contactCount: 1 });
  });

  it('names the bad option and exits 2, 3 or 4 without writing anything', slow, () => {
    const before = targetOrder();
    const bad = runCli(['target', 'add', 'Bad Scores', '--motivation', '4', '--posting', 'lots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--motivation: Motivation is 0–3');
    expect(bad.stderr).toContain('--posting:');
    expect(runCli(['target', 'add', 'Bad Status', '--status', 'hot'], env).code).toBe(2);
    const badMove = runCli(['target', 'move', 'initech', '0'], env);
    expect(badMove.code).toBe(2);
    expect(badMove.stderr).toContain('<position>: Positions start at 1');
    expect(runCli(['target', 'set', 'initech'], env).code).toBe(2);
    expect(runCli(['organization', 'add', ' '], env).stderr).toContain('<name>: Required');
    expect(runCli(['organization', 'add', 'Web Co', '--website', 'not a url'], env).stderr).toContain('--website: Not a valid URL');
    expect(runCli(['organization', 'remove', 'initech', '--mode', 'shred'], env).code).toBe(2);
    expect(runCli(['target', 'add', 'Suggested Co', '--suggested-by', 'nobody-at-all'], env).code).toBe(3);

    expect(runCli(['target', 'move', 'no-such-org', '1'], env).code).toBe(3);
    const notListed = runCli(['target', 'set', 'globex', '--motivation', '1'], env);
    expect(notListed.code).toBe(3);
    expect(notListed.stderr).toContain('Globex is not on the target list');

    const duplicate = runCli(['target', 'add', 'INITECH'], env);
    expect(duplicate.code).toBe(4);
    expect(duplicate.stderr).toContain('already on the target list');
    expect(runCli(['organization', 'add', 'initech'], env).code).toBe(4);

    json(['organization', 'add', 'Nova One']);
    json(['organization', 'add', 'Nova Two']);
    const ambiguous = runCli(['organization', 'show', 'nova'], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/matches 2 organizations/);

    expect(targetOrder()).toEqual(before);
    expect(json<{ items: { name: string }[] }>(['organization', 'list', '--search', 'bad']).items).toEqual([]);
  });
});
