import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/contracts/transfer.schema.js';
import type { MailImportJob } from '../../src/contracts/mail-import.schema.js';
import type { Today } from '../../src/contracts/action.schema.js';
import { linkedInArchive } from '../support/linkedin-archive.js';
import { Browser, createServerTestApp, signedIn, type ServerTestApp, type TestAccount } from '../support/server-app.js';
import { isPostgresReachable } from '../support/test-database.js';

const available = await isPostgresReachable();
const fixtures = path.resolve(import.meta.dirname, '../fixtures');

/** A multipart/form-data body with one file, as a browser's FormData sends it. */
function multipart(bytes: Buffer, fileName: string) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Several server processes on one database, as behind a load balancer: instances A and B each
 * have their own pool, their own memory (the playbook's facts, the search index, the counts)
 * and their own job-queue workers; C answers requests but takes no work from the queue. One
 * person's requests go to one instance or another, alternately, and must not notice.
 */
describe.skipIf(!available)('several server processes, one database', () => {
  let a: ServerTestApp;
  let b: ServerTestApp;
  let c: ServerTestApp;
  let sam: TestAccount;
  /** Sam's browser, pointed at each instance in turn: same cookie, same CSRF token. */
  const via: Record<'a' | 'b' | 'c', Browser> = {} as never;

  const browserOn = (app: FastifyInstance, from: Browser): Browser => {
    const browser = new Browser(app, from.address);
    browser.cookie = from.cookie;
    browser.csrf = from.csrf;
    return browser;
  };
  const ok = <T,>(r: LightMyRequestResponse, status = 200): T => {
    expect(r.statusCode, r.body).toBe(status);
    return r.json<T>();
  };
  const upload = (browser: Browser, url: string, file: string) => {
    const { payload, headers } = multipart(fs.readFileSync(path.join(fixtures, file)), path.basename(file));
    return browser.request('POST', url, payload, { headers });
  };
  async function finished<J extends { status: string }>(browser: Browser, url: string): Promise<J> {
    for (let i = 0; i < 300; i += 1) {
      const job = ok<J>(await browser.get(url));
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${url} never finished`);
  }
  const stagedParts = async () => Number((await a.tdb.db.kysely.selectFrom('staged_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    a = await createServerTestApp();
    b = await createServerTestApp({ tdb: a.tdb });
    c = await createServerTestApp({ tdb: a.tdb, work: false });
    sam = await signedIn(a, 'sam@seekers.test', 'seeker', 'Northside Career Centre', 'Sam Seeker');
    via.a = sam.browser;
    via.b = browserOn(b.app, sam.browser);
    via.c = browserOn(c.app, sam.browser);
  });
  afterAll(async () => {
    await c?.close();
    await b?.close();
    await a?.close();
  });

  it('signs in through one process and is signed in through the others', async () => {
    expect(ok<{ user: { email: string } }>(await via.b.get('/api/auth/session')).user.email).toBe('sam@seekers.test');
    expect(ok<{ user: { email: string } }>(await via.c.get('/api/auth/session')).user.email).toBe('sam@seekers.test');
  });

  it('previews a contact file through A, maps its columns through B, commits it through C and reports it through A and B', async () => {
    const file = 'Courriel,Qui,Boîte\nada@lumen.example,Ada Quill,Lumen\nbo@li.example,Bo Li,Kestrel\ncy@vale.example,Cy Vale,Lumen\n';
    const { payload, headers } = multipart(Buffer.from(file), 'carnet.csv');
    const staged = ok<ImportJob>(await via.a.request('POST', '/api/imports', payload, { headers }), 201);
    expect(staged.preview.counts.new).toBe(3);
    expect(await stagedParts()).toBe(1);
    // B has never seen this upload: it reads the job and the file from the database.
    expect(ok<ImportJob>(await via.b.get(`/api/imports/${staged.id}`))).toEqual(staged);
    const remapped = ok<ImportJob>(await via.b.post(`/api/imports/${staged.id}/mapping`, { mapping: { Qui: 'fullName', Boîte: 'organization' } }));
    expect(remapped.preview.counts).toMatchObject({ new: 3, newOrganizations: 2 });
    // C takes no work from the queue: the commit it accepts is run by A's or B's worker.
    const running = ok<ImportJob>(await via.c.post(`/api/imports/${staged.id}/commit`, {}), 202);
    expect(running.status).toBe('running');
    expect((await via.a.post(`/api/imports/${staged.id}/commit`, {})).statusCode).toBe(409);
    const done = await finished<ImportJob>(via.b, `/api/imports/${staged.id}`);
    expect(done).toMatchObject({ status: 'done', processed: 3, total: 3, result: { created: 3, organizationsCreated: 2 } });
    expect(ok<ImportJob>(await via.a.get(`/api/imports/${staged.id}`))).toEqual(done);
    expect(ok<ImportJob>(await via.c.get(`/api/imports/${staged.id}`))).toEqual(done);
    // Imported once, wherever the second commit goes; the file is gone from the database.
    expect((await via.c.post(`/api/imports/${staged.id}/commit`, {})).json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('already imported') } });
    expect(await stagedParts()).toBe(0);
    for (const browser of [via.a, via.b, via.c]) {
      const list = ok<{ total: number; items: { displayName: string }[] }>(await browser.get('/api/contacts?sort=name'));
      expect(list.total).toBe(3);
      expect(list.items.map((i) => i.displayName)).toEqual(['Bo Li', 'Ada Quill', 'Cy Vale']);
    }
  });

  it('discards through one process what another staged, file and all; another seeker finds nothing through any', async () => {
    const staged = ok<ImportJob>(await upload(via.b, '/api/imports', 'imports/vcard/rfc-4.0.vcf'), 201);
    expect(await stagedParts()).toBe(1);
    const tess = await signedIn(b, 'tess@seekers.test', 'seeker', 'Northside Career Centre', 'Tess Seeker');
    expect((await browserOn(a.app, tess.browser).get(`/api/imports/${staged.id}`)).statusCode).toBe(404);
    expect((await browserOn(c.app, tess.browser).delete(`/api/imports/${staged.id}`)).statusCode).toBe(404);
    expect((await via.a.delete(`/api/imports/${staged.id}`)).statusCode).toBe(204);
    expect((await via.c.get(`/api/imports/${staged.id}`)).statusCode).toBe(404);
    expect(await stagedParts()).toBe(0);
  });

  it('imports LinkedIn’s data archive uploaded through A, committed through C: the files it reads wait in the database, not on A’s disk', async () => {
    const before = ok<{ total: number }>(await via.b.get('/api/contacts')).total;
    const { payload, headers } = multipart(linkedInArchive(), 'Basic_LinkedInDataExport_03-03-2026.zip');
    const staged = ok<ImportJob>(await via.a.request('POST', '/api/imports', payload, { headers }), 201);
    expect(staged.preview).toMatchObject({ format: 'linkedin', counts: { new: 3 }, archive: { invitations: 2 } });
    expect(await stagedParts()).toBe(staged.preview.archive!.files.length);
    ok(await via.c.post(`/api/imports/${staged.id}/commit`, {}), 202);
    const done = await finished<ImportJob>(via.b, `/api/imports/${staged.id}`);
    expect(done).toMatchObject({ status: 'done', result: { created: 3, profile: { filled: expect.arrayContaining(['headline']) } } });
    expect(await stagedParts()).toBe(0);
    expect(ok<{ total: number }>(await via.a.get('/api/contacts')).total).toBe(before + 3);
  });

  it('imports a mailbox uploaded through B, previewed again through A, committed through C', async () => {
    await ok(await via.a.patch('/api/settings', { me: { email: 'morgan.lee@example.test' } }));
    const staged = ok<MailImportJob>(await upload(via.b, '/api/mail-imports', 'mail/gmail-takeout.mbox'), 201);
    expect(staged.preview.counts.records).toBe(9);
    const someone = staged.preview.correspondents[0]!.address;
    expect(staged.preview.counts.new).toBe(0);
    // Previewed again through A with a correspondent to add: A reads the file B received.
    const again = ok<MailImportJob>(await via.a.post(`/api/mail-imports/${staged.id}/preview`, { addCorrespondents: [someone] }));
    expect(again.preview.counts.new).toBeGreaterThan(0);
    expect(ok<MailImportJob>(await via.c.post(`/api/mail-imports/${staged.id}/commit`, { addCorrespondents: [someone] }), 202).status).toBe('running');
    const done = await finished<MailImportJob>(via.a, `/api/mail-imports/${staged.id}`);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.result).toMatchObject({ created: again.preview.counts.new, contactsCreated: 1 });
    expect(await stagedParts()).toBe(0);
    const found = ok<{ items: { id: string }[] }>(await via.b.get(`/api/contacts?q=${encodeURIComponent(someone)}`));
    expect(found.items).toHaveLength(1);
    const conversations = ok<{ total: number }>(await via.c.get(`/api/conversations?contactId=${found.items[0]!.id}`));
    expect(conversations.total).toBe(done.result!.created);
  });

  it('keeps each process’s memory (Today, search, counts) true when another process writes', async () => {
    type Listed = { total: number; items: { id: string; displayName: string; version: number }[] };
    const todays = async () => Promise.all([via.a, via.b, via.c].map(async (browser) => ok<Today>(await browser.get('/api/today'))));
    const before = ok<Listed>(await via.a.get('/api/contacts'));
    // Every process has computed Today and counted the contacts: their memory is warm.
    await todays();
    for (const browser of [via.a, via.b, via.c]) expect(ok<Listed>(await browser.get('/api/contacts')).total).toBe(before.total);

    const stan = ok<{ id: string; version: number }>(await via.a.post('/api/contacts', { givenName: 'Stanislav', familyName: 'Fieldsworth', organizationName: 'Zyxcorp' }), 201);
    ok(await via.b.post('/api/conversations', { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00.000Z', participants: [{ contactId: stan.id }] }), 201);
    // C counts the contact A added, and every process proposes the thank-you B's conversation calls for.
    expect(ok<Listed>(await via.c.get('/api/contacts')).total).toBe(before.total + 1);
    const [onA, onB, onC] = await todays();
    const thanks = onA!.now.find((action) => action.ruleId === 'thank-you' && action.subjects.some((s) => s.id === stan.id));
    expect(thanks, JSON.stringify(onA!.now.map((x) => x.title))).toBeDefined();
    expect(onB).toEqual(onA);
    expect(onC).toEqual(onA);

    // Done through C: gone from A's and B's Today, which had it in memory.
    ok(await via.c.post(`/api/actions/${thanks!.id}/done`, {}));
    for (const today of await todays()) expect(today.now.map((action) => action.id)).not.toContain(thanks!.id);

    // Renamed through B: A's search index (built above, before the rename) finds the new name only.
    expect(ok<Listed>(await via.a.get('/api/contacts?q=stanislav')).items.map((i) => i.id)).toEqual([stan.id]);
    ok(await via.b.patch(`/api/contacts/${stan.id}`, { version: stan.version, givenName: 'Stefan' }));
    expect(ok<Listed>(await via.a.get('/api/contacts?q=stanislav')).items).toEqual([]);
    expect(ok<Listed>(await via.a.get('/api/contacts?q=stefan')).items.map((i) => i.id)).toEqual([stan.id]);
    // A's edit of the version it saw before B's is refused, whichever process it reaches.
    const stale = await via.a.patch(`/api/contacts/${stan.id}`, { version: stan.version, familyName: 'Overwritten' });
    expect(stale.statusCode).toBe(409);
    expect(ok<{ familyName: string }>(await via.c.get(`/api/contacts/${stan.id}`)).familyName).toBe('Fieldsworth');

    // Deleted through A: the count and Today of B and C follow.
    expect((await via.a.delete(`/api/contacts/${stan.id}?mode=remove`)).statusCode).toBe(204);
    expect(ok<Listed>(await via.b.get('/api/contacts')).total).toBe(before.total);
    expect(ok<Listed>(await via.c.get('/api/contacts?q=stefan')).items).toEqual([]);
    const after = await todays();
    expect(after[1]).toEqual(after[0]);
    expect(after[2]).toEqual(after[0]);
    for (const today of after) expect(JSON.stringify(today)).not.toContain(stan.id);
  });

  it('reports an import whose process stopped mid-way as failed, with nothing written, instead of running forever', async () => {
    const staged = ok<ImportJob>(await upload(via.a, '/api/imports', 'imports/vcard/rfc-4.0.vcf'), 201);
    const contactsBefore = ok<{ total: number }>(await via.a.get('/api/contacts')).total;
    // As if a process had taken the job and died: running, and silent for eleven minutes.
    await a.tdb.db.kysely
      .updateTable('background_jobs')
      .set({ status: 'running', touched_at: new Date(Date.now() - 11 * 60_000).toISOString() })
      .where('id', '=', staged.id)
      .execute();
    const lost = ok<ImportJob>(await via.b.get(`/api/imports/${staged.id}`));
    expect(lost).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('stopped; nothing was written') } });
    expect(ok<{ total: number }>(await via.c.get('/api/contacts')).total).toBe(contactsBefore);
    // The file is still there: committing again imports it.
    ok(await via.c.post(`/api/imports/${staged.id}/commit`, {}), 202);
    expect(await finished<ImportJob>(via.a, `/api/imports/${staged.id}`)).toMatchObject({ status: 'done' });
    expect(ok<{ total: number }>(await via.b.get('/api/contacts')).total).toBeGreaterThan(contactsBefore);
  });
});
