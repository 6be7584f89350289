import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailImportOptionsSchema } from '../../src/contracts/mail-import.schema.js';
import { createServerTestApp, signedIn, type ServerTestApp, type TestAccount } from '../support/server-app.js';
import { isPostgresReachable } from '../support/test-database.js';

const available = await isPostgresReachable();
const mailFixtures = path.resolve(import.meta.dirname, '../fixtures/mail');

/** Seeker A's records, one of every kind a route can name. */
interface Records {
  contact: string;
  other: string;
  organization: string;
  conversation: string;
  interview: string;
  referral: string;
  advice: string;
  event: string;
  opportunity: string;
  action: string;
  import: string;
  mailImport: string;
}

type Call = { body?: unknown; query?: string };

/** Each of A's ids replaced by an id that no workspace has (a different one each). */
function nobodys(text: string, r: Records): string {
  return Object.values(r).reduce((out, id, i) => out.replaceAll(id, `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`), text);
}

/**
 * Every route that names a record, with a request that is valid in every way but whose record
 * belongs to another workspace. A new route with a parameter fails the test until it is here.
 */
function recordCalls(r: Records): Record<string, Call> {
  const later = '2026-03-10';
  return {
    'GET /api/contacts/:id': {},
    'PATCH /api/contacts/:id': { body: { version: 1, title: 'Changed by B' } },
    'DELETE /api/contacts/:id': {},
    'GET /api/contacts/:id/references': {},
    'GET /api/contacts/:id/insight': {},
    'GET /api/contacts/:id/timeline': {},
    'GET /api/contacts/:id/chain': {},
    'GET /api/organizations/:id': {},
    'PATCH /api/organizations/:id': { body: { version: 1, notes: 'Changed by B' } },
    'DELETE /api/organizations/:id': {},
    'GET /api/organizations/:id/people': {},
    'GET /api/organizations/:id/references': {},
    'PATCH /api/targets/:organizationId': { body: { version: 1, notes: 'Changed by B' } },
    'DELETE /api/targets/:organizationId': {},
    'POST /api/targets/:organizationId/move': { body: { position: 1 } },
    'GET /api/conversations/:id': {},
    'PATCH /api/conversations/:id': { body: { version: 1, notes: 'Changed by B' } },
    'DELETE /api/conversations/:id': {},
    'POST /api/conversations/:id/outcomes': { body: { companiesSuggested: [{ organizationName: 'Initech' }] } },
    'GET /api/conversations/:id/prep': {},
    'GET /api/referrals/:id': {},
    'PATCH /api/referrals/:id': { body: { version: 1, note: 'Changed by B' } },
    'DELETE /api/referrals/:id': {},
    'PATCH /api/advice/:id': { body: { version: 1, title: 'Changed by B' } },
    'DELETE /api/advice/:id': {},
    'GET /api/events/:id': {},
    'PATCH /api/events/:id': { body: { version: 1, name: 'Changed by B' } },
    'DELETE /api/events/:id': {},
    'GET /api/opportunities/:id': {},
    'PATCH /api/opportunities/:id': { body: { version: 1, title: 'Changed by B' } },
    'DELETE /api/opportunities/:id': {},
    'POST /api/opportunities/:id/move': { body: { version: 1, stage: 'applied' } },
    'POST /api/opportunities/:id/reject': { body: { version: 1 } },
    'POST /api/opportunities/:id/convert': { body: { version: 1 } },
    'GET /api/opportunities/:id/attribution': {},
    'POST /api/opportunities/:id/interviewers': { body: { contactId: r.other } },
    'DELETE /api/opportunities/:id/interviewers/:contactId': {},
    'POST /api/opportunities/:id/rounds': { body: { conversationId: r.interview } },
    'DELETE /api/opportunities/:id/rounds/:conversationId': {},
    'POST /api/opportunities/:id/rounds/log': { body: { startsAt: '2026-03-05T15:00:00.000Z', status: 'scheduled' } },
    'GET /api/actions/:id': {},
    'POST /api/actions/:id/done': { body: {} },
    'POST /api/actions/:id/snooze': { body: { until: later } },
    'POST /api/actions/:id/dismiss': { body: {} },
    'GET /api/actions/:id/message': {},
    'GET /api/imports/:id': {},
    'POST /api/imports/:id/commit': { body: {} },
    'POST /api/imports/:id/mapping': { body: { mapping: {} } },
    'DELETE /api/imports/:id': {},
    'GET /api/mail-imports/:id': {},
    'POST /api/mail-imports/:id/preview': { body: {} },
    'POST /api/mail-imports/:id/commit': { body: {} },
    'DELETE /api/mail-imports/:id': {},
  };
}

/** Writes whose body names another workspace's records: refused as not found, nothing written. */
function bodyCalls(r: Records): Record<string, Call[]> {
  return {
    'POST /api/contacts': [{ body: { givenName: 'Bea', introducedById: r.contact } }],
    'POST /api/contacts/merge': [{ body: { keepId: r.contact, mergeId: r.other } }],
    'POST /api/targets': [{ body: { organizationId: r.organization } }],
    'POST /api/conversations': [
      { body: { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00.000Z', participants: [{ contactId: r.contact }] } },
      { body: { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00.000Z', organizationId: r.organization } },
      { body: { kind: 'networking-meeting', startsAt: '2026-03-02T15:00:00.000Z', eventId: r.event } },
    ],
    'POST /api/referrals': [{ body: { fromContactId: r.contact, toContactId: r.other } }],
    'POST /api/advice': [{ body: { contactId: r.contact, title: 'Read a book' } }],
    'POST /api/events': [{ body: { name: 'Meetup', startsAt: '2026-03-04T18:00:00.000Z', attendeeIds: [r.contact] } }],
    'POST /api/opportunities': [
      { body: { organizationId: r.organization, title: 'Engineer' } },
      { body: { organizationName: 'Globex', title: 'Engineer', referrerContactId: r.contact } },
    ],
    'POST /api/actions': [{ body: { title: 'Call', dueOn: '2026-03-04', subjects: [{ type: 'contact', id: r.contact }] } }],
    'GET /api/export/contacts.vcf': [{ query: `ids=${r.contact}` }],
    'GET /api/actions': [{ query: `recordId=${r.contact}` }],
    'GET /api/referrals': [{ query: `contactId=${r.contact}` }],
    'GET /api/advice': [{ query: `contactId=${r.contact}` }],
  };
}

/** Routes of one's own workspace as a whole: B's answers must hold nothing of A's. */
const WORKSPACE_ROUTES = new Set([
  'GET /api/contacts',
  'GET /api/tags',
  'GET /api/organizations',
  'GET /api/targets',
  'POST /api/targets/rank-by-lamp',
  'GET /api/conversations',
  'GET /api/referrals',
  'GET /api/advice',
  'GET /api/events',
  'GET /api/opportunities',
  'GET /api/actions',
  'GET /api/today',
  'GET /api/insights',
  'GET /api/network',
  'GET /api/backup',
  'GET /api/export/contacts.vcf',
  'GET /api/export/contacts.csv',
  'GET /api/export/organizations.csv',
  'GET /api/export/conversations.csv',
  'GET /api/export/actions.csv',
  'GET /api/profile',
  'GET /api/profile/sheet',
  'GET /api/profile/sheet.pdf',
  'GET /api/settings',
  'GET /api/calendar',
  'GET /api/health',
  'GET /api/search',
]);

/** A whole-workspace route that needs a query to answer: one that finds A's records in A's workspace. */
const WORKSPACE_QUERIES: Record<string, string> = {
  'GET /api/search': '?q=zyxcorp',
};

/** Routes left out, each with its reason. */
const NOT_WORKSPACE_DATA: Record<string, string> = {
  'GET /api/calendar/:file': 'a capability address: its secret token is the key (an unknown token is tested to be 404)',
  'POST /api/calendar/rotate': 'replaces the caller’s own secret',
  'POST /api/imports': 'uploads into the caller’s own workspace',
  'POST /api/mail-imports': 'uploads into the caller’s own workspace; its `contactId` (a multipart upload) is tested on its own below',
  'POST /api/organizations': 'creates in the caller’s own workspace',
  'POST /api/restore': 'restores into the caller’s own, empty workspace (409 otherwise)',
  'PUT /api/profile': 'the caller’s own profile',
  'POST /api/profile/import': 'the caller’s own profile',
  'PATCH /api/settings': 'the caller’s own settings',
};

function fill(url: string, r: Records): string {
  return url
    .replace(/^\/api\/(contacts)\/:id/, `/api/$1/${r.contact}`)
    .replace(/^\/api\/organizations\/:id/, `/api/organizations/${r.organization}`)
    .replace(':organizationId', r.organization)
    .replace(/^\/api\/conversations\/:id/, `/api/conversations/${r.conversation}`)
    .replace(/^\/api\/referrals\/:id/, `/api/referrals/${r.referral}`)
    .replace(/^\/api\/advice\/:id/, `/api/advice/${r.advice}`)
    .replace(/^\/api\/events\/:id/, `/api/events/${r.event}`)
    .replace(/^\/api\/opportunities\/:id/, `/api/opportunities/${r.opportunity}`)
    .replace(':contactId', r.contact)
    .replace(':conversationId', r.interview)
    .replace(/^\/api\/actions\/:id/, `/api/actions/${r.action}`)
    .replace(/^\/api\/imports\/:id/, `/api/imports/${r.import}`)
    .replace(/^\/api\/mail-imports\/:id/, `/api/mail-imports/${r.mailImport}`);
}

describe.skipIf(!available)('isolation between seekers, route by route, on PostgreSQL', () => {
  let t: ServerTestApp;
  let a: TestAccount;
  let b: TestAccount;
  let r: Records;
  let mailDir = '';
  const names = ['Stanislav Fieldsworth', 'Adalind Byronson', 'Zyxcorp Robotics', 'Secret meetup of A'];

  const post = async (who: TestAccount, url: string, body: unknown) => {
    const response = await who.browser.post(url, body);
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<{ id: string }>();
  };

  beforeAll(async () => {
    t = await createServerTestApp();
    a = await signedIn(t, 'a@seekers.test');
    b = await signedIn(t, 'b@seekers.test');
    const organization = (await post(a, '/api/organizations', { name: 'Zyxcorp Robotics' })).id;
    const contact = (await post(a, '/api/contacts', { givenName: 'Stanislav', familyName: 'Fieldsworth', organizationName: 'Zyxcorp Robotics', emails: [{ value: 'stan@zyxcorp.test' }] })).id;
    const other = (await post(a, '/api/contacts', { givenName: 'Adalind', familyName: 'Byronson' })).id;
    await post(a, '/api/targets', { organizationId: organization });
    const conversation = (await post(a, '/api/conversations', { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00.000Z', participants: [{ contactId: contact }], organizationId: organization })).id;
    const referral = (await post(a, '/api/referrals', { fromContactId: contact, toContactId: other })).id;
    const advice = (await post(a, '/api/advice', { contactId: contact, title: 'Read The 2-Hour Job Search' })).id;
    const event = (await post(a, '/api/events', { name: 'Secret meetup of A', startsAt: '2026-03-04T18:00:00.000Z', attendeeIds: [contact] })).id;
    const opportunity = (await post(a, '/api/opportunities', { organizationId: organization, title: 'Robotics engineer', interviewerIds: [contact] })).id;
    const interview = (
      await post(a, `/api/opportunities/${opportunity}/rounds/log`, { startsAt: '2026-03-01T15:00:00.000Z', status: 'done', participants: [{ contactId: contact, role: 'interviewer' }] })
    ) as unknown as { rounds: { id: string }[] };
    // A message the playbook proposes (the thank-you after the networking interview), so that every action route applies.
    const today = (await a.browser.get('/api/today')).json<{ now: { id: string; templateId: string | null }[] }>();
    const action = today.now.find((x) => x.templateId !== null)?.id ?? '';
    const staged = await t.services.imports.stage({ workspaceId: a.workspaceId }, Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quarrington;Quentin;;;\r\nFN:Quentin Quarrington\r\nEMAIL:q@zyx.test\r\nEND:VCARD\r\n'), 'contacts.vcf');
    // A mail file A uploaded and has not imported yet (the job owns, and later deletes, its copy).
    mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-isolation-'));
    const mailCopy = path.join(mailDir, 'upload');
    fs.copyFileSync(path.join(mailFixtures, 'ada-reply.eml'), mailCopy);
    const mailJob = await t.services.mailImports.stage({ workspaceId: a.workspaceId }, mailCopy, 'ada-reply.eml', mailImportOptionsSchema.parse({}));
    r = { contact, other, organization, conversation, interview: interview.rounds[0]?.id ?? '', referral, advice, event, opportunity, action, import: staged.id, mailImport: mailJob.id };
  });
  afterAll(async () => {
    await t?.close();
    if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
  });

  const snapshot = async () => {
    const backup = (await a.browser.get('/api/backup')).json<{ tables: unknown; workspace: Record<string, unknown> }>();
    return { tables: backup.tables, settings: backup.workspace.settings };
  };

  it('has one of A’s records of every kind', () => {
    for (const [kind, id] of Object.entries(r)) expect(id, kind).toMatch(/^[\w-]{20,}$/);
  });

  it('covers every route the app registers', () => {
    const routes = t.app.registeredRoutes.filter((route) => route.url.startsWith('/api/') && !route.config.public).map((route) => `${route.method} ${route.url}`);
    const records = recordCalls(r);
    const bodies = bodyCalls(r);
    const uncovered = routes.filter(
      (key) => !(key in records) && !(key in bodies) && !WORKSPACE_ROUTES.has(key) && !(key in NOT_WORKSPACE_DATA) && !key.includes(' /api/auth/') && !key.includes(' /api/account/') && !key.includes(' /api/organizations-admin/') && !key.includes(' /api/sharing/') && !key.includes(' /api/coach/') && !key.includes(' /api/docs') && key !== 'GET /api/openapi.json',
    );
    expect(uncovered).toEqual([]);
    // And the other way: nothing listed here that the app no longer has.
    const listed = [...Object.keys(records), ...Object.keys(bodies), ...WORKSPACE_ROUTES, ...Object.keys(NOT_WORKSPACE_DATA)];
    const registered = new Set(t.app.registeredRoutes.map((route) => `${route.method} ${route.url}`));
    expect(listed.filter((key) => !registered.has(key))).toEqual([]);
  });

  it('answers seeker B 404 on every route that names one of seeker A’s records, and changes nothing of A’s', async () => {
    const before = await snapshot();
    const answers: Record<string, number> = {};
    for (const [key, call] of Object.entries(recordCalls(r))) {
      const [method = 'GET', url = ''] = key.split(' ');
      const response = await b.browser.request(method, fill(url, r) + (call.query ? `?${call.query}` : ''), method === 'GET' || method === 'DELETE' ? undefined : (call.body ?? {}));
      answers[key] = response.statusCode;
    }
    expect(Object.entries(answers).filter(([, code]) => code !== 404)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses seeker B’s writes that name A’s records in their body, and writes nothing', async () => {
    const before = await snapshot();
    const countB = async () => (await b.browser.get('/api/backup')).json<{ tables: Record<string, unknown[]> }>().tables;
    const bBefore = await countB();
    const answers: string[] = [];
    for (const [key, calls] of Object.entries(bodyCalls(r))) {
      const [method = 'GET', url = ''] = key.split(' ');
      for (const call of calls) {
        const response = await b.browser.request(method, url + (call.query ? `?${call.query}` : ''), method === 'GET' ? undefined : call.body);
        if (method === 'GET') {
          if (names.some((n) => response.body.includes(n)) || (response.statusCode < 300 && Object.values(r).some((id) => response.body.includes(id)))) {
            answers.push(`${key}: shows A's data: ${response.statusCode} ${response.body.slice(0, 300)}`);
          }
          continue;
        }
        // Refused as a record that does not exist: the same answer as for an id nobody has, so it tells nothing.
        const madeUp = JSON.parse(nobodys(JSON.stringify(call.body), r)) as unknown;
        const control = await b.browser.request(method, url, madeUp);
        const normalized = nobodys(response.body, r);
        if (![400, 404].includes(response.statusCode) || normalized !== control.body) {
          answers.push(`${key} ${JSON.stringify(call.body)}: ${response.statusCode} ${response.body.slice(0, 200)} / made-up id: ${control.body.slice(0, 200)}`);
        }
      }
    }
    expect(answers).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(await countB()).toEqual(bBefore);
  });

  it('shows seeker B nothing of A’s on the routes about the whole workspace', async () => {
    const leaks: string[] = [];
    const ids = Object.values(r);
    for (const key of WORKSPACE_ROUTES) {
      const [method = 'GET', url = ''] = key.split(' ');
      const response = await b.browser.request(method, url + (WORKSPACE_QUERIES[key] ?? ''), method === 'GET' ? undefined : {});
      expect(response.statusCode, key).toBeLessThan(300);
      const text = response.rawPayload.toString('latin1');
      for (const needle of [...ids, ...names]) if (text.includes(needle)) leaks.push(`${key} shows ${needle}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses seeker B a mail upload dropped on A’s contact as it refuses an id nobody has, and stages nothing', async () => {
    const eml = fs.readFileSync(path.join(mailFixtures, 'ada-reply.eml'));
    const upload = (contactId: string) => {
      const boundary = '----rapportisolation';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ada-reply.eml"\r\nContent-Type: message/rfc822\r\n\r\n`),
        eml,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return b.browser.request('POST', `/api/mail-imports?contactId=${contactId}`, payload, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const theirs = await upload(r.contact);
    const nobody = await upload(nobodys(r.contact, r));
    expect(theirs.statusCode).toBe(404);
    expect(nobodys(theirs.body, r)).toBe(nobody.body);
  });

  it('gives an unknown calendar address 404, and A’s address only A’s calendar', async () => {
    expect((await b.browser.get('/api/calendar/not-a-real-token.ics')).statusCode).toBe(404);
    const path = (await a.browser.get('/api/calendar')).json<{ path: string }>().path;
    const feed = await b.browser.get(path);
    expect(feed.statusCode).toBe(200);
    const bPath = (await b.browser.get('/api/calendar')).json<{ path: string }>().path;
    expect(bPath).not.toBe(path);
  });

  it('serves A’s own requests with the same bodies: the requests above were valid, only the workspace was wrong', async () => {
    // Deletes last: nested ones first, then the records others hang on.
    const lastOrder = ['mail-imports', 'imports', 'actions', 'advice', 'referrals', 'events', 'targets', 'conversations', 'opportunities', 'organizations', 'contacts'];
    const rank = (key: string) => {
      if (!key.startsWith('DELETE')) return 0;
      if ((key.match(/:/g) ?? []).length > 1) return 1;
      return 2 + lastOrder.findIndex((name) => key.startsWith(`DELETE /api/${name}/`));
    };
    const calls = Object.entries(recordCalls(r)).sort(([x], [y]) => rank(x) - rank(y));
    const refused: string[] = [];
    for (const [key, call] of calls) {
      const [method = 'GET', url = ''] = key.split(' ');
      const response = await a.browser.request(method, fill(url, r) + (call.query ? `?${call.query}` : ''), method === 'GET' || method === 'DELETE' ? undefined : (call.body ?? {}));
      if (response.statusCode === 400 || response.statusCode === 404) refused.push(`${key}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    expect(refused).toEqual([]);
  });
});
