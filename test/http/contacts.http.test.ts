import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';

describe('contacts API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/contacts', payload: payload as object });
  const count = async () => (await t.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total;

  it('creates, reads, edits and deletes a contact', async () => {
    const created = await post({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme', emails: [{ value: 'stan@acme.test' }], tags: ['adviser'] });
    expect(created.statusCode).toBe(201);
    const stan = created.json<{ id: string; version: number }>();
    const read = await t.app.inject({ url: `/api/contacts/${stan.id}` });
    expect(read.json()).toMatchObject({ displayName: 'Stan Fields', organizationName: 'Acme', tags: ['adviser'] });

    const edited = await t.app.inject({ method: 'PATCH', url: `/api/contacts/${stan.id}`, payload: { version: stan.version, title: 'Director' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Director', version: 2 });

    const list = await t.app.inject({ url: '/api/contacts?q=director' });
    expect(list.json()).toMatchObject({ total: 1, items: [{ displayName: 'Stan Fields', primaryEmail: 'stan@acme.test' }] });

    expect((await t.app.inject({ method: 'DELETE', url: `/api/contacts/${stan.id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/contacts/${stan.id}` })).statusCode).toBe(404);
  });

  it('answers 400 naming every bad field, and changes nothing', async () => {
    const before = await count();
    const res = await post({ givenName: '', familyName: '', emails: [{ value: 'not-an-email' }], linkedinUrl: 'https://example.com/x' });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; issues: { path: string; message: string }[] } }>();
    expect(body.error.code).toBe('invalid');
    expect(body.error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['emails.0.value', 'linkedinUrl', 'givenName']));
    expect(await count()).toBe(before);
  });

  it('refuses unknown fields, wrong types and malformed JSON with a 400, never a 500', async () => {
    expect((await post({ givenName: 'A', favouriteColour: 'blue' })).statusCode).toBe(400);
    expect((await post({ givenName: 42 })).statusCode).toBe(400);
    expect((await post([])).statusCode).toBe(400);
    const malformed = await t.app.inject({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, payload: '{"givenName": ' });
    expect(malformed.statusCode).toBe(400);
    const badQuery = await t.app.inject({ url: '/api/contacts?limit=100000&sort=shoe-size' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json<{ error: { issues: { path: string }[] } }>().error.issues.map((i) => i.path).sort()).toEqual(['limit', 'sort']);
    const huge = await post({ givenName: 'A', notes: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
  });

  it('answers 404 for an unknown id and 409 for an edit on a stale version', async () => {
    expect((await t.app.inject({ url: '/api/contacts/nope' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/contacts/nope', payload: { version: 1, title: 'x' } })).statusCode).toBe(404);
    const c = (await post({ givenName: 'Roger' })).json<{ id: string }>();
    await t.app.inject({ method: 'PATCH', url: `/api/contacts/${c.id}`, payload: { version: 1, title: 'first' } });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/contacts/${c.id}`, payload: { version: 1, title: 'second' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { message: string } }>().error.message).toMatch(/changed by someone else/);
  });

  it('pages through the list and reports the total', async () => {
    for (let i = 0; i < 7; i += 1) await post({ givenName: `Page${i}`, familyName: 'Person', tags: ['paging'] });
    const first = (await t.app.inject({ url: '/api/contacts?tag=paging&limit=5' })).json<{ items: unknown[]; total: number }>();
    const second = (await t.app.inject({ url: '/api/contacts?tag=paging&limit=5&offset=5' })).json<{ items: unknown[]; total: number }>();
    expect(first.total).toBe(7);
    expect(first.items).toHaveLength(5);
    expect(second.items).toHaveLength(2);
    const tags = (await t.app.inject({ url: '/api/tags' })).json<{ tag: string; count: number }[]>();
    expect(tags).toContainEqual({ tag: 'paging', count: 7 });
  });

  it('publishes an OpenAPI document and browsable docs', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/contacts', '/api/contacts/{id}']));
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
