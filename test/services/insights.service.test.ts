import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema } from '../../src/contracts/conversation.schema.js';
import { opportunityCreateSchema, opportunityRoundLogSchema } from '../../src/contracts/opportunity.schema.js';
import { referralCreateSchema } from '../../src/contracts/referral.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`insights and the network on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-02T09:00:00.000Z'); // Mon 2 Mar 2026
  const scope = () => ({ workspaceId });

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    workspaceId = (await s.workspaces.create('test')).id;
  });

  it('computes every metric from the records, agreeing with Today on things in the works', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee' }));
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme' }));
    const bob = await s.contacts.create(scope(), buildContact({ givenName: 'Bob', familyName: 'Stone', organizationName: 'Globex' }));
    await s.referrals.create(scope(), referralCreateSchema.parse({ fromContactId: ann.id, toContactId: stan.id }));
    for (const name of ['Acme', 'Globex', 'Initech']) await s.targets.add(scope(), targetAddSchema.parse({ organizationName: name }));
    clock.set('2026-03-10T09:00:00.000Z');
    const dream = await s.opportunities.create(scope(), opportunityCreateSchema.parse({ organizationName: 'Acme', title: 'Robotics Engineer' }));
    for (const day of ['2026-03-03', '2026-03-05']) await s.opportunities.logRound(scope(), dream.id, opportunityRoundLogSchema.parse({ startsAt: `${day}T15:00:00Z`, participants: [{ contactId: stan.id }] }));
    const team = await s.opportunities.create(scope(), opportunityCreateSchema.parse({ organizationName: 'Acme', title: 'Automation Engineer', referrerContactId: stan.id }));
    await s.opportunities.move(scope(), team.id, { version: team.version, stage: 'offer' });
    await s.conversations.create(scope(), conversationCreateSchema.parse({ kind: 'networking-meeting', startsAt: '2026-03-09T10:00:00Z', participants: [{ contactId: bob.id }] }));
    await s.conversations.create(scope(), conversationCreateSchema.parse({ kind: 'email', direction: 'outbound', startsAt: '2026-03-04T10:00:00Z', participants: [{ contactId: bob.id }], awaitingReply: false }));
    const email = await s.conversations.create(scope(), conversationCreateSchema.parse({ kind: 'email', direction: 'outbound', awaitingReply: true, startsAt: '2026-03-05T10:00:00Z', participants: [{ contactId: bob.id }] }));
    await s.conversations.update(scope(), email.id, { version: email.version, repliedAt: '2026-03-06T10:00:00Z' });

    const i = await s.searchInsights.insights(scope(), 3);
    const today = await s.playbook.today(scope());
    expect(i.inTheWorks.current).toBe(today.inTheWorks.count);
    expect(i.inTheWorks.series.map((p) => p.week)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(i.funnel.map((f) => [f.step, f.count])).toEqual([
      ['contacts', 3],
      ['conversations', 2],
      // Ann → Stan, and Stan referring Roger to Acme for the Automation Engineer role.
      ['referrals', 2],
      ['interviews', 3],
      ['offers', 1],
    ]);
    expect(i.interviews).toMatchObject({ total: 3, networking: 1, posting: 2 });
    expect(i.coverage).toMatchObject({ topTargets: 3, withContact: 2, withConversation: 2 });
    expect(i.replies).toMatchObject({ outreaches: 1, replied: 1, rate: 1, people: { booster: 1 } });
    expect(i.activity.weeks.at(-1)).toMatchObject({ week: '2026-03-09', conversations: 1 });
    // The goals are the profile's weekly goals (issue 19: Insights said "10 actions done" while the
    // profile held "Follow-ups a week: 5"): its defaults, then whatever the seeker sets there.
    expect(i.activity.goals).toEqual({ newContactsPerWeek: 5, conversationsPerWeek: 3, actionsDonePerWeek: 5 });
    await s.profile.update(scope(), { weeklyGoals: { newContacts: 4, conversations: 8, followUps: 7 } });
    expect((await s.searchInsights.insights(scope(), 3)).activity.goals).toEqual({ newContactsPerWeek: 4, conversationsPerWeek: 8, actionsDonePerWeek: 7 });

    const graph = await s.network.graph(scope(), {});
    const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label;
    expect(graph.edges.filter((e) => e.path === 'offer').map((e) => `${label(e.source)} → ${label(e.target)} (${e.kind})`).sort()).toEqual([
      'Ann Lee → Stan Fields (referral)',
      'Stan Fields → Automation Engineer · Acme (referrer)',
    ]);
    expect(graph.nodes.find((n) => n.id === stan.id)?.path).toBe('offer');
    const around = await s.network.graph(scope(), { focus: ann.id, depth: 1 });
    expect(around.nodes.map((n) => n.label).sort()).toEqual(['Ann Lee', 'Stan Fields']);
  });
});
