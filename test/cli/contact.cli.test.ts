import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../support/cli.js';
import { createTestDatabase, isPostgresReachable } from '../support/test-database.js';

describe('rapport CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));
    env = { RAPPORT_DATA_DIR: dataDir };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints its version and help for every command', () => {
    const version = runCli(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const args of [['--help'], ['contact', '--help'], ['contact', 'add', '--help'], ['contact', 'list', '--help'], ['contact', 'edit', '--help'], ['serve', '--help'], ['db', 'migrate', '--help']]) {
      const help = runCli(args, env);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/Usage: rapport/);
    }
  });

  it('adds, lists, shows, edits and removes a contact, in the user data directory', () => {
    const add = runCli(['contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager', '--email', 'stan@acme.test', '--tag', 'adviser', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const stan = JSON.parse(add.stdout) as { id: string; givenName: string; familyName: string };
    expect(stan).toMatchObject({ givenName: 'Stan', familyName: 'Fields' });
    expect(fs.existsSync(path.join(dataDir, 'rapport.sqlite'))).toBe(true);

    const list = runCli(['contact', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Stan Fields\s+Acme Robotics\s+Engineering Manager\s+stan@acme\.test/);

    const edit = runCli(['contact', 'edit', 'stan', '--title', 'Director', '--add-tag', 'mentor'], env);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('Updated Stan Fields');

    const show = runCli(['contact', 'show', stan.id, '--json'], env);
    expect(JSON.parse(show.stdout)).toMatchObject({ contact: { title: 'Director', tags: ['adviser', 'mentor'], version: 2 }, insight: { searchStage: 1 } });

    const searched = JSON.parse(runCli(['contact', 'list', '--search', 'acme', '--json'], env).stdout) as { total: number };
    expect(searched.total).toBe(1);

    const remove = runCli(['contact', 'remove', stan.id], env);
    expect(remove.code).toBe(0);
    expect(runCli(['contact', 'show', stan.id], env).code).toBe(3);
  });

  it('names the bad option and exits 2 without writing anything', () => {
    const before = JSON.parse(runCli(['contact', 'list', '--json'], env).stdout) as { total: number };
    const bad = runCli(['contact', 'add', 'Ann Lee', '--email', 'not-an-email', '--linkedin', 'https://example.com/ann'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email: Not a valid email address');
    expect(bad.stderr).toContain('--linkedin: Must be a linkedin.com address');
    const noName = runCli(['contact', 'add', '--org', 'Acme'], env);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--given: Give a first or a last name');
    expect(runCli(['contact', 'list', '--limit', 'many'], env).code).toBe(2);
    expect(runCli(['contact', 'frobnicate'], env).code).toBe(2);
    const after = JSON.parse(runCli(['contact', 'list', '--json'], env).stdout) as { total: number };
    expect(after.total).toBe(before.total);
  });

  it('refuses an ambiguous name and lists the candidates', () => {
    runCli(['contact', 'add', 'Ann Lee'], env);
    runCli(['contact', 'add', 'Ann Park'], env);
    const ambiguous = runCli(['contact', 'show', 'ann'], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/matches 2 contacts/);
    expect(ambiguous.stderr).toContain('Ann Park');
  });

  it('says clearly when the environment is wrong', () => {
    const res = runCli(['contact', 'list'], { ...env, DATABASE_URL: 'mysql://nope' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('DATABASE_URL must start with postgres://');
  });

  it('migrates on demand and reports the database is up to date', () => {
    const res = runCli(['db', 'migrate', '--json'], env);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ database: 'sqlite', applied: [] });
  });

  it('works the same on PostgreSQL with DATABASE_URL', async () => {
    if (!(await isPostgresReachable())) return;
    const pgdb = await createTestDatabase('postgres');
    try {
      const add = runCli(['contact', 'add', 'Pat Gres', '--org', 'Elephant Inc', '--json'], pgdb.env);
      expect(add.code, add.stderr).toBe(0);
      const listed = JSON.parse(runCli(['contact', 'list', '--json'], pgdb.env).stdout) as { items: { displayName: string; organizationName: string }[] };
      expect(listed.items).toEqual([expect.objectContaining({ displayName: 'Pat Gres', organizationName: 'Elephant Inc' })]);
    } finally {
      await pgdb.destroy();
    }
  });
});
