import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type CliResult } from '../support/cli.js';

/** Entering the same thing twice, and things no job search has, through the real binary. */
describe('rapport CLI: duplicates and guard rails at entry', { timeout: 120_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  const rapport = (...args: string[]): CliResult => runCli(args, env);
  const ok = (...args: string[]): string => {
    const res = rapport(...args);
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return res.stdout;
  };
  const total = (noun: string) => (JSON.parse(ok(noun, 'list', '--json')) as { total: number }).total;

  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-entry-'));
    env = { RAPPORT_DATA_DIR: dataDir };
    ok('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics');
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a conversation logged twice exits 4 naming the one already there; --force logs it anyway', () => {
    const log = ['conversation', 'log', 'networking-interview', '--with', 'Stan Fields', '--at', '2026-03-02 15:00', '--tz', 'UTC', '--offered', 'Ken Ito@Hooli'];
    const first = ok(...log).trim().split('\n').at(-1) ?? '';
    const [conversations, contacts] = [total('conversation'), total('contact')];
    const again = rapport(...log);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('Networking interview with Stan Fields on 2 Mar 2026, 15:00 (UTC) is already logged');
    expect(again.stderr).toContain(first);
    expect(again.stderr).toContain('--force');
    expect([total('conversation'), total('contact')]).toEqual([conversations, contacts]);
    expect(rapport(...log, '--force').code).toBe(0);
    expect(total('conversation')).toBe(conversations + 1);
  });

  it('a contact added twice exits 4 naming the contact already there and what matched; --force adds it anyway', () => {
    const stan = JSON.parse(ok('contact', 'show', 'Stan Fields', '--json')) as { contact: { id: string } };
    const before = total('contact');
    const again = rapport('contact', 'add', 'stan fields', '--org', 'ACME Robotics', '--email', 'sfields@example.test');
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('Stan Fields at Acme Robotics is already a contact');
    expect(again.stderr).toContain(stan.contact.id);
    expect(again.stderr).toContain('--force');
    expect(total('contact')).toBe(before);
    ok('contact', 'add', 'Dana Whit', '--email', 'dana@whit.test');
    const byEmail = rapport('contact', 'add', 'Dana Whitfield', '--email', 'DANA@whit.test');
    expect(byEmail.code).toBe(4);
    expect(byEmail.stderr).toContain('Dana Whit already has the email dana@whit.test');
    expect(byEmail.stderr).toMatch(/--email/);
    expect(rapport('contact', 'add', 'stan fields', '--org', 'ACME Robotics', '--force').code).toBe(0);
    expect(total('contact')).toBe(before + 2);
  });

  it('an interviewer who is not a contact yet is added as a new person at the opportunity\'s organization; one already there exits 4 naming them', () => {
    ok('contact', 'add', 'Lena Park', '--org', 'Initech', '--title', 'Director of Engineering');
    ok('opportunity', 'add', 'Controls Lead', '--org', 'Initech');
    ok('opportunity', 'interviewer', 'Controls Lead', 'Priya Raman', '--new', '--title', 'Hiring Manager');
    const priya = JSON.parse(ok('contact', 'show', 'Priya Raman', '--json')) as { contact: { organizationName: string; title: string } };
    expect(priya.contact).toMatchObject({ organizationName: 'Initech', title: 'Hiring Manager' });
    const lena = JSON.parse(ok('contact', 'show', 'Lena Park', '--json')) as { contact: { id: string } };
    const before = total('contact');
    const again = rapport('opportunity', 'interviewer', 'Controls Lead', 'lena park', '--new');
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('Lena Park at Initech is already a contact');
    expect(again.stderr).toContain(lena.contact.id);
    expect(again.stderr).toContain('--force');
    expect(total('contact')).toBe(before);
    ok('opportunity', 'interviewer', 'Controls Lead', 'Lena Park');
    expect(ok('opportunity', 'show', 'Controls Lead')).toMatch(/Interviewers: (Priya Raman, Lena Park|Lena Park, Priya Raman)/);
    expect(rapport('opportunity', 'interviewer', 'Controls Lead', 'Nobody Known').code).toBe(3);
  });
});
