import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { isPostgresReachable, type TestEngine } from '../support/test-database.js';

// On both engines: PostgreSQL answered 500 to a NUL in any body, path id or query value, and
// SQLite stored it (so its backup could not be restored into PostgreSQL).
const engines: TestEngine[] = (await isPostgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];

interface ErrorBody {
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

for (const engine of engines) {
  describe(`NUL and lone surrogates are refused by field, on ${engine}`, () => {
    let t: TestApp;
    let contactId: string;
    beforeAll(async () => {
      t = await createTestApp({ engine });
      contactId = (await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Ada', familyName: 'Byron' } })).json<{ id: string }>().id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const count = async () => (await t.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total;
    const refused = (res: { statusCode: number; json<T>(): T }, path: string, what: RegExp) => {
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.error.code).toBe('invalid');
      expect(body.error.issues[0]).toEqual({ path, message: expect.stringMatching(what) as unknown as string });
    };

    it('in JSON bodies, at any depth, whether the route reads the field as text or not', async () => {
      refused(await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Gr\u0000ace' } }), 'givenName', /NUL character \(U\+0000\)/);
      refused(await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Grace', emails: [{ value: 'g@x.test', label: '\ud800' }] } }), 'emails.0.label', /U\+D800.*lone surrogate/);
      // A JSON text with the escape itself, as a client would send it.
      const escaped = await t.app.inject({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, payload: '{"givenName":"Grace","notes":"tail \\udc00 end"}' });
      refused(escaped, 'notes', /U\+DC00/);
      refused(await t.app.inject({ method: 'PATCH', url: `/api/contacts/${contactId}`, payload: { version: 1, title: 'x\u0000' } }), 'title', /U\+0000/);
      refused(await t.app.inject({ method: 'POST', url: '/api/organizations', payload: { name: '\u0000' } }), 'name', /U\+0000/);
      expect(await count()).toBe(1);
      const read = (await t.app.inject({ url: `/api/contacts/${contactId}` })).json<{ title: string | null; version: number }>();
      expect(read).toMatchObject({ title: null, version: 1 });
    });

    it('in path ids and query values', async () => {
      refused(await t.app.inject({ url: '/api/contacts/abc%00def' }), 'id', /U\+0000/);
      refused(await t.app.inject({ method: 'DELETE', url: '/api/contacts/%00' }), 'id', /U\+0000/);
      refused(await t.app.inject({ url: '/api/contacts?q=ada%00' }), 'q', /U\+0000/);
      refused(await t.app.inject({ url: '/api/organizations?q=%00' }), 'q', /U\+0000/);
      // A lone surrogate in a path id arrives as bytes that are not UTF-8 (what a client that
      // encodes it anyway sends): the router cannot decode the address, and says so in the same shape.
      for (const url of ['/api/contacts/%ED%A0%80', `/api/contacts/${'x'.repeat(101)}`]) {
        const res = await t.app.inject({ method: 'DELETE', url });
        refused(res, 'url', /UTF-8|longer than 100/);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      expect(await count()).toBe(1);
    });

    it('keeps every real character, emoji (a surrogate pair) and control-free scripts included', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Zoë 😀', familyName: '王', notes: 'tab\there\nnew line' } });
      expect(created.statusCode).toBe(201);
      const { id } = created.json<{ id: string }>();
      expect((await t.app.inject({ url: `/api/contacts/${id}` })).json()).toMatchObject({ givenName: 'Zoë 😀', familyName: '王', notes: 'tab\there\nnew line' });
      const found = await t.app.inject({ url: `/api/contacts?q=${encodeURIComponent('😀')}` });
      expect(found.statusCode).toBe(200);
      await t.app.inject({ method: 'DELETE', url: `/api/contacts/${id}` });
    });
  });
}
