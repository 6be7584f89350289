import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportResult, RestoreResult } from '../../src/contracts/transfer.schema.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { linkedInArchive, writeArchive } from '../support/linkedin-archive.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/imports');
const linkedin = path.join(fixtures, 'linkedin/connections-2024.csv');

interface ContactList {
  total: number;
  items: Array<{ id: string; displayName: string; organizationName: string | null; title: string | null }>;
}

describe('rapport import, export, backup, restore and merge', () => {
  let dir: string;
  let env: Record<string, string>;
  const list = (e = env) => JSON.parse(runCli(['contact', 'list', '--json', '--limit', '500'], e).stdout) as ContactList;

  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-transfer-'));
    env = { RAPPORT_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('previews with --dry-run --json and writes nothing', () => {
    const res = runCli(['import', linkedin, '--dry-run', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    const preview = JSON.parse(res.stdout) as ImportPreview;
    expect(preview).toMatchObject({ format: 'linkedin', fileName: 'connections-2024.csv', counts: { new: 7, matched: 0, skipped: 2, warnings: 0 } });
    expect(list().total).toBe(0);
    const text = runCli(['import', linkedin, '--dry-run'], env);
    expect(text.stdout).toMatch(/7 new contacts/);
    expect(text.stdout).toMatch(/2 hidden or deleted LinkedIn member: lines 8, 12/);
    expect(text.stdout).toMatch(/Nothing was written/);
  });

  it('imports, then reports 0 new on the same file again', () => {
    const first = runCli(['import', linkedin, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout) as ImportResult).toMatchObject({ created: 7, skipped: 2, organizationsCreated: 6 });
    const again = runCli(['import', linkedin], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Imported connections-2024\.csv: 0 new contacts, 0 updated, 7 unchanged/);
    expect(list().items.map((c) => c.displayName)).toContain('Maren Holloway');
  });

  it('previews the values a malformed file would lose by line and field, then imports every person', () => {
    const before = list().total;
    const malformed = path.join(fixtures, 'linkedin/connections-malformed.csv');
    const preview = runCli(['import', malformed, '--dry-run'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/3 contacts without some of their values/);
    expect(preview.stdout).toMatch(/line 6: Email Address: "femi\(at\)example\.com" is not an email address; left out/);
    expect(preview.stdout).toMatch(/1 a quoted cell is never closed \(a missing "\): line 9/);
    const json = JSON.parse(runCli(['import', malformed, '--dry-run', '--json'], env).stdout) as ImportPreview;
    expect(json.warnings.map((w) => [w.line, w.field])).toEqual([
      [6, 'Email Address'],
      [7, 'Connected On'],
      [11, 'URL'],
    ]);
    expect(list().total).toBe(before);
    const imported = runCli(['import', malformed, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 6, skipped: 2, warnings: 3 });
  });

  it('refuses a file over the 20 MiB limit, a missing file and a file that is no contact file (exit 2)', () => {
    const big = path.join(dir, 'huge.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 21 * 1024 * 1024);
    const res = runCli(['import', big], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/21 MiB; the import limit is 20 MiB/);
    expect(runCli(['import', path.join(dir, 'missing.csv')], env).code).toBe(2);
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'just text\n');
    expect(runCli(['import', notes], env).code).toBe(2);
  });

  it('reads a Thunderbird address book, shows its columns, and takes --map for a CSV of other column names', () => {
    const thunderbird = path.join(fixtures, 'thunderbird/thunderbird-en.csv');
    const preview = runCli(['import', thunderbird, '--dry-run'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/Thunderbird address book, 5 records/);
    expect(preview.stdout).toMatch(/Primary Email\s+→ email/);
    expect(preview.stdout).toMatch(/line 5: Primary Email: "ines\(at\)example" is not an email address; left out/);

    const carnet = path.join(dir, 'carnet.csv');
    fs.writeFileSync(carnet, 'Courriel;Qui;Boîte\nines.map@example.org;Inès Mapping;Bureau Carto\n');
    // Not enough is recognised to import it as it is; a dry run shows the columns to name.
    const refused = runCli(['import', carnet], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--map "COLUMN=FIELD"/);
    const unmapped = runCli(['import', carnet, '--dry-run'], env);
    expect(unmapped.code, unmapped.stderr).toBe(0);
    expect(unmapped.stdout).toMatch(/Courriel\s+→ email/);
    expect(unmapped.stdout).toMatch(/Qui\s+→ not recognised, not read\s+e\.g\. Inès Mapping/);
    const badColumn = runCli(['import', carnet, '--map', 'Firma=organization'], env);
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr).toMatch(/mapping\.Firma: the file has no column "Firma"/);
    const badField = runCli(['import', carnet, '--map', 'Qui=nickname'], env);
    expect(badField.code).toBe(2);
    expect(badField.stderr).toMatch(/--map "Qui=nickname": "nickname" is not a field/);
    const mapped = runCli(['import', carnet, '--map', 'Qui=full-name', '--map', 'Boîte=organization', '--json'], env);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(mapped.stdout) as ImportResult).toMatchObject({ created: 1, organizationsCreated: 1 });
    expect(list().items.find((c) => c.displayName === 'Inès Mapping')).toMatchObject({ organizationName: 'Bureau Carto' });
    // Eight runs of the CLI: on a loaded machine each takes seconds; nothing here depends on speed.
  }, 120_000);

  it("imports LinkedIn's data archive (.zip): a dry run lists what it reads, the import fills the profile too", () => {
    const archive = writeArchive(dir, linkedInArchive(), 'Basic_LinkedInDataExport.zip');
    const fresh = { RAPPORT_DATA_DIR: path.join(dir, 'archive') };
    const preview = runCli(['import', archive, '--dry-run'], fresh);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/from the archive: Connections\.csv, Invitations\.csv, messages\.csv, Profile\.csv, Positions\.csv, Skills\.csv/);
    expect(preview.stdout).toMatch(/2 connections with how you met told by their invitation/);
    const json = runCli(['import', archive, '--dry-run', '--json'], fresh);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout) as ImportPreview).toMatchObject({ format: 'linkedin', counts: { new: 3, skipped: 1 }, archive: { invitations: 2, profileFiles: ['Profile.csv', 'Positions.csv', 'Skills.csv'] } });
    expect(list(fresh).total).toBe(0);
    const imported = runCli(['import', archive], fresh);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported Basic_LinkedInDataExport\.zip: 3 new contacts/);
    expect(imported.stdout).toMatch(/Profile: filled .*headline/);
    const notArchive = path.join(dir, 'other.zip');
    fs.writeFileSync(notArchive, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]));
    const refused = runCli(['import', notArchive], fresh);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Not a ZIP archive that can be read/);
    const climbing = writeArchive(dir, linkedInArchive({ extra: [{ name: '../../Profile.csv', data: 'x' }] }), 'climbing.zip');
    const climbed = runCli(['import', climbing], fresh);
    expect(climbed.code).toBe(2);
    expect(climbed.stderr).toMatch(/\.\.\/|relative path/);
    expect(list(fresh).total).toBe(3);
  }, 120_000);

  it('exports vCard and CSV', () => {
    const vcf = runCli(['export', 'vcard'], env);
    expect(vcf.code, vcf.stderr).toBe(0);
    const parsed = ICAL.parse(vcf.stdout) as unknown[];
    const cards = (typeof parsed[0] === 'string' ? [parsed] : parsed).map((j) => new ICAL.Component(j as unknown[]));
    expect(cards).toHaveLength(list().total);
    expect(cards.map((c) => c.getFirstPropertyValue('fn'))).toContain('Maren Holloway');

    const out = path.join(dir, 'contacts-3.vcf');
    const v3 = runCli(['export', 'vcard', '--version', '3.0', '--out', out], env);
    expect(v3.code, v3.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
    const maren = list().items.find((c) => c.displayName === 'Maren Holloway')!;
    const one = runCli(['export', 'vcard', '--ids', maren.id], env);
    expect(one.stdout.match(/BEGIN:VCARD/g)).toHaveLength(1);

    const csv = runCli(['export', 'csv', 'organizations'], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/^\uFEFFId,Name,Website/);
    expect(csv.stdout).toContain('"Quillfeather, Ltd."');
    expect(runCli(['export', 'csv', 'shoes'], env).code).toBe(2);
    // Eight runs of the CLI: 41 s with a load average of 13; no assertion depends on speed.
  }, 120_000);

  it('merges two contacts', () => {
    runCli(['contact', 'add', 'Bob Holloway', '--email', 'maren@holloway.test', '--org', 'Quillfeather, Ltd.'], env);
    const res = runCli(['merge', 'Maren Holloway', 'Bob Holloway', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ contact: { displayName: 'Maren Holloway', emails: [{ value: 'maren@holloway.test' }] }, filled: ['emails'] });
    expect(list().items.map((c) => c.displayName)).not.toContain('Bob Holloway');
    expect(runCli(['merge', 'Maren Holloway', 'Maren Holloway'], env).code).toBe(2);
  });

  it('backs up, and restores into a fresh data directory with the same contacts', () => {
    const file = path.join(dir, 'backup.json');
    const backup = runCli(['backup', '--out', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toMatch(/Backup of \d+ records/);
    const fresh = { RAPPORT_DATA_DIR: path.join(dir, 'restored') };
    const restore = runCli(['restore', file, '--json'], fresh);
    expect(restore.code, restore.stderr).toBe(0);
    expect((JSON.parse(restore.stdout) as RestoreResult).counts.contacts).toBe(list().total);
    expect(list(fresh)).toEqual(list());
    // A second restore would mix two workspaces: refused (exit 4), nothing changes.
    const again = runCli(['restore', file], fresh);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/empty workspace/);
    expect(list(fresh).total).toBe(list().total);
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, '{"format": ');
    expect(runCli(['restore', notJson], { RAPPORT_DATA_DIR: path.join(dir, 'other') }).code).toBe(2);
    // Nine runs of the CLI: 28–31 s with a load average of 13, over the 30 s default; no assertion depends on speed.
  }, 120_000);
});
