import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adviceCreateSchema } from '../../src/contracts/referral.schema.js';
import { conversationCreateSchema, type ConversationCreateInput } from '../../src/contracts/conversation.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { insertReferral } from '../support/relationship-rows.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/**
 * The same person entered twice, then merged: nothing of theirs may be left twice — Today,
 * the next-day call and the network graph see one person with one referral.
 */
describe.skipIf(!available)(`merging two records of one person on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-04T08:00:00.000Z'); // Wed 4 Mar 2026
  const scope = () => ({ workspaceId });
  const log = (input: ConversationCreateInput) => s.conversations.create(scope(), conversationCreateSchema.parse(input));
  const openActions = async () => (await s.playbook.list(scope(), { limit: 200 })).filter((a) => a.status === 'open');
  const count = (text: string, word: string) => text.split(word).length - 1;

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

  /** Maria offers Bruce Lin in a networking interview and again in a call: two Bruces, two referrals. */
  async function bruceTwice() {
    const maria = await s.contacts.create(scope(), buildContact({ givenName: 'Maria', familyName: 'Lopez', organizationName: 'Acme' }));
    const interview = await log({
      kind: 'networking-interview',
      startsAt: '2026-03-03T15:00:00Z',
      participants: [{ contactId: maria.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Bruce', familyName: 'Lin' } }] },
    });
    const call = await log({
      kind: 'call',
      startsAt: '2026-03-03T18:00:00Z',
      participants: [{ contactId: maria.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Bruce', familyName: 'Lin' } }] },
    });
    const [first, second] = [interview.outcomes.referrals[0]?.to?.id, call.outcomes.referrals[0]?.to?.id];
    if (!first || !second) throw new Error('expected two Bruces');
    return { maria, interview, call, first, second };
  }

  it('reproduces the mess first: two Bruces give two "Reach out" actions and a call naming him twice', async () => {
    await bruceTwice();
    await s.playbook.recompute(scope());
    const reach = (await openActions()).filter((a) => a.ruleId === 'reach-referral');
    expect(reach.map((a) => a.title)).toEqual(['Reach out to Bruce Lin', 'Reach out to Bruce Lin']);
  });

  it('leaves one referral, one action per fact, one name in the call and one edge in the graph', async () => {
    const { maria, interview, first, second } = await bruceTwice();
    await s.playbook.recompute(scope());
    await s.imports.merge(scope(), first, second);

    const referrals = await s.referrals.list(scope(), { contactId: first });
    expect(referrals.map((r) => [r.from.id, r.to?.id, r.status])).toEqual([[maria.id, first, 'offered']]);

    await s.playbook.recompute(scope());
    const open = await openActions();
    expect(open.filter((a) => a.ruleId === 'reach-referral').map((a) => a.title)).toEqual(['Reach out to Bruce Lin']);
    const call = open.find((a) => a.ruleId === 'next-day-call');
    expect(call?.subjects).toContainEqual(expect.objectContaining({ type: 'conversation', id: interview.id }));
    expect(count(call?.reason ?? '', 'Bruce Lin')).toBe(1);
    // No two open actions say the same thing about the same people.
    const seen = open.map((a) => `${a.ruleId} ${a.title} ${a.recipients.map((r) => r.id).join(',')} ${a.reason}`);
    expect(new Set(seen).size).toBe(seen.length);

    const graph = await s.network.graph(scope());
    const between = graph.edges.filter((e) => e.source === maria.id && e.target === first);
    expect(between).toHaveLength(1);
    // Recomputing again changes nothing: no stale twin is waiting to come back.
    expect(await s.playbook.recompute(scope())).toEqual({ created: 0, updated: 0, obsolete: 0 });
  });

  it('keeps the furthest status and the earliest offer when two referrals become one', async () => {
    const { maria, first, second } = await bruceTwice();
    const [, later] = (await s.referrals.list(scope(), {})).filter((r) => r.from.id === maria.id).sort((a, b) => a.offeredAt.localeCompare(b.offeredAt));
    if (!later) throw new Error('expected two referrals');
    await s.referrals.update(scope(), later.id, { version: later.version, status: 'met' });
    await s.imports.merge(scope(), first, second);
    const referrals = await s.referrals.list(scope(), { contactId: first });
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({ status: 'met', offeredAt: '2026-03-03T15:00:00.000Z' });
  });

  it('leaves each participant, interviewer and piece of advice once', async () => {
    const { first, second } = await bruceTwice();
    const both = await log({ kind: 'networking-meeting', startsAt: '2026-03-02T10:00:00Z', participants: [{ contactId: first }, { contactId: second }] });
    await s.advice.create(scope(), adviceCreateSchema.parse({ contactId: first, kind: 'book', title: 'Read “Never Eat Alone”' }));
    const twin = await s.advice.create(scope(), adviceCreateSchema.parse({ contactId: second, kind: 'book', title: 'read “never eat alone” ' }));
    await s.advice.update(scope(), twin.id, { version: twin.version, status: 'done' });
    await s.advice.create(scope(), adviceCreateSchema.parse({ contactId: second, kind: 'course', title: 'Take the SQL class' }));

    await s.imports.merge(scope(), first, second);

    expect((await s.conversations.get(scope(), both.id)).participants.map((p) => p.id)).toEqual([first]);
    const advice = await s.advice.list(scope(), { contactId: first });
    expect(advice.map((a) => [a.title, a.status]).sort()).toEqual([
      ['Read “Never Eat Alone”', 'done'],
      ['Take the SQL class', 'open'],
    ]);
  });

  it('keeps what the user already answered: a dismissed "Reach out" on the merged record stays dismissed', async () => {
    const { first, second } = await bruceTwice();
    await s.playbook.recompute(scope());
    const reachSecond = (await openActions()).find((a) => a.ruleId === 'reach-referral' && a.recipients.some((r) => r.id === second));
    if (!reachSecond) throw new Error('expected a reach-out to the second Bruce');
    await s.playbook.dismiss(scope(), reachSecond.id);
    await s.imports.merge(scope(), first, second);
    await s.playbook.recompute(scope());
    expect((await openActions()).filter((a) => a.ruleId === 'reach-referral')).toEqual([]);
    expect(await s.playbook.get(scope(), reachSecond.id)).toMatchObject({ status: 'dismissed', recipients: [expect.objectContaining({ id: first })] });
  });

  it('offering an existing contact again in a later conversation is not a second referral, and the graph draws a pair once', async () => {
    const { maria, first } = await bruceTwice();
    await log({ kind: 'call', startsAt: '2026-03-03T19:00:00Z', participants: [{ contactId: maria.id }], outcomes: { namesOffered: [{ contactId: first }] } });
    expect((await s.referrals.list(scope(), { contactId: first })).filter((r) => r.from.id === maria.id)).toHaveLength(1);
    // Two referrals between one pair (stored before this rule, or set by hand) are one edge.
    await insertReferral(tdb.db, workspaceId, { fromContactId: maria.id, toContactId: first, status: 'met' });
    const edges = (await s.network.graph(scope())).edges.filter((e) => e.source === maria.id && e.target === first);
    expect(edges).toMatchObject([{ kind: 'referral', status: 'met' }]);
  });
});
