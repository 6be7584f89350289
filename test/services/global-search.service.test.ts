import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema, conversationUpdateSchema, type ConversationCreateInput } from '../../src/contracts/conversation.schema.js';
import { opportunityCreateSchema, opportunityUpdateSchema } from '../../src/contracts/opportunity.schema.js';
import { organizationCreateSchema, organizationUpdateSchema } from '../../src/contracts/organization.schema.js';
import { searchQuerySchema, type SearchQueryInput } from '../../src/contracts/search.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/**
 * The command palette's search as a person uses it: one box finds people, organizations,
 * opportunities and conversations, forgives a typo where names are concerned, and sees an
 * edit at once — this process's or another's.
 */
describe.skipIf(!available)(`global search on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T14:00:00.000Z');
  const scope = () => ({ workspaceId });
  const find = (input: SearchQueryInput) => s.search.search(scope(), searchQuerySchema.parse(input));
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

  it('finds each kind of record from one query, names with a typo forgiven', async () => {
    const maria = await s.contacts.create(scope(), buildContact({ givenName: 'Maria', familyName: 'Gonzalez', title: 'Head of Platform', organizationName: 'Globex Robotics' }));
    await s.contacts.create(scope(), buildContact({ givenName: 'Mario', familyName: 'Rossi' }));
    const globex = (await s.organizations.list(scope(), { q: 'globex', limit: 5, offset: 0, sort: 'name' })).items[0];
    if (!globex) throw new Error('Globex was not created with Maria');
    await s.targets.add(scope(), targetAddSchema.parse({ organizationId: globex.id }));
    await s.organizations.create(scope(), organizationCreateSchema.parse({ name: 'Initech', location: 'Austin' }));
    const role = await s.opportunities.create(scope(), opportunityCreateSchema.parse({ organizationName: 'Globex Robotics', title: 'Platform Engineer' }));
    const coffee = await log({ kind: 'networking-meeting', startsAt: '2026-02-20T15:00:00Z', title: 'Coffee with Maria', participants: [{ contactId: maria.id }] });

    const byTypo = await find({ q: 'marai gonzlez' });
    expect(byTypo.contacts.items.map((c) => c.displayName)).toEqual(['Maria Gonzalez']);
    expect(byTypo.contacts.items[0]).toEqual({ id: maria.id, displayName: 'Maria Gonzalez', title: 'Head of Platform', organizationName: 'Globex Robotics' });

    const globexFound = await find({ q: 'globx' });
    expect(globexFound.organizations.items).toEqual([{ id: globex.id, name: 'Globex Robotics', location: null, targetRank: 1 }]);
    // The opportunity is found by its organization's name too.
    expect(globexFound.opportunities.items).toEqual([{ id: role.id, title: 'Platform Engineer', organizationName: 'Globex Robotics', stage: 'lead' }]);

    const platform = await find({ q: 'platfrom' });
    expect(platform.opportunities.items.map((o) => o.title)).toEqual(['Platform Engineer']);
    expect(platform.contacts.items.map((c) => c.displayName)).toEqual(['Maria Gonzalez']);

    const coffeeFound = await find({ q: 'coffee' });
    expect(coffeeFound.conversations.items).toEqual([
      { id: coffee.id, kind: 'networking-meeting', status: 'done', title: 'Coffee with Maria', startsAt: '2026-02-20T15:00:00.000Z', participants: ['Maria Gonzalez'], excerpt: null },
    ]);
    expect((await find({ q: 'initech' })).organizations.items.map((o) => [o.name, o.location, o.targetRank])).toEqual([['Initech', 'Austin', null]]);
  });

  it('finds conversations by their notes, with the words in context, titles first and then the newest', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee' }));
    const notes = 'We talked about her team. She suggested I read The Phoenix Project before meeting the hiring manager, and to mention the Kubernetes migration.';
    const older = await log({ kind: 'informational-interview', startsAt: '2026-01-10T15:00:00Z', title: 'Call with Ann', notes, participants: [{ contactId: ann.id }] });
    const newer = await log({ kind: 'call', startsAt: '2026-02-10T15:00:00Z', notes: 'Follow-up: phoenix book finished.', participants: [{ contactId: ann.id }] });
    const titled = await log({ kind: 'networking-meeting', startsAt: '2025-12-01T15:00:00Z', title: 'Phoenix user group', participants: [{ contactId: ann.id }] });

    const found = await find({ q: 'PHOENIX' });
    expect(found.conversations.items.map((c) => c.id)).toEqual([titled.id, newer.id, older.id]);
    const [inTitle, , inNotes] = found.conversations.items;
    expect(inTitle?.excerpt).toBeNull();
    expect(inNotes?.excerpt).toContain('The Phoenix Project');
    expect(inNotes?.excerpt?.length).toBeLessThan(notes.length);
    // Every word must be there, in the title or the notes.
    expect((await find({ q: 'phoenix kubernetes' })).conversations.items.map((c) => c.id)).toEqual([older.id]);
    expect((await find({ q: 'phoenix zebra' })).conversations.items).toEqual([]);
    // A word is text, not a pattern.
    expect((await find({ q: '%' })).conversations.items).toEqual([]);
  });

  it('shows `limit` of each kind and says when there are more', async () => {
    for (const name of ['Acme North', 'Acme South', 'Acme East']) await s.organizations.create(scope(), organizationCreateSchema.parse({ name }));
    const two = await find({ q: 'acme', limit: 2 });
    expect(two.organizations.items.map((o) => o.name)).toEqual(['Acme East', 'Acme North']);
    expect(two.organizations.more).toBe(true);
    const all = await find({ q: 'acme', limit: 5 });
    expect(all.organizations.items).toHaveLength(3);
    expect(all.organizations.more).toBe(false);
    expect(all.contacts).toEqual({ items: [], more: false });
  });

  it('sees renames, deletions and new records at once, whoever made them', async () => {
    const org = await s.organizations.create(scope(), organizationCreateSchema.parse({ name: 'Umbrella' }));
    const opp = await s.opportunities.create(scope(), opportunityCreateSchema.parse({ organizationId: org.id, title: 'Data Analyst' }));
    expect((await find({ q: 'umbrella' })).organizations.items.map((o) => o.name)).toEqual(['Umbrella']);
    await s.organizations.update(scope(), org.id, organizationUpdateSchema.parse({ version: org.version, name: 'Umbrella Labs' }));
    await s.opportunities.update(scope(), opp.id, opportunityUpdateSchema.parse({ version: opp.version, title: 'Data Scientist' }));
    const renamed = await find({ q: 'umbrella' });
    expect(renamed.organizations.items.map((o) => o.name)).toEqual(['Umbrella Labs']);
    expect(renamed.opportunities.items.map((o) => [o.title, o.organizationName])).toEqual([['Data Scientist', 'Umbrella Labs']]);
    expect((await find({ q: 'analyst' })).opportunities.items).toEqual([]);

    // Another process (the CLI beside the server) writes the same database.
    const cli = createServices({ db: tdb.db, clock });
    await cli.organizations.create(scope(), organizationCreateSchema.parse({ name: 'Umbrella Health' }));
    await cli.organizations.remove(scope(), org.id, 'keep-history');
    expect((await find({ q: 'umbrella' })).organizations.items.map((o) => o.name)).toEqual(['Umbrella Health']);

    const call = await log({ kind: 'call', startsAt: '2026-02-01T10:00:00Z', organizationName: 'Umbrella Health', title: 'Intro call' });
    await cli.conversations.update(scope(), call.id, conversationUpdateSchema.parse({ version: call.version, title: 'Screening call' }));
    expect((await find({ q: 'screening' })).conversations.items.map((c) => c.id)).toEqual([call.id]);
  });

  it('keeps each workspace to itself', async () => {
    await s.contacts.create(scope(), buildContact({ givenName: 'Zelda', familyName: 'Quist', organizationName: 'Hyrule' }));
    await log({ kind: 'call', startsAt: '2026-02-01T10:00:00Z', organizationName: 'Hyrule', title: 'Hyrule intro' });
    const mine = await find({ q: 'hyrule' });
    expect([mine.contacts.items.length, mine.organizations.items.length, mine.conversations.items.length]).toEqual([1, 1, 1]);
    workspaceId = (await s.workspaces.create('other')).id;
    expect(await find({ q: 'hyrule' })).toEqual({
      contacts: { items: [], more: false },
      organizations: { items: [], more: false },
      opportunities: { items: [], more: false },
      conversations: { items: [], more: false },
    });
  });
});
