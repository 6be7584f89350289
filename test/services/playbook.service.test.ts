import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema, type ConversationCreateInput } from '../../src/contracts/conversation.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`the playbook at work on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T17:00:00.000Z'); // Tue 3 Mar 2026
  const scope = () => ({ workspaceId });
  const log = (input: ConversationCreateInput) => s.conversations.create(scope(), conversationCreateSchema.parse(input));
  const open = async () => (await s.playbook.list(scope(), { limit: 100 })).filter((a) => a.status === 'open');
  const byRule = async (rule: string) => (await open()).filter((a) => a.ruleId === rule);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    clock.set('2026-03-03T17:00:00.000Z');
    workspaceId = (await s.workspaces.create('test')).id;
  });

  async function networkingInterviewWithStan() {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', emails: [{ value: 'stan@acme.test' }], organizationName: 'Acme' }));
    const conversation = await log({
      kind: 'networking-interview',
      startsAt: '2026-03-03T15:00:00Z',
      participants: [{ contactId: stan.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron' } }] },
    });
    return { stan, conversation };
  }

  it('proposes the thank-you, the next-day call and reaching the referral, with reasons naming people and dates', async () => {
    await networkingInterviewWithStan();
    const today = await s.playbook.today(scope());
    const all = [...today.overdue, ...today.dueToday, ...today.comingUp];
    const thankYou = all.find((a) => a.ruleId === 'thank-you');
    expect(thankYou).toMatchObject({ dueOn: '2026-03-04', channel: 'email', recipients: [expect.objectContaining({ displayName: 'Stan Fields', email: 'stan@acme.test' })] });
    expect(thankYou?.reason).toMatch(/Stan Fields/);
    expect(thankYou?.reason).toMatch(/Tue 3 Mar/);
    expect(all.find((a) => a.ruleId === 'next-day-call')?.dueOn).toBe('2026-03-04');
    const reach = all.find((a) => a.ruleId === 'reach-referral');
    expect(reach?.dueOn).toBe('2026-03-05');
    expect(reach?.reason).toMatch(/Ada Byron/);
    expect(today.inTheWorks).toMatchObject({ min: 6, max: 10, status: 'below' });
    expect(today.lastInterview).toMatchObject({ daysSince: 0 });
  });

  it('never duplicates an action however often it recomputes', async () => {
    await networkingInterviewWithStan();
    await s.playbook.recompute(scope());
    const first = (await open()).map((a) => a.id).sort();
    expect(await s.playbook.recompute(scope())).toEqual({ created: 0, updated: 0, obsolete: 0 });
    await s.playbook.today(scope());
    expect((await open()).map((a) => a.id).sort()).toEqual(first);
  });

  it('keeps done and dismissed actions away, and brings snoozed ones back on their date', async () => {
    await networkingInterviewWithStan();
    await s.playbook.recompute(scope());
    const [thankYou] = await byRule('thank-you');
    const [call] = await byRule('next-day-call');
    const [reach] = await byRule('reach-referral');
    if (!thankYou || !call || !reach) throw new Error('expected actions');
    await s.playbook.complete(scope(), thankYou.id, { logConversation: true, note: null });
    await s.playbook.dismiss(scope(), call.id);
    await s.playbook.snooze(scope(), reach.id, '2026-03-09');
    await s.playbook.recompute(scope());
    expect(await byRule('thank-you')).toEqual([]);
    expect(await byRule('next-day-call')).toEqual([]);
    expect(await byRule('reach-referral')).toEqual([]);
    // The thank-you sent was logged as an email to Stan.
    const emails = await s.conversations.list(scope(), { kind: 'email', limit: 10, offset: 0, order: 'newest' });
    expect(emails.items.map((c) => c.participants.map((p) => p.displayName))).toEqual([['Stan Fields']]);

    clock.set('2026-03-09T09:00:00.000Z');
    await s.playbook.recompute(scope());
    expect((await byRule('reach-referral')).map((a) => a.id)).toEqual([reach.id]);
    expect(await byRule('thank-you')).toEqual([]);
  });

  it('actions stored by an older version of the rules are recomputed at the next Today, with nothing else changed', async () => {
    await networkingInterviewWithStan();
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
    // As an older Rapport left it: a wording the rules no longer give, and its revision.
    const [thanks] = await byRule('thank-you');
    await tdb.db.kysely.updateTable('actions').set({ title: 'Thank Stan (old wording)' }).where('id', '=', thanks!.id).execute();
    const row = await tdb.db.kysely.selectFrom('workspaces').select('playbook_summary').where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const older = { ...(JSON.parse(row.playbook_summary ?? '{}') as object), rules: 'an-older-revision' };
    await tdb.db.kysely.updateTable('workspaces').set({ playbook_summary: JSON.stringify(older) }).where('id', '=', workspaceId).execute();
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
    expect((await byRule('thank-you')).map((a) => a.title)).toEqual(['Thank Stan Fields']);
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(false);
  });

  it('recomputes only when the facts, the settings or the day change', async () => {
    const { stan } = await networkingInterviewWithStan();
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(false);
    // A title is nothing the rules read; a name is (reasons name people).
    const titled = await s.contacts.update(scope(), stan.id, { version: stan.version, title: 'Director' });
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(false);
    await s.contacts.update(scope(), stan.id, { version: titled.version, givenName: 'Stanley' });
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
    // A write straight to the database (another process, an import) is noticed too.
    await tdb.db.kysely.deleteFrom('conversation_participants').where('contact_id', '=', stan.id).execute();
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
    await s.settings.update(scope(), { playbook: { thankYouBusinessDays: 2 } });
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(false);
    clock.set('2026-03-04T09:00:00.000Z');
    expect((await s.playbook.ensureFresh(scope())).recomputed).toBe(true);
  });

  it('drops an open action when the fact behind it goes away', async () => {
    const { conversation } = await networkingInterviewWithStan();
    await s.playbook.recompute(scope());
    expect(await byRule('thank-you')).toHaveLength(1);
    await s.conversations.remove(scope(), conversation.id);
    await s.playbook.recompute(scope());
    expect(await byRule('thank-you')).toEqual([]);
    expect(await byRule('next-day-call')).toEqual([]);
  });

  it('fills the message template from the records and offers a mailto link', async () => {
    await s.settings.update(scope(), { me: { firstName: 'Roger', lastName: 'Dale' } });
    await networkingInterviewWithStan();
    await s.playbook.recompute(scope());
    const [thankYou] = await byRule('thank-you');
    const message = await s.playbook.message(scope(), thankYou?.id ?? '');
    expect(message.body).toMatch(/Stan/);
    expect(message.body).toMatch(/Roger/);
    expect(message.mailto).toMatch(/^mailto:stan@acme\.test\?subject=/);
    expect(message.missing).toEqual([]);
    // The user's own wording replaces the default.
    await s.settings.update(scope(), { templates: { 'thank-you': { subject: 'Thanks, {{contact.firstName}}', body: 'Thank you {{contact.firstName}}! — {{me.firstName}}' } } });
    expect((await s.playbook.message(scope(), thankYou?.id ?? '')).body).toBe('Thank you Stan! — Roger');
  });

  it('keeps manual actions, linked to records, out of the playbook’s hands', async () => {
    const { stan } = await networkingInterviewWithStan();
    const mine = await s.playbook.createManual(scope(), { title: 'Send Stan the article on robotics', dueOn: '2026-03-06', channel: 'email', note: null, subjects: [{ type: 'contact', id: stan.id }] });
    await s.playbook.recompute(scope());
    expect((await s.playbook.list(scope(), { recordId: stan.id, limit: 50 })).map((a) => a.title)).toContain('Send Stan the article on robotics');
    expect(mine.ruleId).toBeNull();
    await expect(s.playbook.createManual(scope(), { title: 'x', dueOn: '2026-03-06', channel: 'task', note: null, subjects: [{ type: 'contact', id: 'nope' }] })).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'subjects.0.id' }] });
  });

  it('uses the working days of the settings: Friday plus one is Monday, unless Sunday works', async () => {
    clock.set('2026-03-06T18:00:00.000Z'); // Fri 6 Mar
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    await log({ kind: 'networking-meeting', startsAt: '2026-03-06T15:00:00Z', participants: [{ contactId: ann.id }] });
    await s.playbook.recompute(scope());
    expect((await byRule('thank-you'))[0]?.dueOn).toBe('2026-03-09');
    await s.settings.update(scope(), { playbook: { workingDays: [7, 1, 2, 3, 4] } });
    await s.playbook.recompute(scope());
    expect((await byRule('thank-you'))[0]?.dueOn).toBe('2026-03-08');
    await expect(s.settings.update(scope(), { playbook: { timeZone: 'Mars/Olympus' } })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('publishes a calendar feed that parses back, with conversations and actions as all-day events', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee' }));
    await log({ kind: 'informational-interview', startsAt: '2026-03-05T15:00:00Z', durationMinutes: 20, participants: [{ contactId: ann.id }] });
    await networkingInterviewWithStan();
    const token = await s.playbook.calendarToken(scope());
    expect(await s.playbook.workspaceOfCalendarToken(token)).toBe(workspaceId);
    const ics = await s.playbook.calendarFeed(scope());
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const interview = events.find((e) => e.summary.includes('Ann Lee'));
    expect(interview?.startDate.toJSDate().toISOString()).toBe('2026-03-05T15:00:00.000Z');
    expect(interview?.endDate.toJSDate().toISOString()).toBe('2026-03-05T15:20:00.000Z');
    const thank = events.find((e) => e.summary.startsWith('Thank'));
    expect(thank?.startDate.isDate).toBe(true);
    expect(thank?.startDate.toString()).toBe('2026-03-04');
    const rotated = await s.playbook.calendarToken(scope(), true);
    expect(rotated).not.toBe(token);
    expect(await s.playbook.workspaceOfCalendarToken(token)).toBeNull();
  });
});
