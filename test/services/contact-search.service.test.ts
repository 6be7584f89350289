import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactListQuerySchema, type ContactListQueryInput } from '../../src/contracts/contact.schema.js';
import { organizationListQuerySchema, organizationUpdateSchema } from '../../src/contracts/organization.schema.js';
import { contactSearchText, displayName, nameSortKey } from '../../src/domain/text.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { generatePeople, typoQueries } from '../support/generators/people.generator.js';
import { generateLinkedInCsv } from '../support/generators/linkedin-csv.generator.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/**
 * Contact search as a person uses it: typos forgiven, the best match first, and every change
 * found at once, whoever made it — this process, another process writing the same database
 * (the CLI beside the server), or an import.
 */
describe.skipIf(!available)(`contact search on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T09:00:00.000Z');
  const names = async (q: ContactListQueryInput) => (await services.contacts.list({ workspaceId }, contactListQuerySchema.parse(q))).items.map((c) => c.displayName);
  /** Another process: its own services (and so its own index) on the same database. */
  const other = () => createServices({ db: tdb.db, clock });

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    workspaceId = (await services.workspaces.create('test')).id;
  });

  it('finds people despite a typo, exact matches first', async () => {
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'John', familyName: 'Smith', organizationName: 'Northwind' }));
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Ada', familyName: 'Johnson' }));
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'José', familyName: 'Núñez' }));
    expect(await names({ q: 'jonh smth' })).toEqual(['John Smith']);
    expect(await names({ q: 'john' })).toEqual(['John Smith', 'Ada Johnson']);
    expect(await names({ q: 'JOSE nun' })).toEqual(['José Núñez']);
    expect(await names({ q: 'northwnd' })).toEqual(['John Smith']);
  });

  it('finds an edit, a new contact and a deletion at once, made here or by another process', async () => {
    const ann = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Ann', familyName: 'Lee', title: 'Recruiter' }));
    expect(await names({ q: 'recruiter' })).toEqual(['Ann Lee']);
    // The title is not something the playbook reads: the search log carries it.
    await services.contacts.update({ workspaceId }, ann.id, { version: ann.version, title: 'Staff Engineer' });
    expect(await names({ q: 'recruiter' })).toEqual([]);
    expect(await names({ q: 'engineer' })).toEqual(['Ann Lee']);
    // Another process adds someone and renames Ann.
    const cli = other();
    await cli.contacts.create({ workspaceId }, buildContact({ givenName: 'Bo', familyName: 'Kim', emails: [{ value: 'bo@initech.example' }] }));
    await cli.contacts.update({ workspaceId }, ann.id, { version: ann.version + 1, familyName: 'Leeds' });
    expect(await names({ q: 'initech' })).toEqual(['Bo Kim']);
    expect(await names({ q: 'ann leeds' })).toEqual(['Ann Leeds']);
    // A raw write to the database, as any other writer could make it.
    await sql`update contacts set search_text = ${'ann leeds gardener'} where id = ${ann.id}`.execute(tdb.db.kysely);
    expect(await names({ q: 'gardener' })).toEqual(['Ann Leeds']);
    await cli.contacts.remove({ workspaceId }, ann.id, 'remove');
    expect(await names({ q: 'ann' })).toEqual([]);
  });

  it('follows an organization renamed and an import', async () => {
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Cy', familyName: 'Park', organizationName: 'Globex' }));
    expect(await names({ q: 'globex' })).toEqual(['Cy Park']);
    const org = (await services.organizations.list({ workspaceId }, organizationListQuerySchema.parse({}))).items[0];
    expect(org).toBeDefined();
    await other().organizations.update({ workspaceId }, org!.id, organizationUpdateSchema.parse({ version: org!.version, name: 'Umbrella' }));
    expect(await names({ q: 'umbrela' })).toEqual(['Cy Park']);
    expect(await names({ q: 'globex' })).toEqual([]);
    await other().imports.importFile({ workspaceId }, Buffer.from(generateLinkedInCsv(600, 3), 'utf8'), { fileName: 'Connections.csv' });
    const imported = await services.contacts.list({ workspaceId }, contactListQuerySchema.parse({ limit: 1, sort: 'name' }));
    const first = imported.items.find((c) => c.familyName);
    expect(first).toBeDefined();
    expect((await names({ q: `${first!.givenName} ${first!.familyName}` })).length).toBeGreaterThan(0);
  });

  it('narrows a search by tag, and pages through it', async () => {
    for (const [given, tag] of [['Dee', 'mentor'], ['Dean', 'mentor'], ['Dex', 'alumni']] as const) {
      await services.contacts.create({ workspaceId }, buildContact({ givenName: given, familyName: 'Moss', tags: [tag] }));
    }
    expect(await names({ q: 'moss', tag: 'mentor' })).toEqual(['Dean Moss', 'Dee Moss']);
    const page = await services.contacts.list({ workspaceId }, contactListQuerySchema.parse({ q: 'moss', limit: 1, offset: 1 }));
    expect(page.total).toBe(3);
    expect(page.items.map((c) => c.displayName)).toEqual(['Dee Moss']);
  });

  it('finds the person among the first ten for at least 80% of one-typo queries (2,000 people)', { timeout: 60_000 }, async () => {
    const people = generatePeople(2_000, 21);
    const now = clock.now().toISOString();
    const rows = people.map((p, i) => ({
      id: `typo-${workspaceId}-${String(i).padStart(5, '0')}`,
      workspace_id: workspaceId,
      given_name: p.givenName,
      family_name: p.familyName,
      display_name: displayName(p.givenName, p.familyName),
      sort_name: nameSortKey(p.givenName, p.familyName),
      search_text: contactSearchText({ givenName: p.givenName, familyName: p.familyName, emails: p.email ? [p.email] : [], title: p.title, location: p.location }, p.organizationName),
      title: p.title,
      location: p.location,
      emails: '[]',
      phones: '[]',
      shared_interests: '[]',
      version: 1,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await tdb.db.kysely.insertInto('contacts').values(rows.slice(i, i + 200)).execute();
    const queries = typoQueries(people, 100, 5);
    let found = 0;
    for (const q of queries) {
      const page = await services.contacts.list({ workspaceId }, contactListQuerySchema.parse({ q: q.query, limit: 10 }));
      if (page.items.some((c) => c.id === rows[q.person]?.id)) found += 1;
    }
    expect(found / queries.length).toBeGreaterThanOrEqual(0.8);
  });
});
