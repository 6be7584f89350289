import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema, conversationListQuerySchema, type ConversationCreateInput } from '../../src/contracts/conversation.schema.js';
import { referralCreateSchema } from '../../src/contracts/referral.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`conversations, referrals, advice and events on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T17:00:00.000Z'); // Tue 3 Mar 2026
  const scope = () => ({ workspaceId });
  const log = (input: ConversationCreateInput) => s.conversations.create(scope(), conversationCreateSchema.parse(input));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    workspaceId = (await s.workspaces.create('test')).id;
  });

  it('turns a networking interview with Stan into contacts, a target and advice, all tied to Stan', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme' }));
    const conversation = await log({
      kind: 'networking-interview',
      startsAt: '2026-03-03T15:00:00.000Z',
      timeZone: 'America/Chicago',
      durationMinutes: 20,
      participants: [{ contactId: stan.id }],
      notes: 'Talked about robotics teams',
      outcomes: {
        namesOffered: [
          { newContact: { givenName: 'Ada', familyName: 'Byron', organizationName: 'Globex', title: 'VP Engineering' } },
          { newContact: { givenName: 'Grace', familyName: 'Hopper' } },
        ],
        companiesSuggested: [{ organizationName: 'Initech' }],
        advice: [{ kind: 'book', title: 'Read "The 2-Hour Job Search"' }],
      },
    });
    expect(conversation.status).toBe('done');
    expect(conversation.outcomes.referrals.map((r) => [r.from.displayName, r.to?.displayName, r.status])).toEqual([
      ['Stan Fields', 'Ada Byron', 'offered'],
      ['Stan Fields', 'Grace Hopper', 'offered'],
    ]);
    expect(conversation.outcomes.companiesSuggested).toEqual([expect.objectContaining({ organizationName: 'Initech', suggestedBy: { id: stan.id, displayName: 'Stan Fields' } })]);
    expect(conversation.outcomes.advice).toEqual([expect.objectContaining({ kind: 'book', status: 'open', from: { id: stan.id, displayName: 'Stan Fields' } })]);

    const ada = await s.contacts.get(scope(), conversation.outcomes.referrals[0]?.to?.id ?? '');
    expect(ada.introducedBy).toEqual({ id: stan.id, displayName: 'Stan Fields' });
    expect(ada.organizationName).toBe('Globex');

    const insight = await s.insights.contactInsight(scope(), stan.id);
    expect(insight.introduced.map((c) => c.displayName)).toEqual(['Ada Byron', 'Grace Hopper']);
    expect(insight.lastInteractionAt).toBe('2026-03-03T15:00:00.000Z');
    const timeline = await s.insights.timeline(scope(), stan.id);
    expect(timeline.map((e) => e.title)).toEqual(expect.arrayContaining(['Networking interview', 'Introduced you to Ada Byron', 'Introduced you to Grace Hopper', 'Advised: Read "The 2-Hour Job Search"']));
  });

  it('refuses outcomes from someone who was not there, and writes nothing at all', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan' }));
    const other = await s.contacts.create(scope(), buildContact({ givenName: 'Other' }));
    await expect(
      log({
        kind: 'networking-meeting',
        startsAt: '2026-03-02T15:00:00Z',
        participants: [{ contactId: stan.id }],
        outcomes: { namesOffered: [{ newContact: { givenName: 'Nobody' } }], advice: [{ title: 'x', givenById: other.id }] },
      }),
    ).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'outcomes.advice.0.givenById' }] });
    const all = await s.contacts.list(scope(), { limit: 50, offset: 0, sort: 'name' });
    expect(all.items.map((c) => c.givenName).sort()).toEqual(['Other', 'Stan']);
    expect((await s.conversations.list(scope(), conversationListQuerySchema.parse({}))).total).toBe(0);
  });

  it('schedules a future conversation and refuses one marked done in the future', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    const scheduled = await log({ kind: 'informational-interview', startsAt: '2026-03-10T14:00:00Z', participants: [{ contactId: ann.id }] });
    expect(scheduled.status).toBe('scheduled');
    await expect(log({ kind: 'call', status: 'done', startsAt: '2026-03-10T14:00:00Z', participants: [{ contactId: ann.id }] })).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'status' }] });
    expect((await s.insights.contactInsight(scope(), ann.id)).nextConversationAt).toBe('2026-03-10T14:00:00.000Z');
  });

  it('moves a referral forward as conversations with the referred person happen, never backwards', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan' }));
    const first = await log({ kind: 'networking-interview', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id }], outcomes: { namesOffered: [{ newContact: { givenName: 'Bea', organizationName: 'Globex' } }] } });
    const referral = first.outcomes.referrals[0];
    const bea = referral?.to?.id ?? '';
    await log({ kind: 'email', direction: 'outbound', awaitingReply: true, startsAt: '2026-03-02T18:00:00Z', participants: [{ contactId: bea }] });
    expect((await s.referrals.get(scope(), referral?.id ?? '')).status).toBe('contacted');
    await log({ kind: 'informational-interview', startsAt: '2026-03-03T14:00:00Z', participants: [{ contactId: bea }] });
    expect((await s.referrals.get(scope(), referral?.id ?? '')).status).toBe('met');
    await log({ kind: 'call', startsAt: '2026-03-03T16:00:00Z', participants: [{ contactId: bea }] });
    expect((await s.referrals.get(scope(), referral?.id ?? '')).status).toBe('met');
    await log({ kind: 'job-interview', startsAt: '2026-03-09T14:00:00Z', interviewRound: 1, participants: [{ contactId: bea }] });
    expect((await s.referrals.get(scope(), referral?.id ?? '')).status).toBe('led-to-interview');
    expect((await s.insights.contactInsight(scope(), bea)).searchStage).toBe(3);
  });

  it('a referral a conversation moved forward is a new version: an edit made on the old one is refused, not silently undone', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan' }));
    const first = await log({ kind: 'networking-interview', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id }], outcomes: { namesOffered: [{ newContact: { givenName: 'Bea' } }] } });
    const opened = await s.referrals.get(scope(), first.outcomes.referrals[0]?.id ?? '');
    expect(opened.status).toBe('offered');
    // Someone has the referral open (version as read); meanwhile a meeting with Bea is logged.
    await log({ kind: 'informational-interview', startsAt: '2026-03-03T14:00:00Z', participants: [{ contactId: opened.to?.id ?? '' }] });
    const moved = await s.referrals.get(scope(), opened.id);
    expect(moved.status).toBe('met');
    expect(moved.version).toBeGreaterThan(opened.version);
    await expect(s.referrals.update(scope(), opened.id, { version: opened.version, note: 'stale edit' })).rejects.toThrow(/changed by someone else/);
    expect((await s.referrals.get(scope(), opened.id)).status).toBe('met');
  });

  it('moving a conversation to another date moves the names offered in it: "gave you the name on …" stays true', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan' }));
    const logged = await log({ kind: 'networking-meeting', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id }], outcomes: { namesOffered: [{ newContact: { givenName: 'Cid' } }] } });
    const offered = await s.referrals.get(scope(), logged.outcomes.referrals[0]?.id ?? '');
    expect(offered.offeredAt).toBe('2026-03-02T15:00:00.000Z');
    await s.conversations.update(scope(), logged.id, { version: logged.version, startsAt: '2026-02-01T15:00:00Z' });
    const moved = await s.referrals.get(scope(), offered.id);
    expect(moved.offeredAt).toBe('2026-02-01T15:00:00.000Z');
    expect(moved.version).toBeGreaterThan(offered.version);
    // A month-old name is past reach-referral's window: Today no longer asks to reach Cid "by Wed 4 Mar".
    await s.playbook.recompute(scope());
    const today = await s.playbook.today(scope());
    expect(JSON.stringify(today)).not.toContain('Reach out to Cid');
  });

  it('shows the whole chain behind a contact', async () => {
    const a = await s.contacts.create(scope(), buildContact({ givenName: 'Amy' }));
    const b = await s.contacts.create(scope(), buildContact({ givenName: 'Ben', introducedById: a.id }));
    const c = await s.contacts.create(scope(), buildContact({ givenName: 'Cal', introducedById: b.id }));
    expect((await s.referrals.chain(scope(), c.id)).map((p) => p.displayName)).toEqual([a.displayName, b.displayName, c.displayName]);
  });

  it('records when advice is taken and when the adviser was told', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan' }));
    const item = await s.advice.create(scope(), { contactId: stan.id, conversationId: null, kind: 'course', title: 'Evening robotics class', notes: null });
    clock.set('2026-03-05T10:00:00.000Z');
    const done = await s.advice.update(scope(), item.id, { version: item.version, status: 'done' });
    expect(done).toMatchObject({ status: 'done', doneAt: '2026-03-05T10:00:00.000Z', updateSentAt: null });
    const told = await s.advice.update(scope(), item.id, { version: done.version, updateSent: true });
    expect(told.updateSentAt).toBe('2026-03-05T10:00:00.000Z');
    await expect(s.advice.update(scope(), item.id, { version: done.version, title: 'stale' })).rejects.toMatchObject({ code: 'conflict' });
    clock.set('2026-03-03T17:00:00.000Z');
  });

  it('keeps an event with the people met there, which counts as an interaction', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    const event = await s.events.create(scope(), { name: 'Tuesday job-networking meeting', kind: 'job-networking-meeting', startsAt: '2026-03-03T13:00:00Z', timeZone: 'America/Chicago', place: 'Public library', notes: null, attendeeIds: [ann.id] });
    expect(event.attendees).toEqual([{ id: ann.id, displayName: ann.displayName }]);
    expect((await s.insights.contactInsight(scope(), ann.id)).lastInteractionAt).toBe('2026-03-03T13:00:00.000Z');
    await expect(s.events.create(scope(), { name: 'x', kind: 'mixer', startsAt: '2026-03-03T13:00:00Z', timeZone: 'UTC', place: null, notes: null, attendeeIds: ['nope'] })).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'attendeeIds.0' }] });
  });

  it('deletes a contact keeping the history with their name, or removing it', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields' }));
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    const meeting = await log({ kind: 'networking-meeting', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id }, { contactId: ann.id }], outcomes: { advice: [{ title: 'Join the PM meetup' }] } });
    expect((await s.contacts.references(scope(), stan.id)).items.map((i) => i.kind)).toEqual(['conversations', 'advice']);

    await s.contacts.remove(scope(), stan.id, 'keep-history');
    expect((await s.contacts.list(scope(), { limit: 50, offset: 0, sort: 'name' })).items.map((c) => c.givenName)).toEqual(['Ann']);
    const kept = await s.conversations.get(scope(), meeting.id);
    expect(kept.participants).toContainEqual(expect.objectContaining({ displayName: 'Stan Fields', deleted: true }));
    expect(kept.outcomes.advice[0]?.from.displayName).toBe('Stan Fields');

    await s.contacts.remove(scope(), stan.id, 'remove');
    const after = await s.conversations.get(scope(), meeting.id);
    expect(after.participants.map((p) => p.displayName)).toEqual([ann.displayName]);
    expect(after.outcomes.advice).toEqual([]);
    await expect(s.contacts.get(scope(), stan.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps each contact’s last interaction up to date as conversations come and go', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    const lastOf = async () => (await tdb.db.kysely.selectFrom('contacts').select('last_interaction_at').where('id', '=', ann.id).executeTakeFirstOrThrow()).last_interaction_at;
    const older = await log({ kind: 'call', startsAt: '2026-02-10T15:00:00Z', participants: [{ contactId: ann.id }] });
    const newer = await log({ kind: 'networking-meeting', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: ann.id }] });
    await log({ kind: 'networking-meeting', startsAt: '2026-03-20T15:00:00Z', participants: [{ contactId: ann.id }] }); // scheduled: not an interaction yet
    expect(await lastOf()).toBe('2026-03-02T15:00:00.000Z');
    await s.conversations.remove(scope(), newer.id);
    expect(await lastOf()).toBe('2026-02-10T15:00:00.000Z');
    await s.conversations.update(scope(), older.id, { version: older.version, status: 'cancelled' });
    expect(await lastOf()).toBeNull();
  });

  it('logs a conversation with nobody in particular (a note on a company)', async () => {
    const c = await log({ kind: 'call', startsAt: '2026-03-02T15:00:00Z', organizationName: 'Globex', notes: 'Called the front desk' });
    expect(c).toMatchObject({ participants: [], organization: { name: 'Globex' } });
  });

  it('refuses a stale edit of a conversation', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    const c = await log({ kind: 'call', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: ann.id }] });
    await s.conversations.update(scope(), c.id, { version: c.version, notes: 'first' });
    await expect(s.conversations.update(scope(), c.id, { version: c.version, notes: 'second' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await s.conversations.get(scope(), c.id)).notes).toBe('first');
  });

  it('a referral recorded by hand sets "introduced by" when nobody had, and an existing contact offered twice in one conversation is one referral', async () => {
    const amy = await s.contacts.create(scope(), buildContact({ givenName: 'Amy' }));
    const ben = await s.contacts.create(scope(), buildContact({ givenName: 'Ben' }));
    const cal = await s.contacts.create(scope(), buildContact({ givenName: 'Cal' }));
    await s.referrals.create(scope(), referralCreateSchema.parse({ fromContactId: amy.id, toContactId: ben.id }));
    await s.referrals.create(scope(), referralCreateSchema.parse({ fromContactId: ben.id, toContactId: cal.id }));
    // Ben back to Amy would make a loop: Amy keeps having been introduced by nobody.
    await s.referrals.create(scope(), referralCreateSchema.parse({ fromContactId: ben.id, toContactId: amy.id }));
    expect((await s.referrals.chain(scope(), cal.id)).map((c) => c.id)).toEqual([amy.id, ben.id, cal.id]);
    expect((await s.contacts.get(scope(), amy.id)).introducedBy).toBeNull();

    const c = await log({ kind: 'call', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: amy.id }], outcomes: { namesOffered: [{ contactId: cal.id }] } });
    const again = await s.conversations.addOutcomes(scope(), c.id, { namesOffered: [{ contactId: cal.id }] });
    expect(again.outcomes.referrals.map((r) => [r.from.id, r.to?.id])).toEqual([[amy.id, cal.id]]);
  });
  it('refuses the same conversation logged twice (same kind, same people, same time), naming the one already there, unless forced', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields' }));
    const input: ConversationCreateInput = {
      kind: 'networking-interview',
      startsAt: '2026-03-02T15:00:00Z',
      participants: [{ contactId: stan.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Bruce', familyName: 'Lin' } }] },
    };
    const first = await log(input);
    const counts = async () => ({
      conversations: (await s.conversations.list(scope(), conversationListQuerySchema.parse({}))).total,
      contacts: (await s.contacts.list(scope(), { limit: 50, offset: 0, sort: 'name' })).total,
    });
    const before = await counts();
    // A few minutes later on the clock is still the same meeting; nothing of it is written twice.
    await expect(log({ ...input, startsAt: '2026-03-02T15:10:00Z' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('Networking interview with Stan Fields'),
      existing: { type: 'conversation', id: first.id },
    });
    expect(await counts()).toEqual(before);

    // Not the same conversation: another kind, another day, another person.
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann' }));
    await log({ ...input, kind: 'call', outcomes: {} });
    await log({ ...input, startsAt: '2026-03-03T15:00:00Z', outcomes: {} });
    await log({ ...input, participants: [{ contactId: stan.id }, { contactId: ann.id }], outcomes: {} });
    // The user confirms it really happened twice.
    const forced = await log({ ...input, force: true, outcomes: {} });
    expect(forced.id).not.toBe(first.id);
  });

});
