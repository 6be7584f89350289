import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { organizationCreateSchema } from '../../src/contracts/organization.schema.js';
import { targetAddSchema, targetListQuerySchema, type TargetAddInput, type TargetListQueryInput } from '../../src/contracts/target.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { insertConversation, insertReferral, softDeleteContact } from '../support/relationship-rows.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`target list service on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T09:00:00.000Z');
  const scope = () => ({ workspaceId });
  const add = (input: TargetAddInput) => services.targets.add(scope(), targetAddSchema.parse(input));
  const list = (q: TargetListQueryInput = {}) => services.targets.list(scope(), targetListQuerySchema.parse(q));
  const order = async (q: TargetListQueryInput = {}) => (await list(q)).items.map((t) => `${t.rank}:${t.organizationName}`);
  const target = async (organizationId: string) => services.targets.get(scope(), organizationId);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    clock.set('2026-03-03T09:00:00.000Z');
    workspaceId = (await services.workspaces.create('test')).id;
  });

  it('adds by name (creating the organization) or by id, at the bottom, with LAMP scores and a suggester', async () => {
    const stan = await services.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields' }));
    const acme = await add({ organizationName: 'Acme Robotics', motivation: 3, posting: 2, suggestedById: stan.id, notes: 'Stan says they grow' });
    expect(acme).toMatchObject({
      organizationName: 'Acme Robotics',
      rank: 1,
      motivation: 3,
      posting: 2,
      advocacy: 0,
      status: 'researching',
      suggestedBy: { id: stan.id, displayName: 'Stan Fields' },
      notes: 'Stan says they grow',
      version: 1,
      addedAt: '2026-03-03T09:00:00.000Z',
      coverage: { contactCount: 0, bestContact: null, lastTouchAt: null, stage: 0 },
    });
    const globex = await services.organizations.create(scope(), organizationCreateSchema.parse({ name: 'Globex' }));
    expect(await add({ organizationId: globex.id })).toMatchObject({ rank: 2, motivation: 2, posting: 1 });
    // "acme robotics" is the same organization: no duplicate organization, and no duplicate entry.
    await expect(add({ organizationName: 'acme  ROBOTICS' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await services.organizations.list(scope(), { limit: 50, offset: 0, sort: 'name' })).total).toBe(2);
    expect((await services.organizations.get(scope(), acme.organizationId)).onTargetList).toBe(true);
    expect(await order()).toEqual(['1:Acme Robotics', '2:Globex']);
  });

  it('refuses an unknown organization id or suggester and changes nothing', async () => {
    await expect(add({ organizationId: 'missing' })).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'organizationId' }] });
    await expect(add({ organizationName: 'Initech', suggestedById: 'missing' })).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'suggestedById' }] });
    expect((await list()).total).toBe(0);
    // The organization the failed add would have created was rolled back too.
    expect((await services.organizations.list(scope(), { limit: 50, offset: 0, sort: 'name' })).total).toBe(0);
  });

  it('moves an entry to a position and renumbers 1..n; beyond the end means last', async () => {
    const [a, b, c, d] = [await add({ organizationName: 'A' }), await add({ organizationName: 'B' }), await add({ organizationName: 'C' }), await add({ organizationName: 'D' })];
    if (!a || !b || !c || !d) throw new Error('setup');
    expect((await services.targets.move(scope(), d.organizationId, 1)).items.map((t) => t.organizationName)).toEqual(['D', 'A', 'B', 'C']);
    await services.targets.move(scope(), d.organizationId, 3);
    expect(await order()).toEqual(['1:A', '2:B', '3:D', '4:C']);
    await services.targets.move(scope(), a.organizationId, 99);
    expect(await order()).toEqual(['1:B', '2:D', '3:C', '4:A']);
    await services.targets.move(scope(), c.organizationId, 3);
    expect(await order()).toEqual(['1:B', '2:D', '3:C', '4:A']);
    await expect(services.targets.move(scope(), 'missing', 1)).rejects.toMatchObject({ code: 'not_found' });
    // A move does not bump versions: an open edit of the scores stays valid.
    expect((await target(a.organizationId)).version).toBe(1);
  });

  it('removes an entry, keeps the organization, and closes the gap in the ranks', async () => {
    await add({ organizationName: 'A' });
    const b = await add({ organizationName: 'B' });
    await add({ organizationName: 'C' });
    await services.targets.remove(scope(), b.organizationId);
    expect(await order()).toEqual(['1:A', '2:C']);
    expect((await services.organizations.get(scope(), b.organizationId)).onTargetList).toBe(false);
    await expect(services.targets.remove(scope(), b.organizationId)).rejects.toMatchObject({ code: 'not_found' });
    // Added again, it goes to the bottom.
    expect((await add({ organizationId: b.organizationId })).rank).toBe(3);
  });

  it('edits scores and status with the version it started from; a stale edit changes nothing', async () => {
    const stan = await services.contacts.create(scope(), buildContact({ givenName: 'Stan' }));
    const a = await add({ organizationName: 'Acme', motivation: 1 });
    clock.advanceMs(60_000);
    const edited = await services.targets.update(scope(), a.organizationId, { version: 1, motivation: 3, status: 'networking', suggestedById: stan.id });
    expect(edited).toMatchObject({ motivation: 3, posting: 1, status: 'networking', suggestedBy: { id: stan.id }, version: 2 });
    await expect(services.targets.update(scope(), a.organizationId, { version: 1, posting: 3 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(services.targets.update(scope(), a.organizationId, { version: 2, suggestedById: 'missing' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(services.targets.update(scope(), 'missing', { version: 1, posting: 3 })).rejects.toMatchObject({ code: 'not_found' });
    expect(await target(a.organizationId)).toMatchObject({ motivation: 3, posting: 1, version: 2 });
    expect((await services.targets.update(scope(), a.organizationId, { version: 2, suggestedById: null })).suggestedBy).toBeNull();
  });

  it('derives Advocacy from live contacts there, orders by LAMP, and can make that order the ranking', async () => {
    const low = await add({ organizationName: 'Low', motivation: 1, posting: 3 });
    const known = await add({ organizationName: 'Known', motivation: 3, posting: 1 });
    const unknown = await add({ organizationName: 'Unknown', motivation: 3, posting: 1 });
    const hot = await add({ organizationName: 'Hot', motivation: 3, posting: 3 });
    await services.contacts.create(scope(), buildContact({ organizationName: 'Known' }));
    const ghost = await services.contacts.create(scope(), buildContact({ organizationName: 'Unknown' }));
    await softDeleteContact(tdb.db, workspaceId, ghost.id);

    expect((await target(known.organizationId)).advocacy).toBe(1);
    expect((await target(unknown.organizationId)).advocacy).toBe(0);
    expect(await order({ order: 'lamp' })).toEqual(['4:Hot', '2:Known', '3:Unknown', '1:Low']);
    // The ranking itself is untouched until asked.
    expect(await order()).toEqual(['1:Low', '2:Known', '3:Unknown', '4:Hot']);
    const ranked = await services.targets.rankByLamp(scope());
    expect(ranked.items.map((t) => `${t.rank}:${t.organizationName}`)).toEqual(['1:Hot', '2:Known', '3:Unknown', '4:Low']);
    expect(await order()).toEqual(['1:Hot', '2:Known', '3:Unknown', '4:Low']);
    expect([low, hot].every(Boolean)).toBe(true);
  });

  it('filters by status', async () => {
    await add({ organizationName: 'A' });
    await add({ organizationName: 'B', status: 'dropped' });
    expect(await order({ status: 'dropped' })).toEqual(['2:B']);
  });

  it('shows coverage: who I know there, the best of them, the last touch and the stage reached', async () => {
    const acme = await add({ organizationName: 'Acme' });
    const globex = await add({ organizationName: 'Globex' });
    const initech = await add({ organizationName: 'Initech' });
    const empty = await add({ organizationName: 'Nobody Inc' });

    // Acme: an engineer met recently and two managers (stage 2); the tie goes to the one met most recently.
    const eng = await services.contacts.create(scope(), buildContact({ givenName: 'Eve', familyName: 'Eng', organizationName: 'Acme', title: 'Engineer' }));
    const mgrA = await services.contacts.create(scope(), buildContact({ givenName: 'Al', familyName: 'Adams', organizationName: 'Acme', title: 'Engineering Manager' }));
    const mgrB = await services.contacts.create(scope(), buildContact({ givenName: 'Bea', familyName: 'Brown', organizationName: 'Acme', title: 'Director of Product' }));
    await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-20T10:00:00.000Z', participantIds: [eng.id] });
    await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-01-10T10:00:00.000Z', participantIds: [mgrA.id] });
    await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-01T10:00:00.000Z', participantIds: [mgrB.id] });
    // A scheduled conversation is not a touch yet.
    await insertConversation(tdb.db, workspaceId, { status: 'scheduled', startsAt: '2026-02-25T10:00:00.000Z', organizationId: acme.organizationId });

    // Globex: a plain contact with a meeting coming up is part of something in the works (stage 3).
    const pat = await services.contacts.create(scope(), buildContact({ givenName: 'Pat', familyName: 'Park', organizationName: 'Globex', title: 'Analyst' }));
    await services.contacts.create(scope(), buildContact({ givenName: 'Vic', familyName: 'Vale', organizationName: 'Globex', title: 'VP Sales' }));
    await insertConversation(tdb.db, workspaceId, { status: 'scheduled', startsAt: '2026-03-10T10:00:00.000Z', participantIds: [pat.id] });
    // A conversation held at Globex with nobody from there still touches it.
    await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-27T10:00:00.000Z', organizationId: globex.organizationId });

    // Initech: a referral that led to an interview makes its contact stage 3; a past scheduled one does not count.
    const roy = await services.contacts.create(scope(), buildContact({ givenName: 'Roy', familyName: 'Ray', organizationName: 'Initech' }));
    const outsider = await services.contacts.create(scope(), buildContact({ givenName: 'Out', familyName: 'Sider' }));
    await insertReferral(tdb.db, workspaceId, { fromContactId: outsider.id, toContactId: roy.id, status: 'led-to-interview' });
    await insertConversation(tdb.db, workspaceId, { status: 'scheduled', startsAt: '2026-03-01T10:00:00.000Z', participantIds: [outsider.id] });

    const byName = new Map((await list()).items.map((t) => [t.organizationName, t]));
    expect(byName.get('Acme')?.coverage).toEqual({
      contactCount: 3,
      bestContact: { id: mgrB.id, displayName: 'Bea Brown', title: 'Director of Product', searchStage: 2 },
      lastTouchAt: '2026-02-20T10:00:00.000Z',
      stage: 2,
    });
    expect(byName.get('Globex')?.coverage).toEqual({
      contactCount: 2,
      bestContact: { id: pat.id, displayName: 'Pat Park', title: 'Analyst', searchStage: 3 },
      lastTouchAt: '2026-02-27T10:00:00.000Z',
      stage: 3,
    });
    expect(byName.get('Initech')?.coverage).toMatchObject({ contactCount: 1, bestContact: { id: roy.id, searchStage: 3 }, lastTouchAt: null, stage: 3 });
    expect(byName.get('Nobody Inc')?.coverage).toEqual({ contactCount: 0, bestContact: null, lastTouchAt: null, stage: 0 });
    expect([initech, empty].every(Boolean)).toBe(true);

    // Once the meeting has passed, Pat is no longer in the works: Vic's level wins.
    clock.set('2026-03-11T09:00:00.000Z');
    expect((await target(globex.organizationId)).coverage.bestContact).toMatchObject({ displayName: 'Vic Vale', searchStage: 2 });
    // At a dropped target, a manager is no longer "the right level in a target organization".
    const latest = await target(acme.organizationId);
    await services.targets.update(scope(), acme.organizationId, { version: latest.version, status: 'dropped' });
    expect((await target(acme.organizationId)).coverage).toMatchObject({ stage: 1, bestContact: { displayName: 'Eve Eng', searchStage: 1 } });
  });

  it('reads the whole list in a fixed number of queries, however long it is', async () => {
    let queries = 0;
    // transformResult runs once per executed statement (transformQuery also runs for subqueries).
    const counter: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        queries += 1;
        return args.result;
      },
    };
    const counted = createServices({ db: { ...tdb.db, kysely: tdb.db.kysely.withPlugin(counter) }, clock });
    const measure = async () => {
      queries = 0;
      await counted.targets.list(scope(), targetListQuerySchema.parse({}));
      return queries;
    };
    await add({ organizationName: 'Org 0' });
    await services.contacts.create(scope(), buildContact({ organizationName: 'Org 0' }));
    const forOne = await measure();
    for (let i = 1; i < 12; i += 1) {
      await add({ organizationName: `Org ${i}` });
      await services.contacts.create(scope(), buildContact({ organizationName: `Org ${i}`, title: 'Director' }));
    }
    expect(forOne).toBeLessThanOrEqual(3);
    expect(await measure()).toBe(forOne);
  });

  it('never shows one workspace the targets of another', async () => {
    const other = (await services.workspaces.create('other')).id;
    const theirs = await services.targets.add({ workspaceId: other }, targetAddSchema.parse({ organizationName: 'Secret Corp' }));
    const theirContact = await services.contacts.create({ workspaceId: other }, buildContact({ organizationName: 'Secret Corp' }));
    expect((await list()).total).toBe(0);
    await expect(target(theirs.organizationId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(add({ organizationId: theirs.organizationId })).rejects.toMatchObject({ code: 'invalid' });
    await expect(add({ organizationName: 'Mine', suggestedById: theirContact.id })).rejects.toMatchObject({ code: 'invalid' });
    await expect(services.targets.update(scope(), theirs.organizationId, { version: 1, motivation: 0 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.targets.move(scope(), theirs.organizationId, 1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.targets.remove(scope(), theirs.organizationId)).rejects.toMatchObject({ code: 'not_found' });
    // Ranks are per workspace: mine starts at 1, theirs is untouched by my moves.
    const mine = await add({ organizationName: 'Secret Corp' });
    expect(mine).toMatchObject({ rank: 1, advocacy: 0 });
    await services.targets.rankByLamp(scope());
    expect((await services.targets.get({ workspaceId: other }, theirs.organizationId))).toMatchObject({ rank: 1, advocacy: 1 });
  });
});
