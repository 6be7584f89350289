import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_TABLE_ORDER } from '../../src/contracts/transfer.schema.js';
import type { Db } from '../../src/db/database.js';
import { contactSearchText } from '../../src/domain/text.js';
import { AppError } from '../../src/services/errors.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock, uuidV7Ids } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { generateLinkedInCsv, LINKEDIN_HEADER, LINKEDIN_PREAMBLE } from '../support/generators/linkedin-csv.generator.js';
import { insertConversation, insertReferral } from '../support/relationship-rows.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();
const fixtures = path.resolve(import.meta.dirname, '../fixtures/imports');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
const linkedin = (...rows: string[]) => Buffer.from([...LINKEDIN_PREAMBLE, LINKEDIN_HEADER, ...rows].join('\n'), 'utf8');

/** Every row of every table of one workspace, in a stable order: "nothing changed" means equal dumps. */
async function dump(db: Db, workspaceId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLE_ORDER) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db.kysely);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Rows in every table of the database (all workspaces). */
async function countAll(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [...BACKUP_TABLE_ORDER, 'workspaces']) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db.kysely);
    out[table] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

describe.skipIf(!available)(`imports on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T09:00:00.000Z');
  const scope = () => ({ workspaceId });
  const contacts = async () =>
    (await tdb.db.kysely.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).orderBy('sort_name').orderBy('id').execute()).map((c) => ({
      ...c,
      emails: JSON.parse(c.emails) as { value: string }[],
      phones: JSON.parse(c.phones) as { value: string }[],
    }));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    workspaceId = (await services.workspaces.create('test')).id;
  });

  it('previews a LinkedIn export without writing anything', async () => {
    const before = await dump(tdb.db, workspaceId);
    const preview = await services.imports.preview(scope(), fixture('linkedin/connections-2024.csv'), { fileName: 'Connections.csv' });
    expect(preview).toMatchObject({
      format: 'linkedin',
      fileName: 'Connections.csv',
      counts: { records: 9, new: 7, matched: 0, updated: 0, duplicatesInFile: 0, skipped: 2, warnings: 0, newOrganizations: 6 },
      skipped: [{ reason: 'hidden or deleted LinkedIn member', count: 2, lines: [8, 12] }],
      warnings: [],
    });
    expect(await dump(tdb.db, workspaceId)).toEqual(before);
  });

  it('imports people with their organization, profile URL and how we met, searchable like any contact', async () => {
    const result = await services.imports.importFile(scope(), fixture('linkedin/connections-2024.csv'));
    expect(result).toMatchObject({ created: 7, updated: 0, skipped: 2, organizationsCreated: 6 });
    const rows = await contacts();
    const maren = rows.find((c) => c.given_name === 'Maren')!;
    expect(maren).toMatchObject({
      family_name: 'Holloway',
      display_name: 'Maren Holloway',
      linkedin_url: 'https://www.linkedin.com/in/maren-holloway-4b1a2c',
      title: 'Head of Talent',
      how_we_met: 'Connected on LinkedIn on 9 Oct 2024',
      version: 1,
      created_at: '2026-03-03T09:00:00.000Z',
    });
    const org = await services.organizations.get(scope(), maren.organization_id!);
    expect(org.name).toBe('Quillfeather, Ltd.');
    const orgs = await services.organizations.list(scope(), { limit: 50, offset: 0, sort: 'name' });
    expect(orgs.total).toBe(6);
    // The same search text and sort key the contact service computes.
    for (const c of rows) {
      const orgName = c.organization_id ? (await services.organizations.get(scope(), c.organization_id)).name : null;
      expect(c.search_text).toBe(contactSearchText({ givenName: c.given_name, familyName: c.family_name, emails: c.emails.map((e) => e.value), title: c.title, location: c.location }, orgName));
    }
    const found = await services.contacts.list(scope(), { q: 'ΠΑΠΑΔΑΚΗ ωμεγα', limit: 10, offset: 0, sort: 'name' });
    expect(found.items.map((c) => c.displayName)).toEqual(['Ελένη Παπαδάκη']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const files = ['linkedin/connections-2024.csv', 'google/contacts-current.csv', 'vcard/rfc-4.0.vcf', 'outlook/outlook-com.csv', 'vcard/apple-google-3.0.vcf', 'linkedin/connections-2018.csv'];
    for (const file of files) await services.imports.importFile(scope(), fixture(file));
    const generated = Buffer.from(generateLinkedInCsv(1500, 7));
    await services.imports.importFile(scope(), generated);
    const before = await dump(tdb.db, workspaceId);
    clock.advanceMs(60_000);
    for (const file of files) {
      const again = await services.imports.importFile(scope(), fixture(file));
      expect(again, file).toMatchObject({ created: 0, updated: 0, organizationsCreated: 0 });
    }
    const again = await services.imports.importFile(scope(), generated);
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect((await services.imports.preview(scope(), generated)).counts).toMatchObject({ new: 0, updated: 0, newOrganizations: 0 });
    expect(await dump(tdb.db, workspaceId)).toEqual(before);
  });

  it('shows a vCard FN as the name, sorts and finds by N, and keeps the ORG department (issue 13)', async () => {
    const files = ['vcard/android-2.1.vcf', 'vcard/outlook-2003.vcf', 'vcard/nextcloud-3.0.vcf', 'vcard/apple-3.0-names.vcf'];
    for (const file of files) await services.imports.importFile(scope(), fixture(file));
    const rows = await contacts();
    const john = rows.find((c) => c.family_name === 'Doe')!;
    expect(john).toMatchObject({ given_name: 'John', display_name: 'Mr. John Richter James Doe Sr.', full_name: 'Mr. John Richter James Doe Sr.', department: 'Robotics Lab' });
    const stored = await services.contacts.get(scope(), john.id);
    expect(stored).toMatchObject({ displayName: 'Mr. John Richter James Doe Sr.', givenName: 'John', familyName: 'Doe', organizationName: 'Acme', department: 'Robotics Lab' });
    // Sorted by family name, found by the names of N.
    const list = await services.contacts.list(scope(), { limit: 50, offset: 0, sort: 'name' });
    const names = list.items.map((c) => c.displayName);
    expect(names.indexOf('Mr. John Richter James Doe Sr.')).toBeLessThan(names.indexOf('Haruki "Haru" Nakamura'));
    expect((await services.contacts.list(scope(), { q: 'john doe', limit: 10, offset: 0, sort: 'name' })).items.map((c) => c.displayName)).toEqual([
      'Mr. John Richter James Doe Sr.',
    ]);
    expect(rows.find((c) => c.family_name === 'von Falkenberg')).toMatchObject({ display_name: 'Prof. Dr. Ingrid von Falkenberg', department: 'Fakultät für Technik, Institut für Robotik' });
    expect(rows.find((c) => c.given_name === 'Zoë')).toMatchObject({ display_name: 'Zoë Ångström', full_name: null, department: 'Data Platform, Ingestion' });
    // A re-import changes nothing; an older contact without them gains both.
    const before = await dump(tdb.db, workspaceId);
    for (const file of files) expect(await services.imports.importFile(scope(), fixture(file))).toMatchObject({ created: 0, updated: 0 });
    expect(await dump(tdb.db, workspaceId)).toEqual(before);
  });

  it('fills an empty full name and department of a matched contact', async () => {
    const typed = await services.contacts.create(scope(), buildContact({ givenName: 'Chidi', familyName: 'Okafor', emails: [{ value: 'chidi.okafor@northwind.example' }] }));
    const preview = await services.imports.preview(scope(), fixture('vcard/outlook-2003.vcf'));
    expect(preview.matches[0]).toMatchObject({ contactId: typed.id, displayName: 'Chidi Okafor', fields: expect.arrayContaining(['fullName', 'department']) });
    await services.imports.importFile(scope(), fixture('vcard/outlook-2003.vcf'));
    expect(await services.contacts.get(scope(), typed.id)).toMatchObject({ displayName: 'Dr. Chidi Okafor PhD', fullName: 'Dr. Chidi Okafor PhD', department: 'Supply Chain Analytics' });
  });

  it('fills empty fields of a matched contact but never overwrites what the user typed', async () => {
    const typed = await services.contacts.create(
      scope(),
      buildContact({
        givenName: 'Maren',
        familyName: 'Holloway',
        linkedinUrl: 'linkedin.com/in/Maren-Holloway-4b1a2c/',
        title: 'Chief People Officer',
        emails: [{ value: 'maren@typed.test' }],
        tags: ['mentor'],
      }),
    );
    const file = linkedin('Maren,Holloway,https://www.linkedin.com/in/maren-holloway-4b1a2c,maren@quill.test,"Quillfeather, Ltd.",Head of Talent,09 Oct 2024');
    const preview = await services.imports.preview(scope(), file);
    expect(preview.counts).toMatchObject({ new: 0, matched: 1, updated: 1 });
    expect(preview.matches).toEqual([{ line: 5, contactId: typed.id, displayName: 'Maren Holloway', matchedBy: 'linkedin', fields: ['emails', 'organizationName', 'howWeMet'] }]);
    expect(preview.filledFields).toEqual(expect.arrayContaining([{ field: 'emails', count: 1 }]));

    clock.advanceMs(1000);
    expect(await services.imports.importFile(scope(), file)).toMatchObject({ created: 0, updated: 1 });
    const after = await services.contacts.get(scope(), typed.id);
    expect(after).toMatchObject({
      title: 'Chief People Officer',
      emails: [{ value: 'maren@typed.test' }, { value: 'maren@quill.test' }],
      organizationName: 'Quillfeather, Ltd.',
      howWeMet: 'Connected on LinkedIn on 9 Oct 2024',
      linkedinUrl: 'https://linkedin.com/in/Maren-Holloway-4b1a2c/',
      tags: ['mentor'],
      version: 2,
    });
    const timeline = await services.insights.timeline(scope(), typed.id);
    expect(timeline.map((e) => e.title)).toContain('Edited emails, organization name, how we met');
    // Found by the organization it got.
    expect((await services.contacts.list(scope(), { q: 'quillfeather', limit: 5, offset: 0, sort: 'name' })).total).toBe(1);
  });

  it('matches by LinkedIn URL, then email, then name and organization with nicknames', async () => {
    const bob = await services.contacts.create(scope(), buildContact({ givenName: 'Robert', familyName: 'Smith', organizationName: 'Acme Robotics' }));
    const ann = await services.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }] }));
    const kate = await services.contacts.create(scope(), buildContact({ givenName: 'Kate', familyName: 'Moss', linkedinUrl: 'https://www.linkedin.com/in/kmoss' }));
    const file = linkedin(
      'Bob,SMITH,,,acme robotics,Engineer,01 Oct 2024',
      'Annie,Lee,,Ann@Lee.test,Globex,Director,02 Oct 2024',
      'Katherine,Moss-Ray,https://uk.linkedin.com/in/kmoss/,,,,03 Oct 2024',
      'Robert,Smith,https://www.linkedin.com/in/another-robert,,Globex,CFO,04 Oct 2024',
    );
    const preview = await services.imports.preview(scope(), file);
    expect(preview.counts).toMatchObject({ new: 1, matched: 3 });
    const by = Object.fromEntries(preview.matches.map((m) => [m.contactId, m.matchedBy]));
    expect(by).toEqual({ [bob.id]: 'name', [ann.id]: 'email', [kate.id]: 'linkedin' });
    await services.imports.importFile(scope(), file);
    expect(await services.contacts.get(scope(), bob.id)).toMatchObject({ givenName: 'Robert', title: 'Engineer', howWeMet: 'Connected on LinkedIn on 1 Oct 2024' });
    expect(await services.contacts.get(scope(), ann.id)).toMatchObject({ givenName: 'Ann', organizationName: 'Globex', title: 'Director' });
    expect(await services.contacts.get(scope(), kate.id)).toMatchObject({ familyName: 'Moss' });
  });

  it('merges people repeated within one file into one contact', async () => {
    const file = linkedin(
      'Ines,Castellanos,https://www.linkedin.com/in/ines-c,,Orbitline,,05 Oct 2024',
      'Ines,Castellanos,https://www.linkedin.com/in/ines-c,ines@orbit.test,Orbitline,Staff Engineer,05 Oct 2024',
      'Dario,Ferreira,,dario@example.com,Kestrel Freight,,04 Oct 2024',
      'Dario,Ferreira,,DARIO@example.com,,Recruiter,04 Oct 2024',
    );
    const preview = await services.imports.preview(scope(), file);
    expect(preview.counts).toMatchObject({ new: 2, duplicatesInFile: 2, matched: 0 });
    await services.imports.importFile(scope(), file);
    const rows = await contacts();
    expect(rows.map((c) => [c.display_name, c.title, c.emails.map((e) => e.value)])).toEqual([
      ['Ines Castellanos', 'Staff Engineer', ['ines@orbit.test']],
      ['Dario Ferreira', 'Recruiter', ['dario@example.com']],
    ]);
  });

  it('imports every person of a file with bad values, without those values, and skips only the unreadable rows', async () => {
    const before = await dump(tdb.db, workspaceId);
    const file = fixture('linkedin/connections-malformed.csv');
    const preview = await services.imports.preview(scope(), file);
    // Counted per contact: three people lost one value each; two rows could not be read.
    expect(preview.counts).toMatchObject({ records: 8, new: 6, skipped: 2, warnings: 3 });
    expect(preview.warnings.map((w) => [w.line, w.field])).toEqual([
      [6, 'Email Address'],
      [7, 'Connected On'],
      [11, 'URL'],
    ]);
    expect(preview.skipped.map((s) => s.lines)).toEqual([[8], [9]]);
    expect(await dump(tdb.db, workspaceId)).toEqual(before);

    const result = await services.imports.importFile(scope(), file);
    expect(result).toMatchObject({ created: 6, skipped: 2, warnings: 3, organizationsCreated: 1 });
    const femi = (await contacts()).find((c) => c.given_name === 'Femi')!;
    expect(femi).toMatchObject({ linkedin_url: 'https://www.linkedin.com/in/femi-a', title: 'Engineer', emails: [] });
  });

  it('refuses a file that is not a contact file, naming the problem', async () => {
    await expect(services.imports.preview(scope(), Buffer.from('hello,world\n1,2\n'))).rejects.toMatchObject({ code: 'invalid' });
    await expect(services.imports.preview(scope(), Buffer.alloc(0))).rejects.toMatchObject({ code: 'invalid' });
    // A NUL in a name is damage (and PostgreSQL could not store it): that value is left out.
    const nul = await services.imports.preview(scope(), linkedin('An\u0000a,Lee,https://www.linkedin.com/in/ana-lee,,Globex,,01 Oct 2024'));
    expect(nul.warnings).toEqual([{ line: 5, field: 'first name', message: 'contains the control character U+0000; left out' }]);
    expect(nul.counts).toMatchObject({ new: 1, warnings: 1 });
    // A UTF-16 file can hold half a character (a lone surrogate), stored as U+FFFD: left out too.
    const text = [...LINKEDIN_PREAMBLE, LINKEDIN_HEADER, 'Ana,Le\ud800e,https://www.linkedin.com/in/ana-lee,,Globex,,01 Oct 2024'].join('\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const half = await services.imports.preview(scope(), utf16);
    expect(half.warnings).toEqual([{ line: 5, field: 'last name', message: expect.stringMatching(/U\+D800.*lone surrogate.*; left out$/) as unknown as string }]);
  });

  it('finds or creates each organization once, whatever the spelling', async () => {
    await services.contacts.create(scope(), buildContact({ organizationName: 'Café Nova' }));
    const file = linkedin(
      'A,One,https://www.linkedin.com/in/a1,,cafe  nova,,01 Oct 2024',
      'B,Two,https://www.linkedin.com/in/b2,,Orbitline,,01 Oct 2024',
      'C,Three,https://www.linkedin.com/in/c3,,ORBITLINE,,01 Oct 2024',
    );
    expect((await services.imports.preview(scope(), file)).counts.newOrganizations).toBe(1);
    expect(await services.imports.importFile(scope(), file)).toMatchObject({ created: 3, organizationsCreated: 1 });
    const orgs = await services.organizations.list(scope(), { limit: 50, offset: 0, sort: 'name' });
    expect(orgs.items.map((o) => [o.name, o.contactCount])).toEqual([
      ['Café Nova', 2],
      ['Orbitline', 2],
    ]);
  });

  it('does not bring back a contact deleted with its history kept', async () => {
    const ann = await services.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee', linkedinUrl: 'https://www.linkedin.com/in/ann-lee' }));
    await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-01-05T10:00:00.000Z', participantIds: [ann.id] });
    await services.contacts.remove(scope(), ann.id, 'keep-history');
    const file = linkedin('Ann,Lee,https://www.linkedin.com/in/ann-lee,,Globex,,01 Oct 2024');
    const preview = await services.imports.preview(scope(), file);
    expect(preview.counts).toMatchObject({ new: 0, skipped: 1 });
    expect(preview.skipped[0]?.reason).toMatch(/deleted/);
    expect(await services.imports.importFile(scope(), file)).toMatchObject({ created: 0, skipped: 1 });
  });

  it('reports progress up to the total', async () => {
    const seen: Array<[number, number]> = [];
    const result = await services.imports.importFile(scope(), Buffer.from(generateLinkedInCsv(1200, 3)), { onProgress: (p) => void seen.push([p.processed, p.total]) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual([result.created, result.created]);
    expect(seen.map(([p]) => p)).toEqual([...seen.map(([p]) => p)].sort((a, b) => a - b));
  });

  it('stores what the file says character for character: tabs and line breaks, backslashes, quotes, emoji, \\N', async () => {
    const notes = 'line one\n\tindented\twith \\N, \\\\ and \\.\n\\.\nlast';
    const csv = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
    const file = Buffer.from(
      [
        'First Name,Last Name,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value',
        csv(['Zoë 🚀', '\\N', 'Back\\slash "Quoted" & Co', '50% \\ "chief"', notes, 'a\\b ::: ✨ sparkle', 'Work', 'zoe@example.com']),
      ].join('\n'),
      'utf8',
    );
    expect(await services.imports.importFile(scope(), file)).toMatchObject({ created: 1, organizationsCreated: 1 });
    const [row] = await contacts();
    expect(row).toMatchObject({ given_name: 'Zoë 🚀', family_name: '\\N', display_name: 'Zoë 🚀 \\N', title: '50% \\ "chief"', notes, location: null });
    expect(row?.emails).toEqual([{ value: 'zoe@example.com', label: 'work' }]);
    const org = await services.organizations.get(scope(), row!.organization_id!);
    expect(org.name).toBe('Back\\slash "Quoted" & Co');
    const tags = await tdb.db.kysely.selectFrom('contact_tags').select('tag').where('contact_id', '=', row!.id).orderBy('tag').execute();
    expect(tags.map((t) => t.tag).sort()).toEqual(['a\\b', '✨ sparkle'].sort());
  });

  it('writes nothing, not even its new organizations, when the bulk insert fails partway (a repeated id)', async () => {
    // An id generator that repeats itself once, on a contact about two thirds into the file.
    let calls = 0;
    let previous = '';
    const faulty = createServices({ db: tdb.db, clock, ids: { newId: () => (++calls === 2_000 ? previous : (previous = uuidV7Ids.newId())) } });
    const file = Buffer.from(generateLinkedInCsv(3_000, 11));
    const before = await countAll(tdb.db);
    await expect(faulty.imports.importFile(scope(), file)).rejects.toThrow(/unique|duplicate|constraint/i);
    expect(calls).toBeGreaterThan(2_000);
    expect(await countAll(tdb.db)).toEqual(before);
    // The connection it failed on serves the next import.
    const result = await services.imports.importFile(scope(), file);
    expect(result.created).toBeGreaterThan(2_500);
  });

  it('writes nothing when the import stops partway on its own side (progress reporting fails)', async () => {
    const before = await countAll(tdb.db);
    const file = Buffer.from(generateLinkedInCsv(3_000, 12));
    const stopped = services.imports.importFile(scope(), file, {
      onProgress: (p) => {
        if (p.processed > 0) throw new Error('the client went away');
      },
    });
    await expect(stopped).rejects.toThrow('the client went away');
    expect(await countAll(tdb.db)).toEqual(before);
    expect((await services.imports.importFile(scope(), file)).created).toBeGreaterThan(2_500);
  });

  it('runs a staged import as a job with a preview, progress and a result', async () => {
    const staged = await services.imports.stage(scope(), fixture('linkedin/connections-2024.csv'), 'Connections.csv');
    expect(staged).toMatchObject({ status: 'ready', processed: 0, preview: { counts: { new: 7 } }, result: null });
    await expect(services.imports.job({ workspaceId: 'another' }, staged.id)).rejects.toThrow(/not found/);
    const running = await services.imports.commit(scope(), staged.id, {});
    expect(running.status).toBe('running');
    await expect.poll(async () => (await services.imports.job(scope(), staged.id)).status).toBe('done');
    expect(await services.imports.job(scope(), staged.id)).toMatchObject({ processed: 7, total: 7, result: { created: 7 } });
    await expect(services.imports.commit(scope(), staged.id, {})).rejects.toThrow(/already imported/);
  });

  it('imports a Thunderbird address book with every email, and previews how its columns are read', async () => {
    const preview = await services.imports.preview(scope(), fixture('thunderbird/thunderbird-en.csv'), { fileName: 'abook.csv' });
    expect(preview).toMatchObject({ format: 'thunderbird', counts: { records: 5, new: 4, skipped: 1, warnings: 1 } });
    expect(preview.mapping!.columns.find((c) => c.column === 'Primary Email')).toMatchObject({ field: 'email', recognised: true });
    await services.imports.importFile(scope(), fixture('thunderbird/thunderbird-en.csv'));
    const maren = (await contacts()).find((c) => c.given_name === 'Maren')!;
    expect(maren.emails.map((e) => e.value)).toEqual(['maren@quillfeather.example', 'maren.h@mail.example']);
    expect(maren).toMatchObject({ department: 'People', title: 'Head of Talent', location: 'London, United Kingdom' });
  });

  it('reads a staged CSV again with the columns the user chose, and imports it that way', async () => {
    const file = Buffer.from('Courriel,Qui,Boîte,Couleur\nada@lumen.example,Ada Quill,Lumen,vert\nbo@li.example,Bo Li,Kestrel,bleu\n');
    const staged = await services.imports.stage(scope(), file, 'carnet.csv');
    expect(staged.preview.format).toBe('csv');
    expect(staged.preview.mapping!.columns.map((c) => [c.column, c.field, c.recognised])).toEqual([
      ['Courriel', 'email', true],
      ['Qui', 'ignore', false],
      ['Boîte', 'ignore', false],
      ['Couleur', 'ignore', false],
    ]);
    // A mapping that cannot be used: refused, naming the column, and the job keeps its preview.
    const before = await dump(tdb.db, workspaceId);
    await expect(services.imports.remap(scope(), staged.id, { Qui: 'fullName', Société: 'organization' })).rejects.toMatchObject({
      code: 'invalid',
      issues: [{ path: 'mapping.Société', message: expect.stringContaining('no column "Société"') }],
    });
    expect((await services.imports.job(scope(), staged.id)).preview.mapping).toEqual(staged.preview.mapping);
    const remapped = await services.imports.remap(scope(), staged.id, { Qui: 'fullName', Boîte: 'organization' });
    expect(remapped.preview.counts).toMatchObject({ new: 2, newOrganizations: 2 });
    expect(await dump(tdb.db, workspaceId)).toEqual(before);
    await services.imports.commit(scope(), staged.id, {});
    await expect.poll(async () => (await services.imports.job(scope(), staged.id)).status).toBe('done');
    expect((await contacts()).map((c) => [c.display_name, c.organization_id !== null])).toEqual([
      ['Bo Li', true],
      ['Ada Quill', true],
    ]);
  });

  it('imports a CSV with a mapping given at once (the CLI), and refuses one that names no one', async () => {
    const file = Buffer.from('A;B;C\nAda;Quill;ada@lumen.example\n');
    await expect(services.imports.importFile(scope(), file)).rejects.toThrow(/Unrecognised file/);
    await expect(services.imports.importFile(scope(), file, { mapping: { A: 'ignore', B: 'ignore', C: 'ignore' } })).rejects.toBeInstanceOf(AppError);
    expect(await services.imports.importFile(scope(), file, { mapping: { A: 'givenName', B: 'familyName', C: 'email' } })).toMatchObject({ created: 1 });
    expect((await contacts())[0]).toMatchObject({ display_name: 'Ada Quill', emails: [{ value: 'ada@lumen.example' }] });
  });

  it('merges two contacts with their whole history', async () => {
    const ws = scope();
    const keep = await services.contacts.create(ws, buildContact({ givenName: 'Robert', familyName: 'Smith', title: 'CTO', emails: [{ value: 'robert@acme.test' }], tags: ['mentor'] }));
    const other = await services.contacts.create(
      ws,
      buildContact({ givenName: 'Bob', familyName: 'Smith', title: 'Engineer', location: 'Denver', organizationName: 'Acme', emails: [{ value: 'bob@home.test' }], phones: [{ value: '+1 555 0100' }], tags: ['Mentor', 'golf'], sharedInterests: ['oenophile'] }),
    );
    const third = await services.contacts.create(ws, buildContact({ givenName: 'Ann', familyName: 'Lee', introducedById: other.id }));
    const both = await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-01-05T10:00:00.000Z', participantIds: [keep.id, other.id] });
    const alone = await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-05T10:00:00.000Z', participantIds: [other.id, third.id] });
    await insertReferral(tdb.db, workspaceId, { fromContactId: other.id, toContactId: third.id, status: 'offered' });
    await insertReferral(tdb.db, workspaceId, { fromContactId: third.id, toContactId: other.id, status: 'met' });
    await insertReferral(tdb.db, workspaceId, { fromContactId: keep.id, toContactId: other.id, status: 'offered' });
    const now = '2026-01-01T00:00:00.000Z';
    const eventId = uuidV7Ids.newId();
    await tdb.db.kysely.insertInto('events').values({ id: eventId, workspace_id: workspaceId, name: 'Meetup', kind: 'meetup', starts_at: '2026-01-10T18:00:00.000Z', time_zone: 'UTC', created_at: now, updated_at: now }).execute();
    await tdb.db.kysely.insertInto('event_attendees').values([{ workspace_id: workspaceId, event_id: eventId, contact_id: keep.id }, { workspace_id: workspaceId, event_id: eventId, contact_id: other.id }]).execute();
    await tdb.db.kysely.insertInto('advice_items').values({ id: uuidV7Ids.newId(), workspace_id: workspaceId, contact_id: other.id, kind: 'book', title: 'Read What Color Is Your Parachute', status: 'open', created_at: now, updated_at: now }).execute();
    const orgId = uuidV7Ids.newId();
    await tdb.db.kysely.insertInto('organizations').values({ id: orgId, workspace_id: workspaceId, name: 'Initech', name_key: 'initech', created_at: now, updated_at: now }).execute();
    await tdb.db.kysely.insertInto('targets').values({ organization_id: orgId, workspace_id: workspaceId, rank: 1, motivation: 1, posting: 1, status: 'active', suggested_by_id: other.id, added_at: now, updated_at: now }).execute();
    const actionId = uuidV7Ids.newId();
    await tdb.db.kysely.insertInto('actions').values({ id: actionId, workspace_id: workspaceId, key: null, rule_id: null, title: 'Call Bob', reason: 'r', due_on: '2026-03-04', channel: 'call', subjects: JSON.stringify([{ type: 'contact', id: other.id }]), recipients: JSON.stringify([other.id]), status: 'open', created_at: now, updated_at: now }).execute();
    await tdb.db.kysely.insertInto('action_subjects').values({ workspace_id: workspaceId, action_id: actionId, record_type: 'contact', record_id: other.id }).execute();
    const opportunityId = uuidV7Ids.newId();
    await tdb.db.kysely
      .insertInto('opportunities')
      .values({ id: opportunityId, workspace_id: workspaceId, organization_id: orgId, title: 'CTO', source: 'referral', referrer_contact_id: other.id, stage: 'interviewing', stage_changed_at: now, board_position: 0, competing_candidates: null, not_a_fit: 0, rapport_interviewer_id: other.id, posting_url: null, notes: null, created_at: now, updated_at: now })
      .execute();
    await tdb.db.kysely.insertInto('opportunity_interviewers').values([{ workspace_id: workspaceId, opportunity_id: opportunityId, contact_id: other.id }, { workspace_id: workspaceId, opportunity_id: opportunityId, contact_id: keep.id }]).execute();

    const result = await services.imports.merge(ws, keep.id, other.id);
    expect(result.contact).toMatchObject({
      givenName: 'Robert',
      title: 'CTO',
      location: 'Denver',
      organizationName: 'Acme',
      emails: [{ value: 'robert@acme.test' }, { value: 'bob@home.test' }],
      phones: [{ value: '+1 555 0100' }],
      tags: ['golf', 'mentor'],
      sharedInterests: ['oenophile'],
      version: 2,
    });
    expect(result.moved).toMatchObject({ conversations: 2, events: 1, referrals: 3, advice: 1, targets: 1, introduced: 1, actions: 1, opportunities: 3 });
    await expect(services.contacts.get(ws, other.id)).rejects.toMatchObject({ code: 'not_found' });

    const k = tdb.db.kysely;
    const participants = await k.selectFrom('conversation_participants').select(['conversation_id', 'contact_id']).where('workspace_id', '=', workspaceId).execute();
    expect(participants.filter((p) => p.conversation_id === both).map((p) => p.contact_id)).toEqual([keep.id]);
    expect(participants.filter((p) => p.conversation_id === alone).map((p) => p.contact_id).sort()).toEqual([keep.id, third.id].sort());
    const referrals = await k.selectFrom('referrals').select(['from_contact_id', 'to_contact_id']).where('workspace_id', '=', workspaceId).execute();
    expect(referrals.map((r) => [r.from_contact_id, r.to_contact_id]).sort()).toEqual(
      [
        [keep.id, third.id],
        [third.id, keep.id],
      ].sort(),
    );
    expect((await k.selectFrom('event_attendees').select('contact_id').where('event_id', '=', eventId).execute()).map((r) => r.contact_id)).toEqual([keep.id]);
    expect((await k.selectFrom('advice_items').select('contact_id').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).contact_id).toBe(keep.id);
    expect((await k.selectFrom('targets').select('suggested_by_id').where('organization_id', '=', orgId).executeTakeFirstOrThrow()).suggested_by_id).toBe(keep.id);
    expect((await services.contacts.get(ws, third.id)).introducedBy?.id).toBe(keep.id);
    expect(await k.selectFrom('opportunities').select(['referrer_contact_id', 'rapport_interviewer_id']).where('id', '=', opportunityId).executeTakeFirstOrThrow()).toEqual({ referrer_contact_id: keep.id, rapport_interviewer_id: keep.id });
    expect((await k.selectFrom('opportunity_interviewers').select('contact_id').where('opportunity_id', '=', opportunityId).execute()).map((r) => r.contact_id)).toEqual([keep.id]);
    expect((await k.selectFrom('action_subjects').select('record_id').where('action_id', '=', actionId).executeTakeFirstOrThrow()).record_id).toBe(keep.id);
    const action = await k.selectFrom('actions').select(['subjects', 'recipients']).where('id', '=', actionId).executeTakeFirstOrThrow();
    expect(JSON.parse(action.recipients)).toEqual([keep.id]);
    expect(action.subjects).toContain(keep.id);
    // The kept contact's timeline says whom they were merged with and what they took.
    const merge = (await services.insights.timeline(ws, keep.id)).find((e) => e.kind === 'change');
    expect(merge).toMatchObject({ title: `Merged with ${other.displayName}`, detail: expect.stringMatching(/^Took their .*emails/) });
    expect((await k.selectFrom('contacts').select('last_interaction_at').where('id', '=', keep.id).executeTakeFirstOrThrow()).last_interaction_at).toBe('2026-02-05T10:00:00.000Z');

    await expect(services.imports.merge(ws, keep.id, keep.id)).rejects.toMatchObject({ code: 'invalid' });
    await expect(services.imports.merge(ws, keep.id, other.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.imports.merge({ workspaceId: 'elsewhere' }, keep.id, third.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('either imports a damaged file completely or changes nothing at all', async () => {
    const base = fixture('linkedin/connections-2024.csv').toString('utf8');
    const lines = base.split('\n');
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('"', ',', '\n', ',,,,,,,,', 'not-an-email', '\u0000', '31 Feb 2024', 'https://example.com/x', 'x'.repeat(300)) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
      // Cut short, down to before the header: a file that is no longer a contact file.
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    type Damage = { kind: string; at: number; text?: string; length?: number };
    const apply = (text: string, d: Damage) => {
      const at = d.at % (text.length + 1);
      if (d.kind === 'insert') return text.slice(0, at) + d.text + text.slice(at);
      if (d.kind === 'delete') return text.slice(0, at) + text.slice(at + (d.length ?? 1));
      if (d.kind === 'truncate') return text.slice(0, d.at % 400);
      const line = lines[d.at % lines.length] ?? '';
      return `${text}\n${line}`;
    };
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 4 }), async (damages) => {
        const text = damages.reduce((t, d) => apply(t, d), base);
        const ws = { workspaceId: (await services.workspaces.create('property')).id };
        const before = await countAll(tdb.db);
        try {
          const result = await services.imports.importFile(ws, Buffer.from(text, 'utf8'));
          const after = await countAll(tdb.db);
          expect(after.contacts).toBe(before.contacts! + result.created);
          expect(after.organizations).toBe(before.organizations! + result.organizationsCreated);
          // Complete: importing it again finds everyone.
          expect((await services.imports.importFile(ws, Buffer.from(text, 'utf8'))).created).toBe(0);
          outcomes.imported++;
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect(await countAll(tdb.db)).toEqual(before);
          outcomes.refused++;
        }
      }),
      { numRuns: 40, seed: 20260303 },
    );
    // Both ways out were taken.
    expect(outcomes.imported).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
