import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactCreateSchema } from '../../src/contracts/contact.schema.js';
import { mailImportJobSchema, type MailImportJob } from '../../src/contracts/mail-import.schema.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestApp, type TestApp } from '../support/http-app.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/mail');

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

const uploadsLeft = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('rapport-mail-')).length;

describe('mail and calendar import API', () => {
  let t: TestApp;
  let stanId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-03-10T09:00:00.000Z') });
    const scope = { workspaceId: t.workspaceId };
    await t.services.settings.update(scope, { me: { email: 'morgan.lee@example.test' } });
    stanId = (await t.services.contacts.create(scope, contactCreateSchema.parse({ givenName: 'Stan', familyName: 'Fields', emails: [{ value: 'stan@acme.test' }] }))).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (name: string, query = '') => t.app.inject({ method: 'POST', url: `/api/mail-imports${query}`, ...multipart(fs.readFileSync(path.join(fixtures, name)), name) });
  async function finished(id: string): Promise<MailImportJob> {
    for (let i = 0; i < 200; i += 1) {
      const job = (await t.app.inject({ url: `/api/mail-imports/${id}` })).json<MailImportJob>();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the import never finished');
  }

  it('uploads an mbox, previews it, imports it on commit, and keeps no copy of the file', async () => {
    const before = uploadsLeft();
    const staged = await upload('gmail-takeout.mbox');
    expect(staged.statusCode, staged.body).toBe(201);
    const job = mailImportJobSchema.parse(staged.json());
    expect(job.preview.counts).toMatchObject({ records: 9, new: 3, skipped: 1 });
    // Not contacts here: listed, most frequent first, for the user to add or leave out.
    expect(job.preview.correspondents.map((c) => c.address)).toEqual(['ravi@initech.test', 'ada@globex.test', 'elodie@cafe-nova.test', 'morgan@personal.example']);

    const commit = await t.app.inject({ method: 'POST', url: `/api/mail-imports/${job.id}/commit`, payload: { addCorrespondents: ['ravi@initech.test'] } });
    expect(commit.statusCode, commit.body).toBe(202);
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'done', result: { created: 4, contactsCreated: 1 } });
    expect(uploadsLeft()).toBe(before);
    const conversations = (await t.app.inject({ url: `/api/conversations?contactId=${stanId}` })).json<{ total: number }>();
    expect(conversations.total).toBe(3);
    // A job is imported once.
    expect((await t.app.inject({ method: 'POST', url: `/api/mail-imports/${job.id}/commit`, payload: {} })).statusCode).toBe(409);
  });

  it('a file dropped on a contact is theirs; an unknown contact is a 404', async () => {
    const staged = await upload('apple-mail.mbox', `?contactId=${stanId}`);
    expect(staged.statusCode, staged.body).toBe(201);
    expect(staged.json<MailImportJob>().preview.counts.new).toBe(1);
    const unknown = await upload('apple-mail.mbox', '?contactId=0190a0a0-0000-7000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a damaged calendar with a 400 naming the line, and a contact file with a 400 saying what is expected', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/mail-imports', ...multipart(Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nbroken\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'), 'x.ics') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: 'Line 4: not an iCalendar property: "broken"; nothing was imported', issues: [{ path: 'line 4' }] } });
    const csv = await t.app.inject({ method: 'POST', url: '/api/mail-imports', ...multipart(Buffer.from('First Name,Last Name\nStan,Fields\n'), 'contacts.csv') });
    expect(csv.statusCode).toBe(400);
    expect(csv.json<{ error: { message: string } }>().error.message).toMatch(/Not a mail or calendar file/);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/mail-imports', '/api/mail-imports/{id}', '/api/mail-imports/{id}/commit', '/api/mail-imports/{id}/preview']));
  });
});
