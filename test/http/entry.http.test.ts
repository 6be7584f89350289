import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, Today } from '../../src/contracts/action.schema.js';
import type { Conversation } from '../../src/contracts/conversation.schema.js';
import type { Network } from '../../src/contracts/insights.schema.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestApp, type TestApp } from '../support/http-app.js';

/** What the API does with the same thing entered twice: merged away, or caught at the door. */
describe('entering the same thing twice, over the API', () => {
  let t: TestApp;
  const clock = fixedClock('2026-03-04T08:00:00.000Z');
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });
  const post = <T>(url: string, payload: object) => t.app.inject({ method: 'POST', url, payload }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));
  const get = <T>(url: string) => t.app.inject({ url }).then((r) => r.json<T>());

  it('a merge through the API leaves one "Reach out", one name in the call and one edge', async () => {
    const maria = (await post<{ id: string }>('/api/contacts', { givenName: 'Maria', familyName: 'Lopez' })).body;
    const offer = (startsAt: string, kind: string) =>
      post<Conversation>('/api/conversations', { kind, startsAt, participants: [{ contactId: maria.id }], outcomes: { namesOffered: [{ newContact: { givenName: 'Bruce', familyName: 'Lin' } }] } });
    const first = (await offer('2026-03-03T15:00:00Z', 'networking-interview')).body.outcomes.referrals[0]?.to?.id ?? '';
    const second = (await offer('2026-03-03T18:00:00Z', 'call')).body.outcomes.referrals[0]?.to?.id ?? '';
    const reachOuts = async () => {
      const today = await get<Today>('/api/today');
      return [...today.overdue, ...today.dueToday, ...today.comingUp].filter((a: Action) => a.ruleId === 'reach-referral');
    };
    expect(await reachOuts()).toHaveLength(2);

    expect((await post('/api/contacts/merge', { keepId: first, mergeId: second })).status).toBe(200);

    expect((await reachOuts()).map((a) => a.title)).toEqual(['Reach out to Bruce Lin']);
    const today = await get<Today>('/api/today');
    const call = [...today.overdue, ...today.dueToday, ...today.comingUp].find((a) => a.ruleId === 'next-day-call');
    expect(call?.reason.split('Bruce Lin')).toHaveLength(2);
    const network = await get<Network>('/api/network');
    expect(network.edges.filter((e) => e.source === maria.id && e.target === first)).toHaveLength(1);
  });
  it('the same conversation posted twice is a 409 naming the one already logged; force logs it anyway', async () => {
    const stan = (await post<{ id: string }>('/api/contacts', { givenName: 'Stan', familyName: 'Fields' })).body;
    const body = { kind: 'networking-interview', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id }], outcomes: { namesOffered: [{ newContact: { givenName: 'Ken', familyName: 'Ito' } }] } };
    const first = await post<Conversation>('/api/conversations', body);
    expect(first.status).toBe(201);
    const again = await post<{ error: { code: string; message: string; existing?: { type: string; id: string; label: string } } }>('/api/conversations', body);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', existing: { type: 'conversation', id: first.body.id, label: expect.stringContaining('Networking interview with Stan Fields') } });
    const kens = await get<{ total: number }>('/api/contacts?q=ken%20ito');
    expect(kens.total).toBe(1);
    expect((await post('/api/conversations', { ...body, force: true })).status).toBe(201);
  });
  it('a contact added twice is a 409 naming the field that matched and the contact already there (documented); force adds it anyway', async () => {
    const ann = (await post<{ id: string }>('/api/contacts', { givenName: 'Ann', familyName: 'Lee', organizationName: 'Initech', linkedinUrl: 'https://www.linkedin.com/in/ann-lee-42/' })).body;
    type Refusal = { error: { code: string; message: string; issues?: { path: string; message: string }[]; existing?: Record<string, unknown> } };
    const again = await post<Refusal>('/api/contacts', { givenName: 'Annie', familyName: 'Lee', linkedinUrl: 'linkedin.com/in/Ann-Lee-42?utm_source=share' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('Ann Lee (Initech) already has the LinkedIn profile'),
      issues: [{ path: 'linkedinUrl', message: expect.stringContaining('LinkedIn') }],
      existing: { type: 'contact', id: ann.id, displayName: 'Ann Lee', organization: 'Initech', matchedBy: 'linkedin' },
    });
    const byName = await post<Refusal>('/api/contacts', { givenName: 'ann', familyName: 'LEE', organizationName: 'initech' });
    expect(byName.status).toBe(409);
    expect(byName.body.error.existing).toMatchObject({ id: ann.id, matchedBy: 'name' });
    expect((await get<{ total: number }>('/api/contacts?q=lee')).total).toBe(1);
    // The OpenAPI document says what a 409 carries.
    const doc = await get<{ paths: Record<string, { post?: { responses: Record<string, unknown> } }> }>('/api/openapi.json');
    expect(JSON.stringify(doc.paths['/api/contacts']?.post?.responses['409'])).toContain('matchedBy');
    expect((await post('/api/contacts', { givenName: 'Ann', familyName: 'Lee', organizationName: 'Initech', force: true })).status).toBe(201);
    expect((await get<{ total: number }>('/api/contacts?q=lee')).total).toBe(2);
  });
});
