import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { daysFromNow } from '../support/clock.js';

type Issue = { path: string; message: string };
type ErrorBody = { error: { code: string; message: string; issues?: Issue[] } };
type Ref = { id: string; displayName: string };
type Conversation = {
  id: string;
  status: string;
  version: number;
  participants: (Ref & { role: string; deleted: boolean })[];
  outcomes: {
    referrals: { id: string; from: Ref; to: Ref | null; status: string }[];
    companiesSuggested: { organizationId: string; organizationName: string; suggestedBy: Ref | null }[];
    advice: { id: string; title: string; kind: string; status: string; from: Ref }[];
  };
};


describe('relationship API: conversations, referrals, advice, events, contact insight', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const contact = async (givenName: string, familyName: string, extra: Record<string, unknown> = {}) => {
    const res = await inject('POST', '/api/contacts', { givenName, familyName, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Ref & { version: number }>();
  };
  const issuesOf = (res: { json<T>(): T }) => (res.json<ErrorBody>().error.issues ?? []).map((i) => i.path);
  /** Rows of every table a conversation can write to: a refused request must leave them all as they were. */
  const counts = async () => {
    const k = t.tdb.db.kysely;
    const n = async (table: 'conversations' | 'contacts' | 'referrals' | 'advice_items' | 'targets' | 'organizations' | 'conversation_participants') =>
      Number((await k.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      conversations: (await inject('GET', '/api/conversations')).json<{ total: number }>().total,
      contacts: (await inject('GET', '/api/contacts')).json<{ total: number }>().total,
      rows: {
        conversations: await n('conversations'),
        contacts: await n('contacts'),
        referrals: await n('referrals'),
        advice: await n('advice_items'),
        targets: await n('targets'),
        organizations: await n('organizations'),
        participants: await n('conversation_participants'),
      },
    };
  };

  it('logs a networking interview with its outcomes and reads it back', async () => {
    const stan = await contact('Stan', 'Fields', { organizationName: 'Acme', title: 'Engineering Manager' });
    const startsAt = daysFromNow(-2);
    const res = await inject('POST', '/api/conversations', {
      kind: 'networking-interview',
      startsAt,
      timeZone: 'Europe/Paris',
      durationMinutes: 20,
      participants: [{ contactId: stan.id }],
      notes: 'Robotics teams',
      outcomes: {
        namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron', organizationName: 'Globex' } }, { newContact: { givenName: 'Grace', familyName: 'Hopper' } }],
        companiesSuggested: [{ organizationName: 'Initech' }],
        advice: [{ kind: 'book', title: 'The 2-Hour Job Search' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<Conversation>();
    expect(created).toMatchObject({ status: 'done', version: 1, participants: [{ id: stan.id, displayName: 'Stan Fields', role: 'participant', deleted: false }] });

    const read = await inject('GET', `/api/conversations/${created.id}`);
    expect(read.statusCode).toBe(200);
    const back = read.json<Conversation>();
    expect(back).toEqual(created);
    expect(back.outcomes.referrals.map((r) => [r.from.displayName, r.to?.displayName, r.status])).toEqual([
      ['Stan Fields', 'Ada Byron', 'offered'],
      ['Stan Fields', 'Grace Hopper', 'offered'],
    ]);
    expect(back.outcomes.companiesSuggested).toEqual([expect.objectContaining({ organizationName: 'Initech', suggestedBy: { id: stan.id, displayName: 'Stan Fields' } })]);
    expect(back.outcomes.advice).toEqual([expect.objectContaining({ title: 'The 2-Hour Job Search', kind: 'book', status: 'open', from: { id: stan.id, displayName: 'Stan Fields' } })]);

    const listed = (await inject('GET', `/api/conversations?contactId=${stan.id}`)).json<{ total: number; items: { id: string }[] }>();
    expect(listed).toMatchObject({ total: 1, items: [{ id: created.id }] });
    const ada = (await inject('GET', `/api/contacts/${back.outcomes.referrals[0]?.to?.id}`)).json<{ introducedBy: Ref; organizationName: string }>();
    expect(ada).toMatchObject({ introducedBy: { id: stan.id, displayName: 'Stan Fields' }, organizationName: 'Globex' });
    const referrals = (await inject('GET', `/api/referrals?contactId=${stan.id}`)).json<unknown[]>();
    expect(referrals).toHaveLength(2);
    const advice = (await inject('GET', `/api/advice?contactId=${stan.id}&status=open`)).json<unknown[]>();
    expect(advice).toHaveLength(1);
  });

  it('adds outcomes later, and offering the same contact twice in one conversation is one referral', async () => {
    const pat = await contact('Pat', 'Outcome');
    const lee = await contact('Lee', 'Offered');
    const c = (await inject('POST', '/api/conversations', { kind: 'call', startsAt: daysFromNow(-1), participants: [{ contactId: pat.id }] })).json<Conversation>();
    const first = await inject('POST', `/api/conversations/${c.id}/outcomes`, { namesOffered: [{ contactId: lee.id }], advice: [{ title: 'Ask Lee about Globex' }] });
    expect(first.statusCode, first.body).toBe(200);
    const again = await inject('POST', `/api/conversations/${c.id}/outcomes`, { namesOffered: [{ contactId: lee.id }] });
    expect(again.statusCode).toBe(200);
    expect(again.json<Conversation>().outcomes.referrals.map((r) => r.to?.displayName)).toEqual(['Lee Offered']);
    expect(again.json<Conversation>().outcomes.advice).toEqual([expect.objectContaining({ title: 'Ask Lee about Globex', kind: 'other' })]);
  });

  it('answers 400 naming the field path, and writes nothing', async () => {
    const stan = await contact('Stan', 'Refused');
    const before = await counts();
    const post = (body: Record<string, unknown>) => inject('POST', '/api/conversations', { kind: 'networking-meeting', startsAt: daysFromNow(-1), participants: [{ contactId: stan.id }], ...body });

    const badEmail = await post({ outcomes: { namesOffered: [{ newContact: { givenName: 'Ada', emails: [{ value: 'not-an-email' }] } }] } });
    expect(badEmail.statusCode).toBe(400);
    expect(issuesOf(badEmail)).toContain('outcomes.namesOffered.0.newContact.emails.0.value');

    const unknownParticipant = await post({ participants: [{ contactId: stan.id }, { contactId: 'no-such-contact' }] });
    expect(unknownParticipant.statusCode).toBe(400);
    expect(unknownParticipant.json<ErrorBody>().error.code).toBe('invalid');
    expect(issuesOf(unknownParticipant)).toEqual(['participants.1.contactId']);
    const blankParticipant = await post({ participants: [{ contactId: '' }] });
    expect(blankParticipant.statusCode).toBe(400);
    expect(issuesOf(blankParticipant)).toEqual(['participants.0.contactId']);

    const badTime = await post({ startsAt: 'yesterday-ish' });
    expect(badTime.statusCode).toBe(400);
    expect(issuesOf(badTime)).toEqual(['startsAt']);
    const badKind = await post({ kind: 'chat' });
    expect(badKind.statusCode).toBe(400);
    expect(issuesOf(badKind)).toEqual(['kind']);
    const badZone = await post({ timeZone: 'Mars/Olympus' });
    expect(issuesOf(badZone)).toEqual(['timeZone']);
    const unknownField = await post({ mood: 'great' });
    expect(unknownField.statusCode).toBe(400);

    const futureDone = await post({ startsAt: daysFromNow(3), status: 'done' });
    expect(futureDone.statusCode).toBe(400);
    expect(issuesOf(futureDone)).toEqual(['status']);

    // Valid up to the last item: the first name offered would create a contact, the second refers
    // to nobody. The whole conversation is refused, and the first contact is not left behind.
    const halfValid = await post({
      outcomes: {
        namesOffered: [{ newContact: { givenName: 'Orphan', familyName: 'Candidate' } }, { contactId: 'no-such-contact' }],
        companiesSuggested: [{ organizationName: 'Never Added Inc' }],
        advice: [{ title: 'never recorded' }],
      },
    });
    expect(halfValid.statusCode).toBe(400);
    expect(issuesOf(halfValid)).toEqual(['outcomes.namesOffered.1.contactId']);
    const wrongSource = await post({ outcomes: { advice: [{ title: 'x', givenById: 'someone-else' }] } });
    expect(wrongSource.statusCode).toBe(400);
    expect(issuesOf(wrongSource)).toEqual(['outcomes.advice.0.givenById']);
    const noParticipant = await post({ participants: [], organizationName: 'Globex', outcomes: { companiesSuggested: [{ organizationName: 'Initrode' }] } });
    expect(noParticipant.statusCode).toBe(400);
    expect(issuesOf(noParticipant)).toEqual(['outcomes.companiesSuggested.0.suggestedById']);
    const nobody = await post({ participants: [] });
    expect(nobody.statusCode).toBe(400);
    expect(issuesOf(nobody)).toEqual(['participants']);
    const in1901 = await post({ startsAt: '1901-01-01T10:00:00Z' });
    expect(in1901.statusCode).toBe(400);
    expect(issuesOf(in1901)).toEqual(['startsAt']);

    expect(await counts()).toEqual(before);
    const orphan = (await inject('GET', '/api/contacts?q=orphan')).json<{ total: number }>();
    expect(orphan.total).toBe(0);
  });

  it('answers 404 for unknown ids on every resource', async () => {
    const unknown: [method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown][] = [
      ['GET', '/api/conversations/nope'],
      ['PATCH', '/api/conversations/nope', { version: 1, notes: 'x' }],
      ['DELETE', '/api/conversations/nope'],
      ['POST', '/api/conversations/nope/outcomes', { advice: [{ title: 'x' }] }],
      ['GET', '/api/referrals/nope'],
      ['PATCH', '/api/referrals/nope', { version: 1, status: 'met' }],
      ['DELETE', '/api/referrals/nope'],
      ['PATCH', '/api/advice/nope', { version: 1, status: 'done' }],
      ['DELETE', '/api/advice/nope'],
      ['GET', '/api/events/nope'],
      ['PATCH', '/api/events/nope', { version: 1, name: 'x' }],
      ['DELETE', '/api/events/nope'],
      ['GET', '/api/contacts/nope/insight'],
      ['GET', '/api/contacts/nope/timeline'],
      ['GET', '/api/contacts/nope/chain'],
      ['GET', '/api/contacts/nope/references'],
      ['DELETE', '/api/contacts/nope?mode=remove'],
    ];
    for (const [method, url, payload] of unknown) {
      const res = await inject(method, url, payload);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
      expect(res.json<ErrorBody>().error.code).toBe('not_found');
    }
  });

  it('answers 409 for an edit on a stale version of a conversation, referral, advice item or event', async () => {
    const amy = await contact('Amy', 'Stale');
    const ben = await contact('Ben', 'Stale');
    const conversation = (await inject('POST', '/api/conversations', { kind: 'call', startsAt: daysFromNow(-1), participants: [{ contactId: amy.id }] })).json<{ id: string }>();
    const referral = (await inject('POST', '/api/referrals', { fromContactId: amy.id, toContactId: ben.id })).json<{ id: string }>();
    const advice = (await inject('POST', '/api/advice', { contactId: amy.id, title: 'Read a book', kind: 'book' })).json<{ id: string }>();
    const event = (await inject('POST', '/api/events', { name: 'Mixer', kind: 'mixer', startsAt: daysFromNow(-3), attendeeIds: [amy.id] })).json<{ id: string }>();
    const edits: [string, Record<string, unknown>, Record<string, unknown>][] = [
      [`/api/conversations/${conversation.id}`, { notes: 'first' }, { notes: 'second' }],
      [`/api/referrals/${referral.id}`, { status: 'contacted' }, { status: 'met' }],
      [`/api/advice/${advice.id}`, { status: 'done' }, { updateSent: true }],
      [`/api/events/${event.id}`, { place: 'Café Nova' }, { place: 'Elsewhere' }],
    ];
    for (const [url, first, second] of edits) {
      const ok = await inject('PATCH', url, { version: 1, ...first });
      expect(ok.statusCode, `${url}: ${ok.body}`).toBe(200);
      expect(ok.json<{ version: number }>().version).toBe(2);
      const stale = await inject('PATCH', url, { version: 1, ...second });
      expect(stale.statusCode, url).toBe(409);
      expect(stale.json<ErrorBody>().error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed by someone else/) });
    }
    const doneAdvice = (await inject('GET', `/api/advice?contactId=${amy.id}`)).json<{ status: string; doneAt: string | null; updateSentAt: string | null }[]>();
    expect(doneAdvice).toEqual([expect.objectContaining({ status: 'done', doneAt: expect.any(String), updateSentAt: null })]);
  });

  it('derives a contact’s insight, timeline, chain and references', async () => {
    const amy = await contact('Amy', 'Chain', { title: 'Director of Engineering' });
    const ben = await contact('Ben', 'Chain');
    const cal = await contact('Cal', 'Chain');
    // A referral recorded by hand sets "introduced by" when nobody had, so it shows in the chain.
    expect((await inject('POST', '/api/referrals', { fromContactId: amy.id, toContactId: ben.id })).statusCode).toBe(201);
    expect((await inject('POST', '/api/referrals', { fromContactId: ben.id, toContactId: cal.id, note: 'Cal hires' })).statusCode).toBe(201);
    const chain = await inject('GET', `/api/contacts/${cal.id}/chain`);
    expect(chain.statusCode).toBe(200);
    expect(chain.json<{ chain: Ref[] }>().chain.map((c) => c.displayName)).toEqual(['Amy Chain', 'Ben Chain', 'Cal Chain']);

    const past = daysFromNow(-5);
    const next = daysFromNow(7);
    await inject('POST', '/api/conversations', { kind: 'informational-interview', startsAt: past, participants: [{ contactId: ben.id }], title: 'Coffee with Ben' });
    await inject('POST', '/api/conversations', { kind: 'job-interview', startsAt: next, participants: [{ contactId: ben.id }], interviewRound: 1 });
    await inject('POST', '/api/advice', { contactId: ben.id, title: 'Talk to Cal', kind: 'person' });

    const insight = await inject('GET', `/api/contacts/${ben.id}/insight`);
    expect(insight.statusCode).toBe(200);
    expect(insight.json()).toMatchObject({
      lastInteractionAt: past,
      nextConversationAt: next,
      responsiveness: 'unknown',
      searchStage: 3,
      searchStageReason: expect.any(String),
      referralChain: [{ id: amy.id, displayName: 'Amy Chain' }, { id: ben.id, displayName: 'Ben Chain' }],
      introduced: [{ id: cal.id, displayName: 'Cal Chain' }],
    });
    const amyInsight = (await inject('GET', `/api/contacts/${amy.id}/insight`)).json<{ searchStage: number; lastInteractionAt: string | null; introduced: Ref[] }>();
    expect(amyInsight).toMatchObject({ lastInteractionAt: null, introduced: [{ id: ben.id, displayName: 'Ben Chain' }] });

    const timeline = await inject('GET', `/api/contacts/${ben.id}/timeline`);
    expect(timeline.statusCode).toBe(200);
    const entries = timeline.json<{ entries: { at: string; kind: string; title: string }[] }>().entries;
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['conversation', 'referral-in', 'referral-out', 'advice', 'created']));
    expect(entries.find((e) => e.kind === 'referral-in')?.title).toBe('Introduced to you by Amy Chain');
    expect(entries.find((e) => e.title.startsWith('Coffee with Ben'))).toBeDefined();
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());

    const refs = await inject('GET', `/api/contacts/${ben.id}/references`);
    expect(refs.statusCode).toBe(200);
    const byKind = Object.fromEntries(refs.json<{ items: { kind: string; count: number }[] }>().items.map((i) => [i.kind, i.count]));
    expect(byKind).toEqual({ conversations: 2, referrals: 2, advice: 1, introduced: 1 });
    expect(refs.json<{ total: number }>().total).toBe(6);
  });

  it('deletes a contact keeping their history, or removing it, and refuses an unknown mode', async () => {
    const kim = await contact('Kim', 'Kept');
    const rob = await contact('Rob', 'Removed');
    const other = await contact('Oli', 'Other');
    const shared = (await inject('POST', '/api/conversations', {
      kind: 'networking-meeting',
      startsAt: daysFromNow(-4),
      participants: [{ contactId: kim.id }, { contactId: rob.id }, { contactId: other.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Ria', familyName: 'Introduced' }, offeredById: rob.id }], advice: [{ title: 'Rob says: learn Rust', givenById: rob.id }] },
    })).json<Conversation>();
    const robAlone = (await inject('POST', '/api/conversations', { kind: 'call', startsAt: daysFromNow(-3), participants: [{ contactId: rob.id }] })).json<{ id: string }>();
    const ria = shared.outcomes.referrals[0]?.to;
    expect(ria?.displayName).toBe('Ria Introduced');

    const invalid = await inject('DELETE', `/api/contacts/${kim.id}?mode=shred`);
    expect(invalid.statusCode).toBe(400);
    expect(issuesOf(invalid)).toEqual(['mode']);
    expect((await inject('GET', `/api/contacts/${kim.id}`)).json<{ deletedAt: string | null }>().deletedAt).toBeNull();

    expect((await inject('DELETE', `/api/contacts/${kim.id}?mode=keep-history`)).statusCode).toBe(204);
    expect((await inject('GET', '/api/contacts?q=kim')).json<{ total: number }>().total).toBe(0);
    expect((await inject('GET', `/api/contacts/${kim.id}`)).json<{ deletedAt: string | null }>().deletedAt).toEqual(expect.any(String));
    const kept = (await inject('GET', `/api/conversations/${shared.id}`)).json<Conversation>();
    expect(kept.participants).toContainEqual(expect.objectContaining({ id: kim.id, displayName: 'Kim Kept', deleted: true }));
    // A kept-history contact can no longer join a new conversation.
    const withDeleted = await inject('POST', '/api/conversations', { kind: 'call', startsAt: daysFromNow(-1), participants: [{ contactId: kim.id }] });
    expect(withDeleted.statusCode).toBe(400);
    expect(issuesOf(withDeleted)).toEqual(['participants.0.contactId']);

    expect((await inject('DELETE', `/api/contacts/${rob.id}?mode=remove`)).statusCode).toBe(204);
    expect((await inject('GET', `/api/contacts/${rob.id}`)).statusCode).toBe(404);
    expect((await inject('GET', `/api/conversations/${robAlone.id}`)).statusCode).toBe(404);
    const afterRemove = (await inject('GET', `/api/conversations/${shared.id}`)).json<Conversation>();
    expect(afterRemove.participants.map((p) => p.displayName)).toEqual(['Kim Kept', 'Oli Other']);
    expect(afterRemove.outcomes.referrals).toEqual([]);
    expect(afterRemove.outcomes.advice).toEqual([]);
    expect((await inject('GET', `/api/contacts/${ria?.id}`)).json<{ introducedBy: Ref | null }>().introducedBy).toBeNull();
  });

  it('records events with the people met there, and refuses unknown attendees by index', async () => {
    const sam = await contact('Sam', 'Attendee');
    const created = await inject('POST', '/api/events', { name: 'Breakfast club', startsAt: daysFromNow(-6), timeZone: 'Europe/Paris', place: 'Café Nova', attendeeIds: [sam.id] });
    expect(created.statusCode).toBe(201);
    const event = created.json<{ id: string; attendees: Ref[]; kind: string }>();
    expect(event).toMatchObject({ kind: 'job-networking-meeting', attendees: [{ id: sam.id, displayName: 'Sam Attendee' }] });
    expect((await inject('GET', `/api/events?contactId=${sam.id}`)).json<unknown[]>()).toHaveLength(1);
    const bad = await inject('POST', '/api/events', { name: 'x', startsAt: daysFromNow(-1), attendeeIds: [sam.id, 'nobody'] });
    expect(bad.statusCode).toBe(400);
    expect(issuesOf(bad)).toEqual(['attendeeIds.1']);
    const badKind = await inject('POST', '/api/events', { name: 'x', startsAt: daysFromNow(-1), kind: 'party' });
    expect(issuesOf(badKind)).toEqual(['kind']);
  });

  it('publishes the relationship paths in the OpenAPI document', async () => {
    const doc = (await inject('GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/conversations',
        '/api/conversations/{id}',
        '/api/conversations/{id}/outcomes',
        '/api/referrals',
        '/api/referrals/{id}',
        '/api/advice',
        '/api/advice/{id}',
        '/api/events',
        '/api/events/{id}',
        '/api/contacts/{id}/insight',
        '/api/contacts/{id}/timeline',
        '/api/contacts/{id}/chain',
        '/api/contacts/{id}/references',
      ]),
    );
    expect(Object.keys(doc.paths['/api/conversations/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(Object.keys(doc.paths['/api/contacts/{id}'] ?? {})).toContain('delete');
  });
});
