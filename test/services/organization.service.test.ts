import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactListQuerySchema } from '../../src/contracts/contact.schema.js';
import {
  organizationCreateSchema,
  organizationListQuerySchema,
  organizationPeopleQuerySchema,
  type OrganizationCreateInput,
  type OrganizationListQueryInput,
} from '../../src/contracts/organization.schema.js';
import { targetAddSchema, targetListQuerySchema } from '../../src/contracts/target.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { insertConversation, insertReferral, softDeleteContact } from '../support/relationship-rows.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`organizations service on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T09:00:00.000Z');
  const scope = () => ({ workspaceId });
  const create = (input: OrganizationCreateInput) => services.organizations.create(scope(), organizationCreateSchema.parse(input));
  const list = (q: OrganizationListQueryInput = {}) => services.organizations.list(scope(), organizationListQuerySchema.parse(q));
  const names = async (q: OrganizationListQueryInput = {}) => (await list(q)).items.map((o) => o.name);
  const targetNames = async () => (await services.targets.list(scope(), targetListQuerySchema.parse({}))).items.map((t) => `${t.rank}:${t.organizationName}`);
  const contactSearch = async (q: string) => (await services.contacts.list(scope(), contactListQuerySchema.parse({ q }))).items.map((c) => c.displayName);

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

  it('creates an organization with its details and reads it back', async () => {
    const created = await create({ name: ' Café Nova ', website: 'cafenova.example', industry: 'Hospitality', location: 'Lyon', notes: 'Roaster' });
    expect(await services.organizations.get(scope(), created.id)).toMatchObject({
      name: 'Café Nova',
      website: 'https://cafenova.example',
      industry: 'Hospitality',
      location: 'Lyon',
      notes: 'Roaster',
      contactCount: 0,
      onTargetList: false,
      version: 1,
      deletedAt: null,
      createdAt: '2026-03-03T09:00:00.000Z',
    });
  });

  it('refuses a second organization with the same name whatever its case or accents, and changes nothing', async () => {
    await create({ name: 'Café Nova' });
    await expect(create({ name: 'CAFE  nova', industry: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await names()).toEqual(['Café Nova']);
    expect((await list()).items[0]?.industry).toBeNull();
  });

  it('searches folded names, sorts, pages, and counts live contacts and target-list membership', async () => {
    const acme = await create({ name: 'Acme Robotics' });
    await create({ name: 'Café Nova' });
    await create({ name: 'Zeta Labs' });
    await services.contacts.create(scope(), buildContact({ organizationName: 'Acme Robotics' }));
    const gone = await services.contacts.create(scope(), buildContact({ organizationName: 'acme robotics' }));
    await services.contacts.create(scope(), buildContact({ organizationName: 'Zeta Labs' }));
    await services.contacts.create(scope(), buildContact({ organizationName: 'Zeta Labs' }));
    await services.contacts.create(scope(), buildContact({ organizationName: 'Zeta Labs' }));
    await softDeleteContact(tdb.db, workspaceId, gone.id);
    await services.targets.add(scope(), targetAddSchema.parse({ organizationId: acme.id }));

    expect(await names({ q: 'cafe' })).toEqual(['Café Nova']);
    expect(await names({ q: 'NOVA caf' })).toEqual(['Café Nova']);
    expect(await names({ q: '%' })).toEqual([]);
    expect(await names({ sort: '-name' })).toEqual(['Zeta Labs', 'Café Nova', 'Acme Robotics']);
    expect(await names({ sort: '-contacts' })).toEqual(['Zeta Labs', 'Acme Robotics', 'Café Nova']);
    const page2 = await list({ limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 3, limit: 2, offset: 2, items: [{ name: 'Zeta Labs' }] });
    const all = await list();
    expect(all.items.map((o) => [o.name, o.contactCount, o.onTargetList])).toEqual([
      ['Acme Robotics', 1, true],
      ['Café Nova', 0, false],
      ['Zeta Labs', 3, false],
    ]);
  });

  it('edits only the fields given, refuses a stale version or a taken name, and renames for the contacts too', async () => {
    const org = await create({ name: 'Initech', industry: 'Software' });
    await create({ name: 'Globex' });
    const bob = await services.contacts.create(scope(), buildContact({ givenName: 'Bob', organizationName: 'Initech' }));
    clock.advanceMs(60_000);
    const edited = await services.organizations.update(scope(), org.id, { version: 1, name: 'Initrode', location: 'Austin' });
    expect(edited).toMatchObject({ name: 'Initrode', industry: 'Software', location: 'Austin', version: 2, contactCount: 1 });
    expect(edited.updatedAt > org.updatedAt).toBe(true);
    await expect(services.organizations.update(scope(), org.id, { version: 1, industry: 'Stale' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(services.organizations.update(scope(), org.id, { version: 2, name: 'GLOBEX' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await services.organizations.get(scope(), org.id)).toMatchObject({ name: 'Initrode', industry: 'Software', version: 2 });
    // The people there are found by the new name, no longer by the old one.
    expect(await contactSearch('initrode')).toEqual([bob.displayName]);
    expect(await contactSearch('initech')).toEqual([]);
    // A change of case only is a rename, not a conflict with itself.
    expect(await services.organizations.update(scope(), org.id, { version: 2, name: 'INITRODE' })).toMatchObject({ name: 'INITRODE', version: 3 });
  });

  it('lists what references an organization', async () => {
    const org = await create({ name: 'Acme' });
    expect(await services.organizations.references(scope(), org.id)).toEqual({ total: 0, items: [] });
    const ann = await services.contacts.create(scope(), buildContact({ givenName: 'Ann', organizationName: 'Acme' }));
    const bo = await services.contacts.create(scope(), buildContact({ givenName: 'Bo', organizationName: 'Acme' }));
    await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-01T10:00:00.000Z', organizationId: org.id, participantIds: [ann.id] });
    await insertReferral(tdb.db, workspaceId, { fromContactId: bo.id, toOrganizationId: org.id, status: 'offered' });
    await services.targets.add(scope(), targetAddSchema.parse({ organizationId: org.id }));
    expect(await services.organizations.references(scope(), org.id)).toEqual({
      total: 5,
      items: [
        { kind: 'contacts', count: 2, label: '2 contacts work there' },
        { kind: 'conversations', count: 1, label: '1 conversation at it' },
        { kind: 'target', count: 1, label: 'On the target list' },
        { kind: 'referrals', count: 1, label: '1 referral to it' },
      ],
    });
    await expect(services.organizations.references(scope(), 'missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes keeping the history: gone from lists and the target list, still named, and brought back by name', async () => {
    const acme = await create({ name: 'Acme', industry: 'Robots' });
    const globex = await create({ name: 'Globex' });
    const initech = await create({ name: 'Initech' });
    for (const o of [acme, globex, initech]) await services.targets.add(scope(), targetAddSchema.parse({ organizationId: o.id }));
    const ann = await services.contacts.create(scope(), buildContact({ givenName: 'Ann', organizationName: 'Acme' }));
    const talk = await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-01T10:00:00.000Z', organizationId: acme.id });

    await services.organizations.remove(scope(), acme.id, 'keep-history');
    expect(await names()).toEqual(['Globex', 'Initech']);
    expect(await targetNames()).toEqual(['1:Globex', '2:Initech']);
    expect(await services.organizations.get(scope(), acme.id)).toMatchObject({ name: 'Acme', deletedAt: '2026-03-03T09:00:00.000Z' });
    // The history still names it.
    expect((await services.contacts.get(scope(), ann.id)).organizationName).toBe('Acme');
    const row = await tdb.db.kysely.selectFrom('conversations').select('organization_id').where('id', '=', talk).executeTakeFirstOrThrow();
    expect(row.organization_id).toBe(acme.id);
    // Deleting it twice is a not-found; editing a deleted one too.
    await expect(services.organizations.remove(scope(), acme.id, 'keep-history')).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.organizations.update(scope(), acme.id, { version: 2, industry: 'x' })).rejects.toMatchObject({ code: 'not_found' });

    // A new contact at "ACME" brings the same organization back instead of failing on the unique name.
    const bo = await services.contacts.create(scope(), buildContact({ givenName: 'Bo', organizationName: 'ACME' }));
    expect(bo.organizationId).toBe(acme.id);
    expect(await names()).toEqual(['Acme', 'Globex', 'Initech']);
    expect((await services.organizations.get(scope(), acme.id)).deletedAt).toBeNull();
    // It does not come back onto the target list by itself.
    expect(await targetNames()).toEqual(['1:Globex', '2:Initech']);
  });

  it('creating a deleted organization again brings it back with the new details', async () => {
    const acme = await create({ name: 'Acme', industry: 'Robots' });
    await services.organizations.remove(scope(), acme.id, 'keep-history');
    const again = await create({ name: 'ACME', location: 'Denver' });
    expect(again).toMatchObject({ id: acme.id, name: 'ACME', location: 'Denver', industry: null, deletedAt: null });
  });

  it('removes for good: contacts stay without it, its target entry and referrals to it go', async () => {
    const acme = await create({ name: 'Acme' });
    const globex = await create({ name: 'Globex' });
    await services.targets.add(scope(), targetAddSchema.parse({ organizationId: acme.id }));
    await services.targets.add(scope(), targetAddSchema.parse({ organizationId: globex.id }));
    const ann = await services.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee', organizationName: 'Acme' }));
    const bo = await services.contacts.create(scope(), buildContact({ givenName: 'Bo', organizationName: 'Globex' }));
    const talk = await insertConversation(tdb.db, workspaceId, { status: 'done', startsAt: '2026-02-01T10:00:00.000Z', organizationId: acme.id, participantIds: [ann.id] });
    const toAcme = await insertReferral(tdb.db, workspaceId, { fromContactId: bo.id, toOrganizationId: acme.id, status: 'offered' });
    const toAnn = await insertReferral(tdb.db, workspaceId, { fromContactId: bo.id, toContactId: ann.id, status: 'offered' });

    await services.organizations.remove(scope(), acme.id, 'remove');
    await expect(services.organizations.get(scope(), acme.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await services.contacts.get(scope(), ann.id)).toMatchObject({ displayName: 'Ann Lee', organizationId: null, organizationName: null });
    expect(await contactSearch('acme')).toEqual([]);
    expect(await contactSearch('ann lee')).toEqual(['Ann Lee']);
    expect(await targetNames()).toEqual(['1:Globex']);
    const conversation = await tdb.db.kysely.selectFrom('conversations').select('organization_id').where('id', '=', talk).executeTakeFirstOrThrow();
    expect(conversation.organization_id).toBeNull();
    const referrals = await tdb.db.kysely.selectFrom('referrals').select('id').where('workspace_id', '=', workspaceId).execute();
    expect(referrals.map((r) => r.id)).toEqual([toAnn]);
    expect(toAcme).toBeTruthy();
    await expect(services.organizations.remove(scope(), acme.id, 'remove')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a deleted organization kept for history can still be removed for good', async () => {
    const acme = await create({ name: 'Acme' });
    await services.organizations.remove(scope(), acme.id, 'keep-history');
    await services.organizations.remove(scope(), acme.id, 'remove');
    await expect(services.organizations.get(scope(), acme.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await create({ name: 'Acme' })).id).not.toBe(acme.id);
  });

  it('lists the live people there, by name', async () => {
    const acme = await create({ name: 'Acme' });
    await services.contacts.create(scope(), buildContact({ givenName: 'Zoe', familyName: 'Adams', organizationName: 'Acme', title: 'CTO', tags: ['adviser'] }));
    await services.contacts.create(scope(), buildContact({ givenName: 'Al', familyName: 'Young', organizationName: 'Acme' }));
    const gone = await services.contacts.create(scope(), buildContact({ givenName: 'Gone', familyName: 'Ghost', organizationName: 'Acme' }));
    await services.contacts.create(scope(), buildContact({ givenName: 'Elsewhere', organizationName: 'Globex' }));
    await softDeleteContact(tdb.db, workspaceId, gone.id);
    const people = await services.organizations.people(scope(), acme.id, organizationPeopleQuerySchema.parse({}));
    expect(people.total).toBe(2);
    expect(people.items.map((p) => [p.displayName, p.title, p.organizationName, p.tags])).toEqual([
      ['Zoe Adams', 'CTO', 'Acme', ['adviser']],
      ['Al Young', null, 'Acme', []],
    ]);
    await expect(services.organizations.people(scope(), 'missing', organizationPeopleQuerySchema.parse({}))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never shows one workspace the organizations of another', async () => {
    const other = (await services.workspaces.create('other')).id;
    const secret = await services.organizations.create({ workspaceId: other }, organizationCreateSchema.parse({ name: 'Secret Corp' }));
    await services.contacts.create({ workspaceId: other }, buildContact({ organizationName: 'Secret Corp' }));
    expect((await list()).total).toBe(0);
    await expect(services.organizations.get(scope(), secret.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.organizations.update(scope(), secret.id, { version: 1, name: 'Mine' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.organizations.remove(scope(), secret.id, 'remove')).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.organizations.references(scope(), secret.id)).rejects.toMatchObject({ code: 'not_found' });
    // The same name is free in this workspace, and counts only this workspace's contacts.
    const mine = await create({ name: 'Secret Corp' });
    expect(mine.contactCount).toBe(0);
    expect((await services.organizations.get({ workspaceId: other }, secret.id)).contactCount).toBe(1);
  });
});
