import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization, References } from '../../src/contracts/organization.schema.js';
import type { Target, TargetList } from '../../src/contracts/target.schema.js';
import { createTestApp, type TestApp } from '../support/http-app.js';

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

describe('organizations and target list API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
  const createOrg = async (payload: unknown) => (await inject('POST', '/organizations', payload)).json<Organization>();
  const orgCount = async () => (await inject('GET', '/organizations')).json<{ total: number }>().total;
  const targetOrder = async (order = 'rank') => (await inject('GET', `/targets?order=${order}`)).json<TargetList>().items.map((x) => x.organizationName);
  const issuePaths = (body: ErrorBody) => (body.error.issues ?? []).map((i) => i.path).sort();

  describe('organizations', () => {
    it('creates, lists, reads, edits, shows references and people, and deletes keeping the history', async () => {
      const res = await inject('POST', '/organizations', { name: 'Acme Robotics', website: 'acme.test', industry: 'Robotics' });
      expect(res.statusCode).toBe(201);
      const acme = res.json<Organization>();
      expect(acme).toMatchObject({ name: 'Acme Robotics', website: 'https://acme.test', contactCount: 0, onTargetList: false, version: 1 });

      await inject('POST', '/contacts', { givenName: 'Stan', familyName: 'Fields', organizationName: 'acme robotics', title: 'Director' });
      const listed = await inject('GET', '/organizations?q=ROBOT');
      expect(listed.json()).toMatchObject({ total: 1, items: [{ id: acme.id, contactCount: 1 }] });

      const edited = await inject('PATCH', `/organizations/${acme.id}`, { version: 1, location: 'Denver' });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ location: 'Denver', industry: 'Robotics', version: 2 });

      const people = await inject('GET', `/organizations/${acme.id}/people`);
      expect(people.json()).toMatchObject({ total: 1, items: [{ displayName: 'Stan Fields', title: 'Director' }] });

      await inject('POST', '/targets', { organizationId: acme.id });
      const refs = (await inject('GET', `/organizations/${acme.id}/references`)).json<References>();
      expect(refs.items.map((i) => i.kind)).toEqual(['contacts', 'target']);
      expect(refs.total).toBe(2);

      expect((await inject('DELETE', `/organizations/${acme.id}`)).statusCode).toBe(204);
      expect((await inject('GET', '/organizations?q=acme')).json<{ total: number }>().total).toBe(0);
      expect((await inject('GET', `/organizations/${acme.id}`)).json<Organization>().deletedAt).not.toBeNull();
      expect(await targetOrder()).toEqual([]);
      // The contact keeps the name in its history.
      const stan = (await inject('GET', '/contacts?q=stan')).json<{ items: { organizationName: string }[] }>();
      expect(stan.items[0]?.organizationName).toBe('Acme Robotics');

      expect((await inject('DELETE', `/organizations/${acme.id}?mode=remove`)).statusCode).toBe(204);
      expect((await inject('GET', `/organizations/${acme.id}`)).statusCode).toBe(404);
    });

    it('answers 400 naming every bad field, and changes nothing', async () => {
      const before = await orgCount();
      const res = await inject('POST', '/organizations', { name: '  ', website: 'not a url', industry: 'x'.repeat(201) });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.error.code).toBe('invalid');
      expect(issuePaths(body)).toEqual(['industry', 'name', 'website']);
      expect((await inject('POST', '/organizations', { name: 'A', color: 'blue' })).statusCode).toBe(400);
      expect((await inject('POST', '/organizations', { name: 42 })).statusCode).toBe(400);
      const badQuery = await inject('GET', '/organizations?sort=size&limit=0');
      expect(badQuery.statusCode).toBe(400);
      expect(issuePaths(badQuery.json<ErrorBody>())).toEqual(['limit', 'sort']);

      const org = await createOrg({ name: 'Untouched' });
      const badEdit = await inject('PATCH', `/organizations/${org.id}`, { version: 1, name: '' });
      expect(badEdit.statusCode).toBe(400);
      expect(issuePaths(badEdit.json<ErrorBody>())).toEqual(['name']);
      expect(issuePaths((await inject('PATCH', `/organizations/${org.id}`, { name: 'No version' })).json<ErrorBody>())).toEqual(['version']);
      const badMode = await inject('DELETE', `/organizations/${org.id}?mode=shred`);
      expect(badMode.statusCode).toBe(400);
      expect(issuePaths(badMode.json<ErrorBody>())).toEqual(['mode']);
      expect((await inject('GET', `/organizations/${org.id}`)).json()).toMatchObject({ name: 'Untouched', version: 1, deletedAt: null });
      expect(await orgCount()).toBe(before + 1);
    });

    it('answers 404 for an unknown organization', async () => {
      expect((await inject('GET', '/organizations/nope')).statusCode).toBe(404);
      expect((await inject('PATCH', '/organizations/nope', { version: 1, name: 'x' })).statusCode).toBe(404);
      expect((await inject('DELETE', '/organizations/nope')).statusCode).toBe(404);
      expect((await inject('GET', '/organizations/nope/references')).statusCode).toBe(404);
      const people = await inject('GET', '/organizations/nope/people');
      expect(people.statusCode).toBe(404);
      expect(people.json()).toMatchObject({ error: { code: 'not_found' } });
    });

    it('answers 409 for a name already taken and for an edit on a stale version', async () => {
      await createOrg({ name: 'Café Nova' });
      const dup = await inject('POST', '/organizations', { name: 'CAFE NOVA' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json<ErrorBody>().error.message).toMatch(/already exists/);
      const org = await createOrg({ name: 'Globex' });
      await inject('PATCH', `/organizations/${org.id}`, { version: 1, industry: 'first' });
      const stale = await inject('PATCH', `/organizations/${org.id}`, { version: 1, industry: 'second' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<ErrorBody>().error.message).toMatch(/changed by someone else/);
      expect((await inject('PATCH', `/organizations/${org.id}`, { version: 2, name: 'café nova' })).statusCode).toBe(409);
    });
  });

  describe('target list', () => {
    it('adds, edits, moves, ranks by LAMP and removes', async () => {
      const added = await inject('POST', '/targets', { organizationName: 'Target A', motivation: 1, posting: 1 });
      expect(added.statusCode).toBe(201);
      const a = added.json<Target>();
      expect(a).toMatchObject({ rank: 1, advocacy: 0, status: 'researching', coverage: { stage: 0, contactCount: 0 } });
      await inject('POST', '/targets', { organizationName: 'Target B', motivation: 3, posting: 1 });
      const c = (await inject('POST', '/targets', { organizationName: 'Target C', motivation: 3, posting: 3, status: 'networking' })).json<Target>();
      expect(await targetOrder()).toEqual(['Target A', 'Target B', 'Target C']);
      expect(await targetOrder('lamp')).toEqual(['Target C', 'Target B', 'Target A']);

      const edited = await inject('PATCH', `/targets/${a.organizationId}`, { version: 1, motivation: 2, posting: 3, status: 'in-process' });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ motivation: 2, posting: 3, status: 'in-process', version: 2 });

      const moved = await inject('POST', `/targets/${c.organizationId}/move`, { position: 1 });
      expect(moved.statusCode).toBe(200);
      expect(moved.json<TargetList>().items.map((x) => `${x.rank}:${x.organizationName}`)).toEqual(['1:Target C', '2:Target A', '3:Target B']);

      const ranked = await inject('POST', '/targets/rank-by-lamp');
      expect(ranked.json<TargetList>().items.map((x) => x.organizationName)).toEqual(['Target C', 'Target B', 'Target A']);

      expect((await inject('DELETE', `/targets/${c.organizationId}`)).statusCode).toBe(204);
      expect((await inject('GET', '/targets')).json<TargetList>().items.map((x) => `${x.rank}:${x.organizationName}`)).toEqual(['1:Target B', '2:Target A']);
      expect((await inject('GET', '/targets?status=in-process')).json<TargetList>().total).toBe(1);
    });

    it('answers 400 naming the field, and changes nothing', async () => {
      const before = await targetOrder();
      const bad = await inject('POST', '/targets', { organizationName: 'Bad Scores', motivation: 4, posting: 0, status: 'hot' });
      expect(bad.statusCode).toBe(400);
      expect(issuePaths(bad.json<ErrorBody>())).toEqual(['motivation', 'posting', 'status']);
      const neither = await inject('POST', '/targets', { motivation: 1 });
      expect(issuePaths(neither.json<ErrorBody>())).toEqual(['organizationName']);
      const unknownOrg = await inject('POST', '/targets', { organizationId: 'nope' });
      expect(unknownOrg.statusCode).toBe(400);
      expect(issuePaths(unknownOrg.json<ErrorBody>())).toEqual(['organizationId']);
      const unknownSuggester = await inject('POST', '/targets', { organizationName: 'Suggested', suggestedById: 'nope' });
      expect(issuePaths(unknownSuggester.json<ErrorBody>())).toEqual(['suggestedById']);
      expect((await inject('GET', '/organizations?q=suggested')).json<{ total: number }>().total).toBe(0);
      expect(await targetOrder()).toEqual(before);

      const x = (await inject('POST', '/targets', { organizationName: 'Valid One' })).json<Target>();
      const badMove = await inject('POST', `/targets/${x.organizationId}/move`, { position: 0 });
      expect(badMove.statusCode).toBe(400);
      expect(issuePaths(badMove.json<ErrorBody>())).toEqual(['position']);
      const badPatch = await inject('PATCH', `/targets/${x.organizationId}`, { version: 1, motivation: -1 });
      expect(issuePaths(badPatch.json<ErrorBody>())).toEqual(['motivation']);
      const badOrder = await inject('GET', '/targets?order=random');
      expect(issuePaths(badOrder.json<ErrorBody>())).toEqual(['order']);
      expect((await inject('GET', '/targets')).json<TargetList>().items.find((i) => i.organizationId === x.organizationId)).toMatchObject({ motivation: 2, version: 1 });
    });

    it('answers 404 for an organization not on the list and 409 for a duplicate or a stale edit', async () => {
      expect((await inject('PATCH', '/targets/nope', { version: 1, motivation: 1 })).statusCode).toBe(404);
      expect((await inject('DELETE', '/targets/nope')).statusCode).toBe(404);
      expect((await inject('POST', '/targets/nope/move', { position: 1 })).statusCode).toBe(404);
      const x = (await inject('POST', '/targets', { organizationName: 'Twice' })).json<Target>();
      const dup = await inject('POST', '/targets', { organizationName: 'twice' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json<ErrorBody>().error.message).toMatch(/already on the target list/);
      await inject('PATCH', `/targets/${x.organizationId}`, { version: 1, posting: 2 });
      expect((await inject('PATCH', `/targets/${x.organizationId}`, { version: 1, posting: 3 })).statusCode).toBe(409);
    });
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await inject('GET', '/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/organizations',
        '/api/organizations/{id}',
        '/api/organizations/{id}/references',
        '/api/organizations/{id}/people',
        '/api/targets',
        '/api/targets/{organizationId}',
        '/api/targets/{organizationId}/move',
        '/api/targets/rank-by-lamp',
      ]),
    );
  });
});
