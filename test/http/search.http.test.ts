import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../src/contracts/search.schema.js';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { engineAvailable, type TestEngine } from '../support/test-database.js';

type ErrorBody = { error: { code: string; issues?: { path: string; message: string }[] } };
const engines: TestEngine[] = ['sqlite', 'postgres'];
const availability = Object.fromEntries(await Promise.all(engines.map(async (e) => [e, await engineAvailable(e)] as const)));

/** GET /api/search, the command palette's one request, on both engines. */
describe.each(engines)('search API on %s', (engine) => {
  let t: TestApp;
  const skip = !availability[engine];
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const post = async (url: string, payload: object) => {
    const response = await t.app.inject({ method: 'POST', url, payload });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<{ id: string }>();
  };

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp({ engine });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('finds a contact with a typo, their organization, an opportunity there and a conversation by its notes', async () => {
    const priya = await post('/api/contacts', { givenName: 'Priya', familyName: 'Raman', organizationName: 'Globex', title: 'Hiring Manager' });
    const opportunity = await post('/api/opportunities', { organizationName: 'Globex', title: 'Robotics Engineer' });
    const meeting = await post('/api/conversations', {
      kind: 'informational-interview',
      startsAt: '2026-02-24T16:00:00Z',
      participants: [{ contactId: priya.id }],
      notes: 'Priya said the robotics team hires in April; send her the portfolio.',
    });

    const typo = await get('/api/search?q=pryia');
    expect(typo.statusCode).toBe(200);
    expect(typo.headers['cache-control']).toBe('no-store');
    expect(typo.json<SearchResult>().contacts).toEqual({ items: [{ id: priya.id, displayName: 'Priya Raman', title: 'Hiring Manager', organizationName: 'Globex' }], more: false });

    const globex = (await get('/api/search?q=globex')).json<SearchResult>();
    expect(globex.organizations.items.map((o) => o.name)).toEqual(['Globex']);
    expect(globex.opportunities.items).toEqual([{ id: opportunity.id, title: 'Robotics Engineer', organizationName: 'Globex', stage: 'lead' }]);

    const portfolio = (await get('/api/search?q=portfolio&limit=3')).json<SearchResult>();
    expect(portfolio.conversations.items).toEqual([
      {
        id: meeting.id,
        kind: 'informational-interview',
        status: 'done',
        title: null,
        startsAt: '2026-02-24T16:00:00.000Z',
        participants: ['Priya Raman'],
        excerpt: 'Priya said the robotics team hires in April; send her the portfolio.',
      },
    ]);
  });

  it.skipIf(skip)('answers 400 naming the field for an empty query or a limit out of range', async () => {
    for (const [url, field] of [
      ['/api/search', 'q'],
      ['/api/search?q=%20%20', 'q'],
      ['/api/search?q=ada&limit=50', 'limit'],
      ['/api/search?q=ada&limit=two', 'limit'],
    ] as const) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json<ErrorBody>().error.issues?.map((i) => i.path), url).toEqual([field]);
    }
  });

  it.skipIf(skip)('declares its answer in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json<{ paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> } }> }>();
    const ok = doc.paths['/api/search']?.get?.responses['200']?.content?.['application/json']?.schema;
    expect(Object.keys(ok?.properties ?? {}).sort()).toEqual(['contacts', 'conversations', 'opportunities', 'organizations']);
    expect(JSON.stringify(ok)).toContain('excerpt');
    expect(doc.paths['/api/search']?.get?.responses['400']).toBeDefined();
  });
});
