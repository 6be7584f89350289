import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/contracts/transfer.schema.js';
import { generateLinkedInCsv } from '../support/generators/linkedin-csv.generator.js';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { linkedInArchive } from '../support/linkedin-archive.js';
import { writeZip } from '../support/zip-writer.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/imports');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

/** A multipart/form-data body with one file, as a browser's FormData sends it. */
function multipart(bytes: Buffer, fileName: string, field = 'file') {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function parseCards(text: string): ICAL.Component[] {
  const parsed = ICAL.parse(text) as unknown[];
  const jcards = typeof parsed[0] === 'string' ? [parsed] : parsed;
  return jcards.map((jcard) => new ICAL.Component(jcard as unknown[]));
}

const uploadsLeft = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('rapport-upload-')).length;

describe('import, export, backup and merge API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (bytes: Buffer, fileName: string) => t.app.inject({ method: 'POST', url: '/api/imports', ...multipart(bytes, fileName) });
  const job = async (id: string) => (await t.app.inject({ url: `/api/imports/${id}` })).json<ImportJob>();
  const total = async () => (await t.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total;

  // A real 2,500-row import through the API, every answer checked against the document: more than the default 5 s on a busy machine.
  it('uploads a file, previews it, commits it and reports progress until done', { timeout: 20_000 }, async () => {
    const tempBefore = uploadsLeft();
    const uploaded = await upload(Buffer.from(generateLinkedInCsv(2500, 11)), 'Connections.csv');
    expect(uploaded.statusCode).toBe(201);
    const staged = uploaded.json<ImportJob>();
    expect(staged).toMatchObject({ status: 'ready', preview: { format: 'linkedin', fileName: 'Connections.csv', counts: { matched: 0, warnings: 0 } } });
    expect(staged.preview.counts.new).toBeGreaterThan(2300);
    expect(await total()).toBe(0);
    expect(uploadsLeft()).toBe(tempBefore);

    const commit = await t.app.inject({ method: 'POST', url: `/api/imports/${staged.id}/commit`, payload: {} });
    expect(commit.statusCode).toBe(202);
    expect(commit.json()).toMatchObject({ status: 'running' });
    const seen: number[] = [];
    let state = commit.json<ImportJob>();
    while (state.status === 'running') {
      seen.push(state.processed);
      await new Promise((r) => setTimeout(r, 5));
      state = await job(staged.id);
    }
    expect(state).toMatchObject({ status: 'done', processed: staged.preview.counts.new, total: staged.preview.counts.new, result: { created: staged.preview.counts.new }, error: null });
    expect(seen.some((p) => p > 0 && p < staged.preview.counts.new)).toBe(true);
    expect(await total()).toBe(staged.preview.counts.new);

    // The same file again: nothing new.
    const again = (await upload(Buffer.from(generateLinkedInCsv(2500, 11)), 'Connections.csv')).json<ImportJob>();
    expect(again.preview.counts).toMatchObject({ new: 0, updated: 0, matched: staged.preview.counts.new });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/imports/${again.id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/imports/${again.id}` })).statusCode).toBe(404);
  });

  it('shows how a CSV is read by its columns, lets the mapping change (400 naming a bad column), and imports it that way', async () => {
    const staged = (await upload(Buffer.from('Courriel;Qui;Boîte;Couleur\nada@lumen.example;Ada Quill;Lumen;vert\n', 'latin1'), 'carnet.csv')).json<ImportJob>();
    expect(staged.preview).toMatchObject({ format: 'csv', counts: { new: 1 } });
    expect(staged.preview.mapping!.columns.map((c) => [c.column, c.field, c.recognised, c.sample])).toEqual([
      ['Courriel', 'email', true, 'ada@lumen.example'],
      ['Qui', 'ignore', false, 'Ada Quill'],
      ['Boîte', 'ignore', false, 'Lumen'],
      ['Couleur', 'ignore', false, 'vert'],
    ]);
    const remap = (mapping: unknown) => t.app.inject({ method: 'POST', url: `/api/imports/${staged.id}/mapping`, payload: { mapping } });
    const bad = await remap({ Qui: 'fullName', Firma: 'organization' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid', issues: [{ path: 'mapping.Firma', message: expect.stringContaining('no column "Firma"') }] } });
    const unknownField = await remap({ Qui: 'nickname' });
    expect(unknownField.statusCode).toBe(400);
    expect(JSON.stringify(unknownField.json())).toContain('mapping');
    const good = await remap({ Qui: 'fullName', Boîte: 'organization' });
    expect(good.statusCode).toBe(200);
    expect(good.json<ImportJob>().preview.counts).toMatchObject({ new: 1, newOrganizations: 1 });
    await t.app.inject({ method: 'POST', url: `/api/imports/${staged.id}/commit`, payload: {} });
    await expect.poll(async () => (await job(staged.id)).status).toBe('done');
    const found = (await t.app.inject({ url: '/api/contacts?q=ada%20quill' })).json<{ items: Array<{ displayName: string; organizationName: string }> }>();
    expect(found.items).toEqual([expect.objectContaining({ displayName: 'Ada Quill', organizationName: 'Lumen' })]);
  });

  it("takes LinkedIn's data archive (.zip) as an upload: preview, commit, profile; a ZIP that is not the archive is a 400", async () => {
    const tempBefore = uploadsLeft();
    const uploaded = await upload(linkedInArchive(), 'Basic_LinkedInDataExport.zip');
    expect(uploaded.statusCode).toBe(201);
    const staged = uploaded.json<ImportJob>();
    expect(staged.preview).toMatchObject({ format: 'linkedin', fileName: 'Basic_LinkedInDataExport.zip', archive: { invitations: 2, profileFiles: ['Profile.csv', 'Positions.csv', 'Skills.csv'] } });
    expect(uploadsLeft()).toBe(tempBefore);
    await t.app.inject({ method: 'POST', url: `/api/imports/${staged.id}/commit`, payload: {} });
    await expect.poll(async () => (await job(staged.id)).status).toBe('done');
    expect((await job(staged.id)).result).toMatchObject({ profile: { filled: expect.arrayContaining(['headline']) } });
    const wrong = await upload(writeZip([{ name: 'notes.txt', data: 'hello' }]), 'photos.zip');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('no Connections.csv') } });
    const climbing = await upload(linkedInArchive({ extra: [{ name: '../Profile.csv', data: 'x' }] }), 'archive.zip');
    expect(climbing.statusCode).toBe(400);
    expect(climbing.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringMatching(/\.\.\/|relative path/) } });
    expect(uploadsLeft()).toBe(tempBefore);
  });

  it('refuses a file over the limit with 413 and a message, and keeps nothing', async () => {
    const limit = t.services.imports.maxFileBytes;
    t.services.imports.maxFileBytes = 4096;
    try {
      const tempBefore = uploadsLeft();
      const res = await upload(Buffer.from(generateLinkedInCsv(200, 2)), 'big.csv');
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ error: { code: 'too_large', message: 'The file is larger than 4 KiB, the limit; nothing was read' } });
      expect(uploadsLeft()).toBe(tempBefore);
    } finally {
      t.services.imports.maxFileBytes = limit;
    }
  });

  it('previews the values a malformed file would lose, by line and field, and imports every person', async () => {
    const before = await total();
    const staged = (await upload(fixture('linkedin/connections-malformed.csv'), 'bad.csv')).json<ImportJob>();
    expect(staged.preview.warnings.map((w) => `${w.line} ${w.field}`)).toEqual(['6 Email Address', '7 Connected On', '11 URL']);
    expect(staged.preview.counts).toMatchObject({ records: 8, skipped: 2, warnings: 3 });
    const people = staged.preview.counts.new;
    expect(await total()).toBe(before);

    const committed = await t.app.inject({ method: 'POST', url: `/api/imports/${staged.id}/commit`, payload: {} });
    expect(committed.statusCode).toBe(202);
    await expect.poll(async () => (await job(staged.id)).status).toBe('done');
    expect((await job(staged.id)).result).toMatchObject({ created: people, warnings: 3 });
    expect(await total()).toBe(before + people);
  });

  it('answers 400 for a file that is not a contact file, or no file at all', async () => {
    const notContacts = await upload(Buffer.from('just some text\nnothing else\n'), 'notes.txt');
    expect(notContacts.statusCode).toBe(400);
    expect(notContacts.json<{ error: { code: string } }>().error.code).toBe('invalid');
    const json = await t.app.inject({ method: 'POST', url: '/api/imports', payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/imports/nope/commit', payload: {} })).statusCode).toBe(404);
  });

  it('exports vCard 4.0 and 3.0 that parse back, and CSV, with the right headers', async () => {
    await upload(fixture('google/contacts-current.csv'), 'google.csv').then(async (r) => {
      const id = r.json<ImportJob>().id;
      await t.app.inject({ method: 'POST', url: `/api/imports/${id}/commit`, payload: {} });
      await expect.poll(async () => (await job(id)).status).toBe('done');
    });
    const count = await total();
    for (const version of ['4.0', '3.0']) {
      const res = await t.app.inject({ url: `/api/export/contacts.vcf?version=${version}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="rapport-contacts-\d{4}-\d{2}-\d{2}\.vcf"$/);
      const cards = parseCards(res.body);
      expect(cards).toHaveLength(count);
      expect(cards.every((c) => c.getFirstPropertyValue('version') === version)).toBe(true);
      const ada = cards.find((c) => c.getFirstPropertyValue('fn') === 'Ada Quill');
      expect(ada?.getAllProperties('email').map((p) => p.getFirstValue())).toEqual(expect.arrayContaining(['ada@lumen.example']));
    }
    const some = (await t.app.inject({ url: '/api/contacts?q=quill&limit=5' })).json<{ items: { id: string }[] }>().items.map((c) => c.id);
    const selected = await t.app.inject({ url: `/api/export/contacts.vcf?ids=${some.join(',')}` });
    expect(parseCards(selected.body)).toHaveLength(some.length);
    expect((await t.app.inject({ url: '/api/export/contacts.vcf?ids=nobody' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/export/contacts.vcf?version=2.1' })).statusCode).toBe(400);

    for (const kind of ['contacts', 'organizations', 'conversations', 'actions']) {
      const res = await t.app.inject({ url: `/api/export/${kind}.csv` });
      expect(res.statusCode, kind).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="rapport-${kind}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
      expect(res.body.startsWith('\uFEFFId,')).toBe(true);
    }
    const csv = (await t.app.inject({ url: '/api/export/contacts.csv' })).body.split('\r\n');
    expect(csv.length - 2).toBe(count);
  }, 30_000);

  it('merges two contacts', async () => {
    // Bob is Robert: adding him is refused (offered first) unless forced, as a user who added him twice would have.
    const a = (await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Robert', familyName: 'Merge', title: 'CTO' } })).json<{ id: string }>();
    const b = (await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Bob', familyName: 'Merge', location: 'Denver', emails: [{ value: 'bob@merge.test' }], force: true } })).json<{ id: string }>();
    const res = await t.app.inject({ method: 'POST', url: '/api/contacts/merge', payload: { keepId: a.id, mergeId: b.id } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ contact: { id: a.id, title: 'CTO', location: 'Denver', emails: [{ value: 'bob@merge.test' }] }, filled: ['emails', 'location'] });
    expect((await t.app.inject({ url: `/api/contacts/${b.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/contacts/merge', payload: { keepId: a.id, mergeId: a.id } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/contacts/merge', payload: { keepId: a.id, mergeId: b.id } })).statusCode).toBe(404);
  });

  it('backs up the workspace, refuses to restore into a non-empty one (409), and restores into an empty one', async () => {
    const backup = await t.app.inject({ url: '/api/backup' });
    expect(backup.statusCode).toBe(200);
    expect(backup.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(backup.headers['content-disposition']).toMatch(/^attachment; filename="rapport-backup-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = backup.json<{ format: string; tables: { contacts: unknown[] } }>();
    expect(doc.format).toBe('rapport-backup');
    expect(doc.tables.contacts).toHaveLength(await total());

    const conflict = await t.app.inject({ method: 'POST', url: '/api/restore', payload: backup.body, headers: { 'content-type': 'application/json' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json<{ error: { message: string } }>().error.message).toMatch(/empty workspace/);

    const fresh = await createTestApp();
    try {
      const restored = await fresh.app.inject({ method: 'POST', url: '/api/restore', ...multipart(Buffer.from(backup.body), 'rapport-backup.json') });
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({ counts: { contacts: doc.tables.contacts.length } });
      expect((await fresh.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total).toBe(doc.tables.contacts.length);
      const invalid = await fresh.app.inject({ method: 'POST', url: '/api/restore', payload: { format: 'something else' } });
      expect(invalid.statusCode).toBe(400);
    } finally {
      await fresh.close();
    }
  });
});
