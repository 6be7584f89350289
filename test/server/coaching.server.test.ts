import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARE_LEVELS, type ShareLevel } from '../../src/contracts/coaching.schema.js';
import { pdfText } from '../support/pdf-text.js';
import { createServerTestApp, signedIn, type ServerTestApp, type TestAccount } from '../support/server-app.js';
import { isPostgresReachable } from '../support/test-database.js';

const available = await isPostgresReachable();

/** The level each coach route needs; a new route fails the test until it is classified here. */
const NEEDS: Record<string, ShareLevel> = {
  '/api/coach/clients/:clientId/health': 'health',
  '/api/coach/clients/:clientId/report': 'health',
  '/api/coach/clients/:clientId/report.pdf': 'health',
  '/api/coach/clients/:clientId/notes': 'health',
  '/api/coach/clients/:clientId/suggestions': 'health',
  '/api/coach/clients/:clientId/opportunities': 'pipeline',
  '/api/coach/clients/:clientId/opportunities/:id': 'pipeline',
  '/api/coach/clients/:clientId/targets': 'pipeline',
  '/api/coach/clients/:clientId/contacts': 'network',
  '/api/coach/clients/:clientId/contacts/:id': 'network',
  '/api/coach/clients/:clientId/conversations': 'network',
  '/api/coach/clients/:clientId/conversations/:id': 'network',
};

describe.skipIf(!available)('coaching: what a seeker shares, what a coach sees and suggests', () => {
  let t: ServerTestApp;
  let carla: TestAccount;
  let dan: TestAccount;
  let sam: TestAccount;
  let tess: TestAccount;
  let olga: TestAccount;
  const samRecords = { contact: '', conversation: '', opportunity: '' };
  let tessContact = '';

  const ok = async <T,>(p: Promise<{ statusCode: number; body: string; json: () => unknown }>): Promise<T> => {
    const r = await p;
    if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json() as T;
  };

  beforeAll(async () => {
    t = await createServerTestApp();
    await signedIn(t, 'ada@centre.test', 'admin', 'Northside Career Centre', 'Ada Admin');
    carla = await signedIn(t, 'carla@centre.test', 'coach', 'Northside Career Centre', 'Carla Coach');
    dan = await signedIn(t, 'dan@centre.test', 'coach', 'Northside Career Centre', 'Dan Coach');
    sam = await signedIn(t, 'sam@seekers.test', 'seeker', 'Northside Career Centre', 'Sam Seeker');
    tess = await signedIn(t, 'tess@seekers.test', 'seeker', 'Northside Career Centre', 'Tess Seeker');
    olga = await signedIn(t, 'olga@elsewhere.test', 'coach', 'Elsewhere Outplacement', 'Olga Other');
    samRecords.contact = (await ok<{ id: string }>(sam.browser.post('/api/contacts', { givenName: 'Stanislav', familyName: 'Fieldsworth', organizationName: 'Zyxcorp' }))).id;
    samRecords.conversation = (
      await ok<{ id: string }>(sam.browser.post('/api/conversations', { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00.000Z', participants: [{ contactId: samRecords.contact }] }))
    ).id;
    samRecords.opportunity = (await ok<{ id: string }>(sam.browser.post('/api/opportunities', { organizationName: 'Zyxcorp', title: 'Robotics engineer' }))).id;
    tessContact = (await ok<{ id: string }>(tess.browser.post('/api/contacts', { givenName: 'Theodora', familyName: 'Quill' }))).id;
    // Tess has let things slip: two actions overdue.
    await ok(tess.browser.post('/api/actions', { title: 'Call Theodora', dueOn: '2026-02-20' }));
    await ok(tess.browser.post('/api/actions', { title: 'Send the list', dueOn: '2026-02-24' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const share = (who: TestAccount, coach: TestAccount, level: ShareLevel) => who.browser.request('PUT', `/api/sharing/coaches/${coach.userId}`, { level });

  it('lists the coaches of the seeker’s own organization, shared with nobody at first', async () => {
    const coaches = await ok<{ items: { displayName: string; level: string | null }[] }>(sam.browser.get('/api/sharing/coaches'));
    expect(coaches.items.map((c) => [c.displayName, c.level])).toEqual([
      ['Ada Admin', null],
      ['Carla Coach', null],
      ['Dan Coach', null],
    ]);
    expect((await ok<{ clients: unknown[] }>(carla.browser.get('/api/coach/clients'))).clients).toEqual([]);
    expect((await carla.browser.get(`/api/coach/clients/${sam.userId}/health`)).statusCode).toBe(404);
  });

  it('refuses sharing with a coach of another organization, or at a level that does not exist, and changes nothing', async () => {
    const other = await share(sam, olga, 'network');
    expect(other.statusCode).toBe(404);
    const bad = await sam.browser.request('PUT', `/api/sharing/coaches/${carla.userId}`, { level: 'everything' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { issues: [{ path: 'level' }] } });
    expect((await olga.browser.get(`/api/coach/clients/${sam.userId}/health`)).statusCode).toBe(404);
    expect((await ok<{ items: { level: string | null }[] }>(sam.browser.get('/api/sharing/coaches'))).items.every((c) => c.level === null)).toBe(true);
  });

  it('answers every coach route by the level shared: the level and below 200, beyond 403, nothing shared 404', async () => {
    const routes = t.app.registeredRoutes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/coach/clients/:clientId'));
    expect(routes.map((r) => r.url).sort()).toEqual(Object.keys(NEEDS).sort());
    const fill = (url: string) =>
      url
        .replace(':clientId', sam.userId)
        .replace(/opportunities\/:id$/, `opportunities/${samRecords.opportunity}`)
        .replace(/contacts\/:id$/, `contacts/${samRecords.contact}`)
        .replace(/conversations\/:id$/, `conversations/${samRecords.conversation}`);
    const table: Record<string, Record<string, number>> = {};
    for (const level of [null, ...SHARE_LEVELS] as const) {
      if (level === null) await sam.browser.delete(`/api/sharing/coaches/${carla.userId}`);
      else expect((await share(sam, carla, level)).statusCode).toBe(200);
      const row: Record<string, number> = {};
      for (const route of routes) row[route.url] = (await carla.browser.get(fill(route.url))).statusCode;
      table[level ?? 'none'] = row;
    }
    for (const [url, needed] of Object.entries(NEEDS)) {
      expect(table.none?.[url], `${url} without a share`).toBe(404);
      for (const level of SHARE_LEVELS) {
        const allowed = SHARE_LEVELS.indexOf(level) >= SHARE_LEVELS.indexOf(needed);
        expect(table[level]?.[url], `${url} at ${level}`).toBe(allowed ? 200 : 403);
      }
    }
  });

  it('shows health as counts only: no names, no records', async () => {
    await share(sam, carla, 'health');
    const health = await carla.browser.get(`/api/coach/clients/${sam.userId}/health`);
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ client: { id: sam.userId, displayName: 'Sam Seeker' }, level: 'health', inTheWorks: { min: 6, max: 10 } });
    expect(health.body).not.toContain('Stanislav');
    expect(health.body).not.toContain('Zyxcorp');
    expect(health.body).not.toContain(samRecords.contact);
    const report = await carla.browser.get(`/api/coach/clients/${sam.userId}/report`);
    expect(report.json()).toMatchObject({ opportunities: null, coach: 'Carla Coach' });
    expect(report.body).not.toContain('Robotics engineer');
  });

  it('keeps a coach to the level: a contact by id is 403 below network, and never reachable through the coach’s own workspace', async () => {
    await share(sam, carla, 'pipeline');
    expect((await carla.browser.get(`/api/coach/clients/${sam.userId}/contacts/${samRecords.contact}`)).statusCode).toBe(403);
    expect((await carla.browser.get(`/api/contacts/${samRecords.contact}`)).statusCode).toBe(404);
    const report = await ok<{ opportunities: { title: string }[] }>(carla.browser.get(`/api/coach/clients/${sam.userId}/report`));
    expect(report.opportunities.map((o) => o.title)).toEqual(['Robotics engineer']);
    await share(sam, carla, 'network');
    expect((await ok<{ displayName: string }>(carla.browser.get(`/api/coach/clients/${sam.userId}/contacts/${samRecords.contact}`))).displayName).toBe('Stanislav Fieldsworth');
    // Another client's contact, through this client: not found.
    await share(tess, carla, 'network');
    expect((await carla.browser.get(`/api/coach/clients/${sam.userId}/contacts/${tessContact}`)).statusCode).toBe(404);
    // Read-only: there is no route that writes a client's records.
    expect((await carla.browser.request('PATCH', `/api/coach/clients/${sam.userId}/contacts/${samRecords.contact}`, { version: 1, title: 'x' })).statusCode).toBe(404);
    expect((await carla.browser.post(`/api/coach/clients/${sam.userId}/contacts`, { givenName: 'Mallory' })).statusCode).toBe(404);
  });

  it('shows the seeker what the coach opened', async () => {
    const log = await ok<{ items: { coachName: string; what: string; recordId: string | null }[] }>(sam.browser.get('/api/sharing/log'));
    expect(log.items[0]).toMatchObject({ coachName: 'Carla Coach', what: 'contact', recordId: samRecords.contact });
    expect(log.items.map((i) => i.what)).toEqual(expect.arrayContaining(['health', 'report', 'opportunities', 'targets', 'contacts', 'conversation']));
    expect(log.items.every((i) => i.coachName === 'Carla Coach')).toBe(true);
    // Tess's log has only what was opened of Tess's.
    const tessLog = await ok<{ items: { recordId: string | null }[] }>(tess.browser.get('/api/sharing/log'));
    expect(tessLog.items.map((i) => i.recordId)).not.toContain(samRecords.contact);
  });

  it('keeps a coach’s notes private to that coach', async () => {
    const note = await carla.browser.post(`/api/coach/clients/${sam.userId}/notes`, { body: 'Sam is shy about calling; practise the 15-second pitch' });
    expect(note.statusCode).toBe(201);
    expect((await ok<{ items: { body: string }[] }>(carla.browser.get(`/api/coach/clients/${sam.userId}/notes`))).items.map((n) => n.body)).toEqual([
      'Sam is shy about calling; practise the 15-second pitch',
    ]);
    await share(sam, dan, 'network');
    expect((await ok<{ items: unknown[] }>(dan.browser.get(`/api/coach/clients/${sam.userId}/notes`))).items).toEqual([]);
    expect((await dan.browser.delete(`/api/coach/clients/${sam.userId}/notes/${note.json<{ id: string }>().id}`)).statusCode).toBe(404);
    // Nothing the seeker can read carries it.
    for (const url of ['/api/today', '/api/backup', '/api/sharing/log', '/api/sharing/coaches']) expect((await sam.browser.get(url)).body).not.toContain('15-second pitch');
    const empty = await carla.browser.post(`/api/coach/clients/${sam.userId}/notes`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
  });

  it('puts a coach’s suggestion in the client’s Today, marked as the coach’s with the reason', async () => {
    const suggested = await carla.browser.post(`/api/coach/clients/${sam.userId}/suggestions`, {
      title: 'Ask Stanislav who else at Zyxcorp to meet',
      reason: 'Your target list has Zyxcorp with one contact; a second one doubles your chances',
      dueOn: '2026-03-03',
    });
    expect(suggested.statusCode).toBe(201);
    const today = await ok<{ now: { id: string; title: string; reason: string; suggestedBy: string | null }[] }>(sam.browser.get('/api/today'));
    const action = today.now.find((a) => a.id === suggested.json<{ id: string }>().id);
    expect(action).toMatchObject({ title: 'Ask Stanislav who else at Zyxcorp to meet', reason: 'Your target list has Zyxcorp with one contact; a second one doubles your chances', suggestedBy: 'Carla Coach' });
    expect(today.now.filter((a) => a.id !== action?.id).every((a) => a.suggestedBy === null)).toBe(true);
    await ok(sam.browser.post(`/api/actions/${action?.id}/done`, {}));
    const mine = await ok<{ items: { title: string; status: string }[] }>(carla.browser.get(`/api/coach/clients/${sam.userId}/suggestions`));
    expect(mine.items).toEqual([expect.objectContaining({ title: 'Ask Stanislav who else at Zyxcorp to meet', status: 'done' })]);
    // Suggestions are the coach's by account, not by name: another coach called Carla Coach
    // does not see them, and Carla still does after changing her name.
    const namesake = await signedIn(t, 'carla.b@centre.test', 'coach', 'Northside Career Centre', 'Carla Coach');
    expect((await share(sam, namesake, 'health')).statusCode).toBe(200);
    expect((await ok<{ items: unknown[] }>(namesake.browser.get(`/api/coach/clients/${sam.userId}/suggestions`))).items).toEqual([]);
    expect((await ok<{ suggestions: unknown[] }>(namesake.browser.get(`/api/coach/clients/${sam.userId}/report`))).suggestions).toEqual([]);
    await t.tdb.db.kysely.updateTable('users').set({ display_name: 'Carla Coach-Meyer' }).where('id', '=', carla.userId).execute();
    expect((await ok<{ items: { title: string }[] }>(carla.browser.get(`/api/coach/clients/${sam.userId}/suggestions`))).items.map((i) => i.title)).toEqual(['Ask Stanislav who else at Zyxcorp to meet']);
    await t.tdb.db.kysely.updateTable('users').set({ display_name: 'Carla Coach' }).where('id', '=', carla.userId).execute();
    expect((await sam.browser.delete(`/api/sharing/coaches/${namesake.userId}`)).statusCode).toBe(204);
    const noReason = await carla.browser.post(`/api/coach/clients/${sam.userId}/suggestions`, { title: 'Do it', reason: '', dueOn: '2026-03-04' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { issues: [{ path: 'reason' }] } });
  });

  it('sorts the cockpit by who needs attention now', async () => {
    const cockpit = await ok<{ clients: { displayName: string; overdueActions: number; reasons: string[]; level: string }[] }>(carla.browser.get('/api/coach/clients'));
    expect(cockpit.clients.map((c) => c.displayName)).toEqual(['Tess Seeker', 'Sam Seeker']);
    expect(cockpit.clients[0]).toMatchObject({ overdueActions: 2, level: 'network' });
    expect(cockpit.clients[0]?.reasons).toContain('2 overdue actions');
  });

  it('prints the weekly report as a PDF', async () => {
    const pdf = await carla.browser.get(`/api/coach/clients/${sam.userId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { pages, text } = await pdfText(pdf.rawPayload);
    expect(pages).toBe(1);
    expect(text).toContain('Sam Seeker');
    expect(text).toContain('Weekly report');
    expect(text).toContain('Ask Stanislav who else at Zyxcorp to meet');
    expect(text).toContain('Robotics engineer');
  });

  it('ends a coach’s access the moment the seeker revokes it', async () => {
    expect((await sam.browser.delete(`/api/sharing/coaches/${carla.userId}`)).statusCode).toBe(204);
    for (const url of ['health', 'report', 'notes', `contacts/${samRecords.contact}`]) {
      expect((await carla.browser.get(`/api/coach/clients/${sam.userId}/${url}`)).statusCode, url).toBe(404);
    }
    expect((await ok<{ clients: { displayName: string }[] }>(carla.browser.get('/api/coach/clients'))).clients.map((c) => c.displayName)).toEqual(['Tess Seeker']);
    expect((await sam.browser.delete(`/api/sharing/coaches/${carla.userId}`)).statusCode).toBe(404);
  });
});
