import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactListQuerySchema, type ContactCreateInput, type ContactListQueryInput } from '../../src/contracts/contact.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`contacts service on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T09:00:00.000Z');
  const list = (q: ContactListQueryInput = {}) => services.contacts.list({ workspaceId }, contactListQuerySchema.parse(q));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    // Each test gets its own workspace: isolation without recreating the database.
    workspaceId = (await services.workspaces.create('test')).id;
  });

  it('creates a contact with every field and reads it back', async () => {
    const stan = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Stan', familyName: 'Fields' }));
    const created = await services.contacts.create(
      { workspaceId },
      buildContact({
        givenName: 'Roger',
        familyName: 'Dale',
        emails: [{ value: ' Roger@Example.COM ', label: 'work' }],
        phones: [{ value: '+1 (555) 010-2000' }],
        linkedinUrl: 'linkedin.com/in/roger-dale',
        organizationName: 'Acme Robotics',
        title: 'Product Manager',
        location: 'Denver, CO',
        notes: 'Met at the Tuesday job-networking meeting',
        sharedInterests: ['oenophile'],
        howWeMet: 'Job-networking meeting',
        introducedById: stan.id,
        tags: ['adviser', 'Robotics'],
      }),
    );
    const read = await services.contacts.get({ workspaceId }, created.id);
    expect(read).toMatchObject({
      displayName: 'Roger Dale',
      emails: [{ value: 'roger@example.com', label: 'work' }],
      linkedinUrl: 'https://linkedin.com/in/roger-dale',
      organizationName: 'Acme Robotics',
      title: 'Product Manager',
      sharedInterests: ['oenophile'],
      introducedBy: { id: stan.id, displayName: 'Stan Fields' },
      tags: ['adviser', 'Robotics'],
      version: 1,
      createdAt: '2026-03-03T09:00:00.000Z',
    });
  });

  it('links contacts at the same organization to one organization whatever the case or accents', async () => {
    const a = await services.contacts.create({ workspaceId }, buildContact({ organizationName: 'Café Nova' }));
    const b = await services.contacts.create({ workspaceId }, buildContact({ organizationName: 'cafe  NOVA' }));
    expect(a.organizationId).not.toBeNull();
    expect(b.organizationId).toBe(a.organizationId);
    expect(b.organizationName).toBe('Café Nova');
  });

  it('searches by name, email, organization and title, ignoring case and accents', async () => {
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'José', familyName: 'Núñez', title: 'Data Engineer' }));
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@globex.io' }] }));
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Bo', familyName: 'Kim', organizationName: 'Initech' }));
    expect((await list({ q: 'jose nunez' })).items.map((c) => c.displayName)).toEqual(['José Núñez']);
    expect((await list({ q: 'GLOBEX' })).items.map((c) => c.displayName)).toEqual(['Ann Lee']);
    expect((await list({ q: 'initech' })).items.map((c) => c.displayName)).toEqual(['Bo Kim']);
    expect((await list({ q: 'data eng' })).items.map((c) => c.displayName)).toEqual(['José Núñez']);
    expect((await list({ q: 'nobody-here' })).total).toBe(0);
    // A literal % is searched for, not used as a wildcard.
    expect((await list({ q: '%' })).total).toBe(0);
  });

  it('filters by tag and by organization name, and pages through a sorted list', async () => {
    for (const [given, family, org, tags] of [
      ['Cara', 'Zed', 'Globex', ['target']],
      ['Abe', 'Young', 'Initech', []],
      ['Dee', 'Adams', 'Globex', ['Target', 'adviser']],
      ['Eve', 'Moss', null, ['adviser']],
    ] as const) {
      await services.contacts.create({ workspaceId }, buildContact({ givenName: given, familyName: family, organizationName: org, tags: [...tags] }));
    }
    expect((await list({ tag: 'TARGET' })).items.map((c) => c.familyName)).toEqual(['Adams', 'Zed']);
    expect((await list({ organization: 'glob' })).items.map((c) => c.familyName)).toEqual(['Adams', 'Zed']);
    const page1 = await list({ limit: 2, offset: 0 });
    const page2 = await list({ limit: 2, offset: 2 });
    expect(page1.total).toBe(4);
    expect([...page1.items, ...page2.items].map((c) => c.familyName)).toEqual(['Adams', 'Moss', 'Young', 'Zed']);
    expect((await list({ sort: '-name' })).items.map((c) => c.familyName)).toEqual(['Zed', 'Young', 'Moss', 'Adams']);
    expect((await list({ sort: 'organization' })).items.map((c) => c.familyName)).toEqual(['Adams', 'Zed', 'Young', 'Moss']);
    expect(await services.contacts.tags({ workspaceId })).toEqual([
      { tag: 'adviser', count: 2 },
      expect.objectContaining({ count: 2 }),
    ]);
  });

  it('edits only the fields given, bumps the version and keeps the rest', async () => {
    const c = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Stan', familyName: 'Fields', title: 'Director', tags: ['a'] }));
    clock.advanceMs(60_000);
    const edited = await services.contacts.update({ workspaceId }, c.id, { version: 1, title: 'VP Engineering', organizationName: 'Acme' });
    expect(edited).toMatchObject({ displayName: 'Stan Fields', title: 'VP Engineering', organizationName: 'Acme', tags: ['a'], version: 2 });
    expect(edited.updatedAt > c.updatedAt).toBe(true);
    expect((await list({ q: 'acme' })).items.map((x) => x.id)).toEqual([c.id]);
  });

  it('shows the full name as written when there is one, and keeps sorting and finding by first and last name', async () => {
    const ada = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Ada', familyName: 'Quill', fullName: 'Dr. Ada M. Quill PhD', organizationName: 'Lumen', department: 'Robotics Lab' }));
    expect(ada).toMatchObject({ displayName: 'Dr. Ada M. Quill PhD', fullName: 'Dr. Ada M. Quill PhD', department: 'Robotics Lab' });
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Bo', familyName: 'Adams' }));
    expect((await list()).items.map((c) => c.displayName)).toEqual(['Bo Adams', 'Dr. Ada M. Quill PhD']);
    expect((await list({ q: 'ada quill' })).items.map((c) => c.displayName)).toEqual(['Dr. Ada M. Quill PhD']);
    // A new first name keeps the full name the user set; clearing it shows first + last name.
    const renamed = await services.contacts.update({ workspaceId }, ada.id, { version: ada.version, givenName: 'Adeline' });
    expect(renamed.displayName).toBe('Dr. Ada M. Quill PhD');
    const cleared = await services.contacts.update({ workspaceId }, ada.id, { version: renamed.version, fullName: null, department: null });
    expect(cleared).toMatchObject({ displayName: 'Adeline Quill', fullName: null, department: null });
  });

  it('refuses an edit made on a stale copy instead of losing the other change', async () => {
    const c = await services.contacts.create({ workspaceId }, buildContact());
    await services.contacts.update({ workspaceId }, c.id, { version: 1, title: 'First edit' });
    await expect(services.contacts.update({ workspaceId }, c.id, { version: 1, title: 'Second edit' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await services.contacts.get({ workspaceId }, c.id)).title).toBe('First edit');
  });

  it('refuses an unknown introducer and changes nothing', async () => {
    await expect(services.contacts.create({ workspaceId }, buildContact({ introducedById: 'missing' }))).rejects.toMatchObject({
      code: 'invalid',
      issues: [{ path: 'introducedById' }],
    });
    expect((await list()).total).toBe(0);
  });

  it('removes a contact and forgets it as an introducer', async () => {
    const stan = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Stan' }));
    const ann = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Ann', introducedById: stan.id }));
    expect(await services.contacts.references({ workspaceId }, stan.id)).toEqual({ total: 1, items: [expect.objectContaining({ kind: 'introduced', count: 1 })] });
    await services.contacts.remove({ workspaceId }, stan.id, 'remove');
    await expect(services.contacts.get({ workspaceId }, stan.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await services.contacts.get({ workspaceId }, ann.id)).introducedBy).toBeNull();
    await expect(services.contacts.remove({ workspaceId }, stan.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes a contact nothing refers to outright, even when asked to keep history', async () => {
    const lone = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Lone' }));
    await services.contacts.remove({ workspaceId }, lone.id, 'keep-history');
    await expect(services.contacts.get({ workspaceId }, lone.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps a log of edits for the timeline', async () => {
    const c = await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Stan', title: 'Director' }));
    await services.contacts.update({ workspaceId }, c.id, { version: 1, title: 'VP', givenName: 'Stan' });
    const timeline = await services.insights.timeline({ workspaceId }, c.id);
    expect(timeline.map((e) => e.title)).toEqual(['Edited title', 'Added to Rapport']);
  });

  it('never shows one workspace the contacts of another', async () => {
    const other = (await services.workspaces.create('other')).id;
    const secret = await services.contacts.create({ workspaceId: other }, buildContact({ givenName: 'Secret' }));
    expect((await list()).total).toBe(0);
    await expect(services.contacts.get({ workspaceId }, secret.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.contacts.update({ workspaceId }, secret.id, { version: 1, title: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.contacts.remove({ workspaceId }, secret.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.contacts.create({ workspaceId }, buildContact({ introducedById: secret.id }))).rejects.toMatchObject({ code: 'invalid' });
  });

  describe('a contact added twice is offered first', () => {
    const add = ({ force, ...overrides }: ContactCreateInput & { force?: boolean }) => services.contacts.create({ workspaceId }, { ...buildContact(overrides), force });
    const count = async () => (await list()).total;

    it('by email, whatever its case: a conflict naming the field and the contact already there, and nothing written', async () => {
      const ann = await add({ givenName: 'Ann', familyName: 'Lee', organizationName: 'Acme Robotics', emails: [{ value: 'ann.lee@acme.test' }] });
      const before = await count();
      await expect(add({ givenName: 'Annie', familyName: 'Leigh', emails: [{ value: 'other@x.test' }, { value: ' Ann.Lee@ACME.test ' }] })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/Ann Lee \(Acme Robotics\) already has the email ann\.lee@acme\.test/),
        issues: [{ path: 'emails.1.value', message: expect.stringContaining('Ann Lee') }],
        existing: { type: 'contact', id: ann.id, displayName: 'Ann Lee', organization: 'Acme Robotics', matchedBy: 'email' },
      });
      expect(await count()).toBe(before);
    });

    it('by LinkedIn URL, whatever its scheme, www, trailing slash or query', async () => {
      const ann = await add({ givenName: 'Ann', familyName: 'Lee', linkedinUrl: 'https://www.linkedin.com/in/ann-lee/' });
      await expect(add({ givenName: 'A.', familyName: 'Lee', linkedinUrl: 'http://linkedin.com/in/Ann-Lee?trk=profile' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('already has the LinkedIn profile'),
        issues: [{ path: 'linkedinUrl' }],
        existing: { type: 'contact', id: ann.id, matchedBy: 'linkedin' },
      });
      // Another profile is another person, however alike the names.
      await add({ givenName: 'Ann', familyName: 'Lee', linkedinUrl: 'linkedin.com/in/ann-lee-2' });
    });

    it('by name and organization, folded (case, accents, spaces); another organization is another person', async () => {
      const jose = await add({ givenName: 'José', familyName: 'Núñez', organizationName: 'Acme Robotics' });
      await expect(add({ givenName: 'jose', familyName: '  NUNEZ ', organizationName: 'acme robotics' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('José Núñez at Acme Robotics is already a contact'),
        issues: [{ path: 'givenName' }],
        existing: { type: 'contact', id: jose.id, displayName: 'José Núñez', organization: 'Acme Robotics', matchedBy: 'name' },
      });
      await add({ givenName: 'José', familyName: 'Núñez', organizationName: 'Globex' });
      await add({ givenName: 'José', familyName: 'Núñez' });
      // With no organization on either side, the same name is the same person.
      await expect(add({ givenName: 'Jose', familyName: 'Nunez' })).rejects.toMatchObject({ code: 'conflict', existing: { matchedBy: 'name', organization: null } });
      // A name that only begins like theirs is someone else.
      await add({ givenName: 'José', familyName: 'Núñez-Ortiz', organizationName: 'Acme Robotics' });
    });

    it('adds it anyway when forced, and never offers a contact deleted with their history kept', async () => {
      const stan = await add({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics', emails: [{ value: 'stan@acme.test' }] });
      const forced = await add({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics', emails: [{ value: 'stan@acme.test' }], force: true });
      expect(forced.id).not.toBe(stan.id);
      const roger = await add({ givenName: 'Roger', familyName: 'Dale', emails: [{ value: 'roger@dale.test' }] });
      await add({ givenName: 'Ann', introducedById: roger.id });
      await services.contacts.remove({ workspaceId }, roger.id, 'keep-history');
      const again = await add({ givenName: 'Roger', familyName: 'Dale', emails: [{ value: 'roger@dale.test' }] });
      expect(again.id).not.toBe(roger.id);
    });

    it('never offers the contact of another workspace', async () => {
      const other = (await services.workspaces.create('other')).id;
      await services.contacts.create({ workspaceId: other }, buildContact({ givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }] }));
      await add({ givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }] });
    });
  });
});
