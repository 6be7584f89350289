import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_TABLE_ORDER } from '../../src/contracts/transfer.schema.js';
import { contactCreateSchema, contactListQuerySchema } from '../../src/contracts/contact.schema.js';
import { conversationCreateSchema, conversationListQuerySchema } from '../../src/contracts/conversation.schema.js';
import { mailImportOptionsSchema, type MailImportOptionsInput } from '../../src/contracts/mail-import.schema.js';
import type { Db } from '../../src/db/database.js';
import { AppError } from '../../src/services/errors.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();
const fixtures = path.resolve(import.meta.dirname, '../fixtures/mail');
const file = (name: string) => ({ path: path.join(fixtures, name), fileName: name });
const opts = (input: MailImportOptionsInput = {}) => mailImportOptionsSchema.parse(input);

async function dump(db: Db, workspaceId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLE_ORDER) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db.kysely);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe.skipIf(!available)(`mail and calendar imports on ${testEngine}`, { timeout: 30_000 }, () => {
  let tdb: TestDatabase;
  let services: Services;
  // Tuesday 10 March 2026: a week after the Gmail messages.
  const clock = fixedClock('2026-03-10T09:00:00.000Z');

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });

  /** A workspace of its own: Morgan (the seeker) and four contacts, two at Globex. */
  async function workspace() {
    const ws = await services.workspaces.create(`ws ${Math.random()}`);
    const scope = { workspaceId: ws.id };
    await services.settings.update(scope, { me: { email: 'morgan.lee@example.test' } });
    const add = (givenName: string, familyName: string, email: string | null, organizationName: string | null) =>
      services.contacts.create(scope, contactCreateSchema.parse({ givenName, familyName, emails: email ? [{ value: email }] : [], organizationName }));
    const stan = await add('Stan', 'Fields', 'stan@acme.test', 'Acme Robotics');
    const ada = await add('Ada', 'Byron', 'ada@globex.test', 'Globex');
    const grace = await add('Grace', 'Hopper', null, 'Globex');
    const elodie = await add('Élodie', 'Martin', 'elodie@cafe-nova.test', null);
    return { scope, stan, ada, grace, elodie };
  }

  const lastInteraction = async (id: string) => (await tdb.db.kysely.selectFrom('contacts').select('last_interaction_at').where('id', '=', id).executeTakeFirstOrThrow()).last_interaction_at;
  const conversationsOf = async (workspaceId: string) =>
    tdb.db.kysely.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).orderBy('starts_at').execute();

  it('previews a Gmail Takeout mbox: messages with contacts, replies, unknown correspondents, automated and unreadable ones; writes nothing', async () => {
    const { scope } = await workspace();
    const preview = await services.mailImports.preview(scope, file('gmail-takeout.mbox'), opts({ me: ['morgan@personal.example'] }));
    expect(preview.format).toBe('mbox');
    expect(preview.me).toEqual({ addresses: ['morgan.lee@example.test', 'morgan@personal.example'], guessed: false });
    expect(preview.counts).toEqual({ records: 9, new: 5, updated: 0, unchanged: 0, withoutContacts: 1, automated: 2, skipped: 1, awaitingReply: 1, replied: 1, actionsAnswered: 0 });
    expect(preview.correspondents).toEqual([{ address: 'ravi@initech.test', name: 'Ravi Patel', messages: 2, meetings: 0, lastAt: '2026-03-04T13:00:00.000Z' }]);
    expect(preview.warnings).toEqual([{ message: 8, line: expect.any(Number), messageId: 'broken-1@nowhere.test', reason: 'no Date header' }]);
    expect(preview.people.map((p) => [p.displayName, p.sent, p.received])).toEqual([
      ['Stan Fields', 1, 2],
      ['Ada Byron', 1, 0],
      ['Élodie Martin', 0, 1],
    ]);
    expect(preview.kept).toMatch(/subject and the first 200 characters/);
    expect(await conversationsOf(scope.workspaceId)).toEqual([]);
  });

  it('imports each message with a contact as an email conversation, threads set the reply, and importing again changes nothing', async () => {
    const { scope, stan, ada, elodie } = await workspace();
    const result = await services.mailImports.importFile(scope, file('gmail-takeout.mbox'), opts({ me: ['morgan@personal.example'] }));
    expect(result).toMatchObject({ created: 5, updated: 0, unchanged: 0, skipped: 1, contactsCreated: 0 });
    const rows = await conversationsOf(scope.workspaceId);
    expect(rows.map((r) => [r.starts_at, r.kind, r.status, r.direction, r.title, r.awaiting_reply, r.replied_at])).toEqual([
      ['2026-02-20T08:30:00.000Z', 'email', 'done', 'inbound', 'Café Nova — merci !', 0, null],
      ['2026-03-02T09:00:00.000Z', 'email', 'done', 'outbound', 'Coffee next week?', 0, '2026-03-03T14:00:00.000Z'],
      ['2026-03-03T10:00:00.000Z', 'email', 'done', 'outbound', 'Introduction from Stan — quick question', 1, null],
      ['2026-03-03T14:00:00.000Z', 'email', 'done', 'inbound', 'Re: Coffee next week?', 0, null],
      ['2026-03-04T11:00:00.000Z', 'email', 'done', 'inbound', 'Following up on the meetup', 0, null],
    ]);
    expect(rows[1]!.notes).toMatch(/^Hi Stan, Would you have 20 minutes/);
    expect(await lastInteraction(stan.id)).toBe('2026-03-04T11:00:00.000Z');
    expect(await lastInteraction(ada.id)).toBe('2026-03-03T10:00:00.000Z');
    expect(await lastInteraction(elodie.id)).toBe('2026-02-20T08:30:00.000Z');

    // Today computed once after the import, so that the second import's own refresh finds nothing new.
    await services.playbook.recompute(scope);
    const before = await dump(tdb.db, scope.workspaceId);
    const again = await services.mailImports.importFile(scope, file('gmail-takeout.mbox'), opts({ me: ['morgan@personal.example'] }));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(await dump(tdb.db, scope.workspaceId)).toEqual(before);
  });

  it('a reply in a later file ends the wait of the message it answers (3B7 stops, responsiveness counts it)', async () => {
    const { scope, ada } = await workspace();
    await services.mailImports.importFile(scope, file('gmail-takeout.mbox'), opts());
    await services.playbook.recompute(scope);
    const open = async () => (await services.playbook.list(scope, { status: 'open', limit: 200 })).filter((a) => a.ruleId === '3b7').map((a) => a.title);
    // 3 March + 3 business days = 6 March: try someone else at Globex; + 7 is 12 March, not yet.
    expect(await open()).toEqual(['Try Grace Hopper at Globex']);

    const preview = await services.mailImports.preview(scope, file('ada-reply.eml'), opts());
    expect(preview.counts).toMatchObject({ records: 1, new: 1, updated: 1, replied: 1 });
    await services.mailImports.importFile(scope, file('ada-reply.eml'), opts());
    const outreach = (await conversationsOf(scope.workspaceId)).find((r) => r.title?.startsWith('Introduction'))!;
    expect([outreach.awaiting_reply, outreach.replied_at]).toEqual([0, '2026-03-09T13:00:00.000Z']);
    await services.playbook.recompute(scope);
    expect(await open()).toEqual([]);
    expect(await lastInteraction(ada.id)).toBe('2026-03-09T13:00:00.000Z');
  });

  it('guesses your address from the file when Settings has none, and says so', async () => {
    const { scope } = await workspace();
    await services.settings.update(scope, { me: { email: '' } });
    const preview = await services.mailImports.preview(scope, file('gmail-takeout.mbox'), opts());
    expect(preview.me).toEqual({ addresses: ['morgan.lee@example.test'], guessed: true });
    expect(preview.counts.awaitingReply).toBe(1);
  });

  it('a sent thank-you closes its open action; keep-in-touch resets on the mail', async () => {
    const { scope, stan, elodie } = await workspace();
    await services.conversations.create(scope, conversationCreateSchema.parse({ kind: 'networking-meeting', startsAt: '2026-03-09T09:00:00.000Z', participants: [{ contactId: stan.id }] }));
    await services.conversations.create(scope, conversationCreateSchema.parse({ kind: 'networking-meeting', startsAt: '2025-12-01T09:00:00.000Z', participants: [{ contactId: elodie.id }] }));
    await services.playbook.recompute(scope);
    const actions = async () => [...(await services.playbook.list(scope, { limit: 200 })), ...(await services.playbook.list(scope, { status: 'done', limit: 200 }))];
    const thanks = (await actions()).find((a) => a.ruleId === 'thank-you')!;
    expect(thanks.status).toBe('open');
    expect((await actions()).some((a) => a.ruleId === 'keep-in-touch' && a.status === 'open' && a.title.includes('Élodie'))).toBe(true);

    // The Outlook thank-you, sent the afternoon of the meeting.
    const eml = { bytes: Buffer.from(fs.readFileSync(path.join(fixtures, 'outlook-thank-you.eml'), 'latin1').replace('Date: Fri, 6 Mar 2026 16:00:00 +0000', 'Date: Mon, 9 Mar 2026 16:00:00 +0000'), 'latin1'), fileName: 'thanks.eml' };
    const preview = await services.mailImports.preview(scope, eml, opts());
    expect(preview.counts.actionsAnswered).toBe(1);
    const result = await services.mailImports.importFile(scope, eml, opts());
    expect(result.actionsDone).toBe(1);
    const after = (await actions()).find((a) => a.id === thanks.id)!;
    expect(after.status).toBe('done');
    expect(after.note).toBe('Sent on 2026-03-09 (found by the mail import)');

    await services.mailImports.importFile(scope, file('gmail-takeout.mbox'), opts());
    await services.playbook.recompute(scope);
    expect((await actions()).some((a) => a.ruleId === 'keep-in-touch' && a.status === 'open' && a.title.includes('Élodie'))).toBe(false);
  });

  it('correspondents who are not contacts are added only when chosen, with their messages', async () => {
    const { scope } = await workspace();
    const result = await services.mailImports.importFile(scope, file('gmail-takeout.mbox'), opts({ addCorrespondents: ['ravi@initech.test'] }));
    expect(result).toMatchObject({ created: 6, contactsCreated: 1 });
    const ravi = (await services.contacts.list(scope, contactListQuerySchema.parse({ q: 'ravi' }))).items;
    expect(ravi.map((c) => c.displayName)).toEqual(['Ravi Patel']);
    const list = await services.conversations.list(scope, conversationListQuerySchema.parse({ contactId: ravi[0]!.id, order: 'oldest' }));
    expect(list.items.map((c) => c.title)).toEqual(['Following up on the meetup', 'Slides']);
  });

  it('calendar invitations become scheduled conversations; an update moves them, an older copy does not, a cancellation cancels', async () => {
    const { scope, stan } = await workspace();
    const preview = await services.mailImports.preview(scope, file('google-invite.ics'), opts());
    expect(preview.meetings).toEqual([{ key: '7kq3coffee0stan@google.com', title: 'Coffee with Stan Fields', startsAt: '2026-03-12T09:00:00.000Z', kind: 'networking-meeting', status: 'scheduled', participants: ['Stan Fields'], change: 'new' }]);
    await services.mailImports.importFile(scope, file('google-invite.ics'), opts());
    const only = async () => {
      const rows = await conversationsOf(scope.workspaceId);
      expect(rows).toHaveLength(1);
      return rows[0]!;
    };
    expect(await only()).toMatchObject({ kind: 'networking-meeting', status: 'scheduled', starts_at: '2026-03-12T09:00:00.000Z', time_zone: 'Europe/Paris', duration_minutes: 30, location: 'Café Nova, 12 rue des Lilas, Lyon', notes: null });
    expect((await services.conversations.list(scope, conversationListQuerySchema.parse({ contactId: stan.id, order: 'newest' }))).total).toBe(1);

    expect(await services.mailImports.importFile(scope, file('google-invite-updated.ics'), opts())).toMatchObject({ created: 0, updated: 1 });
    expect((await only()).starts_at).toBe('2026-03-12T10:00:00.000Z');
    expect(await services.mailImports.importFile(scope, file('google-invite.ics'), opts())).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect((await only()).starts_at).toBe('2026-03-12T10:00:00.000Z');
    expect(await services.mailImports.importFile(scope, file('google-cancel.ics'), opts())).toMatchObject({ cancelled: 1 });
    expect((await only()).status).toBe('cancelled');
  });

  it('the kind guessed from the title can be changed before the import; recurring meetings come one per occurrence', async () => {
    const { scope } = await workspace();
    const options = opts({ kinds: { '7kq3coffee0stan@google.com': 'informational-interview' } });
    await services.mailImports.importFile(scope, file('google-invite.ics'), options);
    expect((await conversationsOf(scope.workspaceId))[0]!.kind).toBe('informational-interview');
    const result = await services.mailImports.importFile(scope, file('apple-calendar.ics'), opts());
    // Five occurrences of the mentor call with Élodie; Ravi's informational interview has no contact.
    expect(result.created).toBe(5);
    const statuses = (await conversationsOf(scope.workspaceId)).filter((r) => r.title?.startsWith('Mentor')).map((r) => `${r.starts_at.slice(0, 10)} ${r.status}`);
    expect(statuses).toEqual(['2026-03-02 done', '2026-03-09 done', '2026-03-24 scheduled', '2026-03-30 scheduled', '2026-04-06 scheduled']);
  });

  it('refuses a damaged calendar naming its line, and a file that is neither mail nor calendar; nothing is written', async () => {
    const { scope } = await workspace();
    const bad = Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nnot a property\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    const error = await services.mailImports.importFile(scope, { bytes: bad, fileName: 'bad.ics' }, opts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('Line 5: not an iCalendar property: "not a property"; nothing was imported');
    await expect(services.mailImports.preview(scope, { bytes: Buffer.from('First Name,Last Name\n'), fileName: 'x.csv' }, opts())).rejects.toThrow(/Not a mail or calendar file/);
    expect(await conversationsOf(scope.workspaceId)).toEqual([]);
  });

  it('a message dropped on a contact’s page is theirs even from an address Rapport does not know', async () => {
    const { scope, elodie } = await workspace();
    const result = await services.mailImports.importFile(scope, file('apple-mail.mbox'), opts({ contactId: elodie.id }));
    expect(result.created).toBe(1);
    const list = await services.conversations.list(scope, conversationListQuerySchema.parse({ contactId: elodie.id, order: 'newest' }));
    expect(list.items.map((c) => c.title)).toEqual(['Lyon office']);
  });

  it('erasing a contact erases the conversations imported with them alone', async () => {
    const { scope, ada } = await workspace();
    await services.mailImports.importFile(scope, file('gmail-takeout.mbox'), opts());
    expect((await conversationsOf(scope.workspaceId)).some((r) => r.title?.startsWith('Introduction'))).toBe(true);
    await services.contacts.remove(scope, ada.id, 'remove');
    expect((await conversationsOf(scope.workspaceId)).some((r) => r.title?.startsWith('Introduction'))).toBe(false);
    const sources = await tdb.db.kysely.selectFrom('conversation_sources').select('conversation_id').where('workspace_id', '=', scope.workspaceId).execute();
    expect(sources).toHaveLength(4);
  });
});
