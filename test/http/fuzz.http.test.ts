import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { takeOpenApiProblems } from '../support/openapi-check.js';
import { requestsOf, SeenIds, urlOf, type FuzzRequest } from '../support/openapi-fuzz.js';
import { isPostgresReachable, type TestEngine } from '../support/test-database.js';

/**
 * The OpenAPI-driven fuzzer (issue 15): a fixed seed, a bounded number of requests drawn from
 * the app's own document — valid ones, ones with a single hostile value (NUL, lone surrogates,
 * huge numbers, wrong types), hostile ones throughout, unknown ids and path ids that are not
 * ids — against the app on SQLite and on PostgreSQL. It passes only with no 5xx, every 4xx in
 * the error shape naming what is wrong (every 400 a field), and every answer as the document
 * says (the check of test/support/openapi-check.ts, which sees every answer).
 */
// RAPPORT_FUZZ_SEED and RAPPORT_FUZZ_REQUESTS explore further by hand; CI runs these.
const SEED = Number(process.env.RAPPORT_FUZZ_SEED ?? 20_260_303);
const REQUESTS = Number(process.env.RAPPORT_FUZZ_REQUESTS ?? 2_500);

// Both engines; without CI, PostgreSQL only when it is running.
const engines: TestEngine[] = process.env.CI || (await isPostgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];

interface Finding {
  request: string;
  status: number;
  problem: string;
}

for (const engine of engines) {
  describe(`the API under fuzzing, on ${engine}`, { timeout: 180_000 }, () => {
    let t: TestApp;
    const ids = new SeenIds();

    const send = async (method: string, url: string, body?: FuzzRequest['body']) => {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined
          ? {}
          : 'json' in body
            ? { payload: JSON.stringify(body.json), headers: { 'content-type': 'application/json' } }
            : { payload: body.payload, headers: { 'content-type': body.contentType } }),
      });
      return res;
    };

    beforeAll(async () => {
      t = await createTestApp({ engine });
      // A small workspace, so that picked ids reach real records: people, organizations,
      // conversations, a referral, advice, an event, a target, an opportunity and Today's actions.
      const json = async (method: string, path: string, body?: unknown) => {
        const res = await send(method, path, body === undefined ? undefined : { json: body });
        if (res.statusCode >= 300) throw new Error(`seeding ${method} ${path}: ${res.statusCode} ${res.body}`);
        const value = res.json<{ id: string }>();
        ids.learn(path, value);
        return value;
      };
      const people = [];
      for (const [givenName, familyName, organizationName] of [
        ['Ada', 'Lovelace', 'Analytical Engines'],
        ['Grace', 'Hopper', 'Navy Computing'],
        ['Alan', 'Turing', 'Analytical Engines'],
        ['Katherine', 'Johnson', null],
      ] as const) {
        people.push(await json('POST', '/api/contacts', { givenName, familyName, organizationName, emails: [{ value: `${givenName.toLowerCase()}@example.org` }] }));
      }
      const [ada, grace, alan] = people as [{ id: string }, { id: string }, { id: string }];
      await json('POST', '/api/organizations', { name: 'Initech' });
      await json('POST', '/api/conversations', { kind: 'networking-meeting', startsAt: '2026-03-01T10:00:00Z', participants: [{ contactId: ada.id }] });
      await json('POST', '/api/conversations', { kind: 'call', startsAt: '2026-03-10T10:00:00Z', participants: [{ contactId: grace.id }] });
      await json('POST', '/api/referrals', { fromContactId: ada.id, toContactId: alan.id });
      await json('POST', '/api/advice', { contactId: grace.id, title: 'Read the job posts aloud', kind: 'book' });
      await json('POST', '/api/events', { name: 'Meetup', kind: 'mixer', startsAt: '2026-02-20T18:00:00Z', attendeeIds: [alan.id] });
      await json('POST', '/api/targets', { organizationName: 'Globex' });
      await json('POST', '/api/opportunities', { title: 'Analyst', organizationName: 'Initech' });
      ids.learn('/api/actions', (await send('GET', '/api/today')).json());
      ids.learn('/api/actions', (await send('GET', '/api/actions')).json());
    });
    afterAll(async () => {
      await t?.close();
    });

    it(`answers ${REQUESTS} generated requests (seed ${SEED}) with no 5xx, every 4xx naming the problem, every answer as documented`, async () => {
      const doc = (await send('GET', '/api/openapi.json')).json<OpenAPIV3_1.Document>();
      const requests = fc.sample(requestsOf(doc), { seed: SEED, numRuns: REQUESTS });
      const findings: Finding[] = [];
      const statuses = new Map<number, number>();
      for (const request of requests) {
        const url = urlOf(request, ids);
        const body = request.body && 'json' in request.body ? { json: ids.withRealIds(request.body.json, request.picks) } : request.body;
        const res = await send(request.method, url, body);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const shown = `${request.method} ${url.slice(0, 160)}${body ? ` ${('json' in body ? JSON.stringify(body.json) : body.payload).slice(0, 200)}` : ''}`;
        const note = (problem: string) => findings.push({ request: shown, status: res.statusCode, problem });
        if (res.statusCode >= 500) note(`a ${res.statusCode}: ${res.body.slice(0, 300)}`);
        else if (res.statusCode >= 400) {
          let error: { code?: unknown; message?: unknown; issues?: Array<{ path?: unknown; message?: unknown }> } | undefined;
          try {
            error = res.json<{ error?: typeof error }>().error;
          } catch {
            error = undefined;
          }
          if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || error.message === '') note(`a ${res.statusCode} without the error shape: ${res.body.slice(0, 300)}`);
          else if (res.statusCode === 400 && !(error.issues ?? []).some((i) => typeof i.path === 'string' && i.path !== '' && typeof i.message === 'string')) {
            note(`a 400 that names no field: ${res.body.slice(0, 300)}`);
          }
        } else if (res.headers['content-type']?.toString().includes('json')) {
          ids.learn(request.path, res.json());
        }
        for (const problem of takeOpenApiProblems()) note(problem);
      }
      const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
      console.log(`fuzz on ${engine}, seed ${SEED}: ${summary}`);
      // What the fuzzer reached, so that a run that only ever got 404s cannot pass unnoticed.
      expect(statuses.get(200) ?? 0, summary).toBeGreaterThan(REQUESTS / 10);
      expect((statuses.get(201) ?? 0) + (statuses.get(204) ?? 0), summary).toBeGreaterThan(REQUESTS / 100);
      expect(statuses.get(400) ?? 0, summary).toBeGreaterThan(REQUESTS / 10);
      expect(statuses.get(404) ?? 0, summary).toBeGreaterThan(REQUESTS / 100);
      const distinct = [...new Map(findings.map((f) => [`${f.status} ${f.problem.slice(0, 120)}`, f])).values()];
      expect(distinct.slice(0, 15).map((f) => `${f.request}\n    → ${f.status}: ${f.problem}`).join('\n'), `${findings.length} finding(s); answers: ${summary}`).toBe('');
    });
  });
}
