import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupDocument } from '../../src/contracts/transfer.schema.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { createServerTestApp, signedIn, TEST_NOW, type ServerTestApp, type TestAccount } from '../support/server-app.js';
import { isPostgresReachable } from '../support/test-database.js';

const available = await isPostgresReachable();

/** A multipart/form-data body with one file, as the web app's FormData sends it. */
function multipart(bytes: Buffer, fileName: string) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/json\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A seeker brings the data of their local Rapport (SQLite, one workspace, no sign-in) into
 * their server account: the backup downloaded there is uploaded here, through the same route
 * the web app's Settings → Backup and restore uses.
 */
describe.skipIf(!available)('server mode: a seeker brings their local data', () => {
  let local: TestApp;
  let t: ServerTestApp;
  let sam: TestAccount;
  let tess: TestAccount;
  let carla: TestAccount;
  let dan: TestAccount;
  let file: Buffer;
  let backup: BackupDocument;
  const localIds = { contact: '', conversation: '', opportunity: '' };

  const ok = <T,>(r: LightMyRequestResponse, status = 200): T => {
    expect(r.statusCode, r.body).toBe(status);
    return r.json<T>();
  };
  const upload = (who: TestAccount, bytes: Buffer, options: { csrf?: boolean } = {}) => {
    const { payload, headers } = multipart(bytes, 'rapport-backup-2026-03-03.json');
    return who.browser.request('POST', '/api/restore', payload, { headers, ...options });
  };
  const snapshot = async (who: TestAccount) => {
    const db = t.tdb.db.kysely;
    const count = async (table: 'contacts' | 'conversations' | 'opportunities' | 'actions' | 'organizations') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', who.workspaceId).executeTakeFirstOrThrow()).n);
    const workspace = await db.selectFrom('workspaces').select(['name', 'settings', 'data_version']).where('id', '=', who.workspaceId).executeTakeFirstOrThrow();
    return { contacts: await count('contacts'), conversations: await count('conversations'), opportunities: await count('opportunities'), actions: await count('actions'), organizations: await count('organizations'), workspace };
  };

  beforeAll(async () => {
    // Local mode, on SQLite: someone's search as they built it on their own computer.
    local = await createTestApp({ clock: fixedClock(TEST_NOW), engine: 'sqlite' });
    const post = async <T,>(url: string, body: object) => ok<T>(await local.app.inject({ method: 'POST', url, payload: body }), 201);
    localIds.contact = (await post<{ id: string }>('/api/contacts', { givenName: 'Stanislav', familyName: 'Fieldsworth', organizationName: 'Zyxcorp', emails: [{ value: 'stan@zyxcorp.example' }] })).id;
    await post('/api/contacts', { givenName: 'Philippa', familyName: 'Quennell', organizationName: 'Quillworks' });
    localIds.conversation = (
      await post<{ id: string }>('/api/conversations', { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00.000Z', participants: [{ contactId: localIds.contact }], notes: 'Talked robotics' })
    ).id;
    localIds.opportunity = (await post<{ id: string }>('/api/opportunities', { organizationName: 'Zyxcorp', title: 'Robotics engineer' })).id;
    ok(await local.app.inject({ method: 'PATCH', url: '/api/settings', payload: { me: { firstName: 'Sam', email: 'sam@home.example' } } }));
    // Today computed there: the thank-you for yesterday's meeting is one of the backup's actions.
    ok(await local.app.inject({ url: '/api/today' }));
    const download = await local.app.inject({ url: '/api/backup' });
    expect(download.statusCode).toBe(200);
    file = download.rawPayload;
    backup = JSON.parse(file.toString('utf8')) as BackupDocument;
    expect(backup.tables.actions.length).toBeGreaterThan(0);

    t = await createServerTestApp();
    sam = await signedIn(t, 'sam@seekers.test', 'seeker', 'Northside Career Centre', 'Sam Seeker');
    tess = await signedIn(t, 'tess@seekers.test', 'seeker', 'Northside Career Centre', 'Tess Seeker');
    carla = await signedIn(t, 'carla@centre.test', 'coach', 'Northside Career Centre', 'Carla Coach');
    dan = await signedIn(t, 'dan@centre.test', 'coach', 'Northside Career Centre', 'Dan Coach');
  });
  afterAll(async () => {
    await t?.close();
    await local?.close();
  });

  it('refuses a damaged file, a backup of another version and a file that is no backup, naming what is wrong, and changes nothing', async () => {
    const before = await snapshot(sam);
    const truncated = await upload(sam, file.subarray(0, Math.floor(file.length / 2)));
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json()).toMatchObject({ error: { code: 'invalid', message: 'The backup is not JSON' } });

    const newer = await upload(sam, Buffer.from(JSON.stringify({ ...backup, formatVersion: 2 })));
    expect(newer.statusCode).toBe(400);
    expect(newer.json()).toMatchObject({ error: { message: 'This backup was written by a newer Rapport (format 2); update Rapport to restore it' } });

    const older = await upload(sam, Buffer.from(JSON.stringify({ ...backup, formatVersion: 0 })));
    expect(older.statusCode).toBe(400);
    expect(older.json()).toMatchObject({ error: { message: expect.stringContaining('Not a valid Rapport backup'), issues: [{ path: 'formatVersion' }] } });

    const notABackup = await upload(sam, Buffer.from(JSON.stringify({ contacts: [{ name: 'Stan' }] })));
    expect(notABackup.statusCode).toBe(400);
    expect(notABackup.json()).toMatchObject({ error: { message: expect.stringContaining('Not a valid Rapport backup') } });

    // A row damaged inside an otherwise whole backup: its table, row and column are named.
    const damaged = structuredClone(backup);
    (damaged.tables.conversations[0] as Record<string, unknown>).starts_at = 42;
    const row = await upload(sam, Buffer.from(JSON.stringify(damaged)));
    expect(row.statusCode).toBe(400);
    expect(row.json()).toMatchObject({ error: { issues: [{ path: 'tables.conversations.0.starts_at' }] } });

    // A reference to a record the backup does not hold.
    const dangling = structuredClone(backup);
    (dangling.tables.conversation_participants[0] as Record<string, unknown>).contact_id = '0190a0a0-0000-7000-8000-000000000000';
    const refused = await upload(sam, Buffer.from(JSON.stringify(dangling)));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { message: 'The backup is inconsistent; nothing was restored', issues: [{ path: 'tables.conversation_participants.0.contact_id' }] } });

    // Without the session's CSRF token (a page on another site posting the file): refused.
    expect((await upload(sam, file, { csrf: false })).statusCode).toBe(403);
    expect(await snapshot(sam)).toEqual(before);
  });

  it('restores the local backup into the seeker’s empty account, and their Today and records are there', async () => {
    const result = ok<{ counts: Record<string, number> }>(await upload(sam, file));
    expect(result.counts).toMatchObject({ contacts: 2, conversations: 1, opportunities: 1, actions: backup.tables.actions.length });
    const contacts = ok<{ items: { id: string; displayName: string }[] }>(await sam.browser.get('/api/contacts'));
    expect(contacts.items.map((c) => c.displayName).sort()).toEqual(['Philippa Quennell', 'Stanislav Fieldsworth']);
    // New ids in the server's database; the records keep their links (the meeting is Stanislav's).
    const stan = contacts.items.find((c) => c.displayName === 'Stanislav Fieldsworth')!;
    expect(stan.id).not.toBe(localIds.contact);
    const conversations = ok<{ items: { id: string }[] }>(await sam.browser.get(`/api/conversations?contactId=${stan.id}`));
    expect(conversations.items).toHaveLength(1);
    expect(conversations.items[0]!.id).not.toBe(localIds.conversation);
    expect(ok<{ notes: string | null }>(await sam.browser.get(`/api/conversations/${conversations.items[0]!.id}`)).notes).toBe('Talked robotics');
    const today = ok<{ now: { ruleId: string | null; subjects: { id: string }[] }[] }>(await sam.browser.get('/api/today'));
    const thanks = today.now.find((a) => a.ruleId === 'thank-you');
    expect(thanks?.subjects.map((s) => s.id)).toContain(conversations.items[0]!.id);
    const settings = ok<{ me: { firstName: string; email: string } }>(await sam.browser.get('/api/settings'));
    expect(settings.me).toMatchObject({ firstName: 'Sam', email: 'sam@home.example' });
    // The account is still Sam's: signed in, and the same workspace.
    expect(ok<{ user: { email: string } }>(await sam.browser.get('/api/auth/session')).user.email).toBe('sam@seekers.test');
  });

  it('lets a coach see of the restored data only what the seeker shares', async () => {
    const client = `/api/coach/clients/${sam.userId}`;
    expect((await carla.browser.get(`${client}/health`)).statusCode).toBe(404);
    ok(await sam.browser.request('PUT', `/api/sharing/coaches/${carla.userId}`, { level: 'health' }));
    const health = ok<{ inTheWorks: { count: number } }>(await carla.browser.get(`${client}/health`));
    expect(JSON.stringify(health)).not.toContain('Stanislav');
    expect((await carla.browser.get(`${client}/contacts`)).statusCode).toBe(403);
    expect((await carla.browser.get(`${client}/opportunities`)).statusCode).toBe(403);
    ok(await sam.browser.request('PUT', `/api/sharing/coaches/${carla.userId}`, { level: 'pipeline' }));
    const opportunities = ok<{ items: { title: string }[] }>(await carla.browser.get(`${client}/opportunities`));
    expect(opportunities.items.map((o) => o.title)).toEqual(['Robotics engineer']);
    expect((await carla.browser.get(`${client}/contacts`)).statusCode).toBe(403);
    ok(await sam.browser.request('PUT', `/api/sharing/coaches/${carla.userId}`, { level: 'network' }));
    const contacts = ok<{ items: { displayName: string }[] }>(await carla.browser.get(`${client}/contacts`));
    expect(contacts.items.map((c) => c.displayName).sort()).toEqual(['Philippa Quennell', 'Stanislav Fieldsworth']);
    // Dan, with nothing shared, finds no client at all.
    expect((await dan.browser.get(`${client}/contacts`)).statusCode).toBe(404);
    expect((await dan.browser.get(`${client}/health`)).statusCode).toBe(404);
  });

  it('refuses a second restore into an account that holds data, and changes nothing', async () => {
    const before = await snapshot(sam);
    const again = await upload(sam, file);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('2 contacts') } });
    expect(again.json<{ error: { message: string } }>().error.message).toContain('a backup goes into an account that has nothing yet');
    expect(await snapshot(sam)).toEqual(before);
  });

  it('restores the same backup into another account too: each has its own copy', async () => {
    ok(await upload(tess, file));
    const tessContacts = ok<{ items: { id: string; displayName: string }[] }>(await tess.browser.get('/api/contacts'));
    const samContacts = ok<{ items: { id: string; displayName: string }[] }>(await sam.browser.get('/api/contacts'));
    expect(tessContacts.items.map((c) => c.displayName).sort()).toEqual(samContacts.items.map((c) => c.displayName).sort());
    expect(tessContacts.items.map((c) => c.id).filter((id) => samContacts.items.some((s) => s.id === id))).toEqual([]);
    // Tess's edit does not reach Sam's copy.
    const tessStan = tessContacts.items.find((c) => c.displayName === 'Stanislav Fieldsworth')!;
    ok(await tess.browser.patch(`/api/contacts/${tessStan.id}`, { version: 1, givenName: 'Stefan' }));
    expect(ok<{ items: { displayName: string }[] }>(await sam.browser.get('/api/contacts')).items.map((c) => c.displayName)).toContain('Stanislav Fieldsworth');
  });
});
