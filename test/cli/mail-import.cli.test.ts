import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailImportPreview, MailImportResult } from '../../src/contracts/mail-import.schema.js';
import { assertBuilt, runCli } from '../support/cli.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/mail');
const gmail = path.join(fixtures, 'gmail-takeout.mbox');

describe('rapport import with mail and calendar files', () => {
  let dir: string;
  let env: Record<string, string>;
  const ok = (args: string[]) => {
    const res = runCli(args, env);
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return res;
  };

  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-mail-'));
    env = { RAPPORT_DATA_DIR: path.join(dir, 'data') };
    ok(['contact', 'add', 'Stan Fields', '--email', 'stan@acme.test', '--org', 'Acme Robotics']);
    ok(['contact', 'add', 'Ada Byron', '--email', 'ada@globex.test', '--org', 'Globex']);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recognises an mbox from its content, previews it with --dry-run and writes nothing', () => {
    // Named like nothing in particular: the content decides.
    const copy = path.join(dir, 'export');
    fs.copyFileSync(gmail, copy);
    const preview = JSON.parse(ok(['import', copy, '--dry-run', '--json', '--me', 'morgan.lee@example.test']).stdout) as MailImportPreview;
    expect(preview).toMatchObject({ format: 'mbox', fileName: 'export', counts: { records: 9, new: 4, automated: 2, skipped: 1, awaitingReply: 1, replied: 1 } });
    const text = ok(['import', copy, '--dry-run', '--me', 'morgan.lee@example.test']).stdout;
    expect(text).toMatch(/4 new conversations/);
    expect(text).toMatch(/message 8, line \d+ <broken-1@nowhere.test>: no Date header/);
    expect(text).toMatch(/Ravi Patel <ravi@initech.test> 2 messages/);
    expect(text).toMatch(/Nothing was written/);
    expect(JSON.parse(ok(['conversation', 'list', '--json']).stdout)).toMatchObject({ total: 0 });
  });

  it('imports once: the second run changes nothing', () => {
    const first = JSON.parse(ok(['import', gmail, '--json', '--me', 'morgan.lee@example.test']).stdout) as MailImportResult;
    expect(first).toMatchObject({ created: 4, skipped: 1 });
    const second = JSON.parse(ok(['import', gmail, '--json', '--me', 'morgan.lee@example.test']).stdout) as MailImportResult;
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(ok(['import', gmail, '--me', 'morgan.lee@example.test']).stdout).toMatch(/^Imported gmail-takeout.mbox: 0 new conversations, 0 updated, 4 already there, 1 skipped/);
  });

  it('imports a calendar invitation as a scheduled conversation, and refuses a damaged one naming the line', () => {
    const preview = ok(['import', path.join(fixtures, 'google-invite.ics'), '--dry-run']).stdout;
    expect(preview).toMatch(/Coffee with Stan Fields — Networking meeting/);
    const bad = path.join(dir, 'bad.ics');
    fs.writeFileSync(bad, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nnot a property\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    const res = runCli(['import', bad], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Line 5: not an iCalendar property: "not a property"; nothing was imported/);
  });
});
