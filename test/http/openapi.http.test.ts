import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { createOpenApiChecker } from '../support/openapi-check.js';

type Operation = { method: string; path: string; op: OpenAPIV3_1.OperationObject };

/**
 * The OpenAPI document says every status a route gives and the shape of every body. Every
 * answer of every HTTP test is checked against it (test/support/openapi-check.ts); these tests
 * say what the document promises, and that the check does catch a document that lies.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenAPIV3_1.Document;
  let operations: Operation[];
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json<OpenAPIV3_1.Document>();
    operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => (item?.[method] ? [{ method, path, op: item[method] }] : [])),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const statuses = (o: Operation) => Object.keys(o.op.responses ?? {});
  const response = (o: Operation, status: string) => o.op.responses?.[status] as OpenAPIV3_1.ResponseObject | undefined;
  const jsonSchema = (o: Operation, status: string) => response(o, status)?.content?.['application/json']?.schema as Record<string, unknown> | undefined;

  it('gives every route the answers the server gives to every route of its kind', () => {
    expect(operations.length).toBeGreaterThan(80);
    for (const o of operations) {
      const where = `${o.method.toUpperCase()} ${o.path}`;
      expect(statuses(o), where).toEqual(expect.arrayContaining(['400', '403']));
      if (o.path.includes('{')) expect(statuses(o), where).toContain('404');
      if (o.method !== 'get') expect(statuses(o), where).toEqual(expect.arrayContaining(['413', '415']));
      if (o.path !== '/api/health') {
        expect(statuses(o), where).toEqual(expect.arrayContaining(['503', '507']));
        expect(Object.keys(response(o, '503')?.headers ?? {}), where).toContain('retry-after');
      }
      // Never a 500: none is documented, so any 500 in any HTTP test fails it.
      expect(statuses(o), where).not.toContain('500');
    }
  });

  it('documents every 400 in the field-error shape: issues required, each naming a field', () => {
    for (const o of operations) {
      const error = (jsonSchema(o, '400')?.properties as Record<string, { required?: string[]; properties?: Record<string, { minItems?: number }> }>)?.error;
      expect(error?.required, `${o.method} ${o.path}`).toContain('issues');
      expect(error?.properties?.issues?.minItems, `${o.method} ${o.path}`).toBe(1);
    }
  });

  it('documents files by their media type and the backup as the JSON document it is', () => {
    const find = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path);
    const contentOf = (method: string, path: string) => Object.keys(response(find(method, path)!, '200')?.content ?? {});
    expect(contentOf('get', '/api/export/contacts.csv')).toEqual(['text/csv']);
    expect(contentOf('get', '/api/export/contacts.vcf')).toEqual(['text/vcard']);
    expect(contentOf('get', '/api/profile/sheet.pdf')).toEqual(['application/pdf']);
    const backup = jsonSchema(find('get', '/api/backup')!, '200');
    expect(backup?.type).toBe('object');
    expect(backup?.required).toEqual(expect.arrayContaining(['format', 'formatVersion', 'workspace', 'tables']));
  });

  it('the check catches a document that lies: an undocumented status, a body of the wrong shape, a wrong media type', async () => {
    const check = createOpenApiChecker(doc);
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Ada', familyName: 'Lovelace' } })).json<{ id: string }>();
    const contact = (await t.app.inject({ url: `/api/contacts/${id}` })).body;
    const base = { method: 'GET', url: `/api/contacts/${id}`, route: '/api/contacts/:id', hidden: false, contentType: 'application/json; charset=utf-8' };
    expect(check({ ...base, status: 200, body: contact })).toEqual([]);
    expect(check({ ...base, status: 500, body: '{"error":{"code":"internal","message":"Internal error"}}' })[0]).toMatch(/status 500 is not documented/);
    const { displayName: _dropped, ...withoutName } = JSON.parse(contact) as Record<string, unknown>;
    expect(check({ ...base, status: 200, body: JSON.stringify(withoutName) })[0]).toMatch(/displayName/);
    expect(check({ ...base, status: 200, body: JSON.stringify({ ...withoutName, displayName: 'x', secret: 1 }) })[0]).toMatch(/additional/);
    expect(check({ ...base, status: 400, body: '{"error":{"code":"invalid","message":"Invalid body"}}' })[0]).toMatch(/issues/);
    expect(check({ ...base, contentType: 'text/html', status: 200, body: '<p>' })[0]).toMatch(/content type "text\/html" is not documented/);
    expect(check({ ...base, route: '/api/not-in-the-document', status: 200, body: '{}' })[0]).toMatch(/not in the OpenAPI document/);
  });

  it('the backup the server sends matches its documented schema', async () => {
    const check = createOpenApiChecker(doc);
    const res = await t.app.inject({ url: '/api/backup' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ format: string }>().format).toBe('rapport-backup');
    const sent = { method: 'GET', url: '/api/backup', route: '/api/backup', hidden: false, status: 200, contentType: String(res.headers['content-type']) };
    expect(check({ ...sent, body: res.body })).toEqual([]);
    expect(check({ ...sent, body: JSON.stringify('a string, as the document said before') })).not.toEqual([]);
  });
});
