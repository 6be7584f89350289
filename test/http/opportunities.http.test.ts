import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';
import { daysFromNow } from '../support/clock.js';

type Ref = { id: string; displayName: string };
type Opp = { id: string; stage: string; version: number; source: string; referrer: Ref | null; rounds: { id: string; kind: string }[]; attribution: { chain: Ref[]; sentence: string } };

describe('opportunities, insights and network API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => t.app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const contact = async (givenName: string, familyName: string, extra: Record<string, unknown> = {}) => (await inject('POST', '/api/contacts', { givenName, familyName, ...extra })).json<Ref>();

  it('adds, moves, rejects and converts, with 400/404/409 naming the problem', async () => {
    const ann = await contact('Ann', 'Lee');
    const stan = await contact('Stan', 'Fields', { organizationName: 'Acme' });
    expect((await inject('POST', '/api/referrals', { fromContactId: ann.id, toContactId: stan.id })).statusCode).toBe(201);

    const bad = await inject('POST', '/api/opportunities', { title: '' });
    expect(bad.statusCode).toBe(400);
    const created = await inject('POST', '/api/opportunities', { title: 'Automation Engineer', organizationName: 'Acme', referrerContactId: stan.id });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json<Opp>();
    expect(team).toMatchObject({ stage: 'lead', source: 'referral', referrer: { id: stan.id } });
    expect(team.attribution.sentence).toBe('Ann Lee → Stan Fields → Automation Engineer');

    const moved = await inject('POST', `/api/opportunities/${team.id}/move`, { version: team.version, stage: 'interviewing' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await inject('POST', `/api/opportunities/${team.id}/move`, { version: team.version, stage: 'offer' })).statusCode).toBe(409);
    const refused = await inject('POST', `/api/opportunities/${team.id}/move`, { version: moved.json<Opp>().version, stage: 'accepted' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('stage');
    expect((await inject('GET', '/api/referrals')).json<{ status: string }[]>()[0]?.status).toBe('led-to-interview');
    expect((await inject('GET', '/api/opportunities/nope')).statusCode).toBe(404);

    const dream = (await inject('POST', '/api/opportunities', { title: 'Robotics Engineer', organizationName: 'Acme' })).json<Opp>();
    const round = await inject('POST', `/api/opportunities/${dream.id}/rounds/log`, { startsAt: daysFromNow(-1), participants: [{ contactId: stan.id, role: 'interviewer' }] });
    expect(round.statusCode, round.body).toBe(200);
    const withRound = round.json<Opp>();
    expect(withRound).toMatchObject({ stage: 'interviewing', rounds: [expect.objectContaining({ kind: 'job-interview' })] });
    const converted = await inject('POST', `/api/opportunities/${dream.id}/convert`, { version: withRound.version });
    expect(converted.statusCode, converted.body).toBe(200);
    expect(converted.json<{ conversation: { kind: string }; questions: unknown[] }>()).toMatchObject({ conversation: { kind: 'informational-interview' } });

    const third = (await inject('POST', '/api/opportunities', { title: 'Analyst', organizationName: 'Initech', interviewerIds: [stan.id] })).json<Opp>();
    const rejected = await inject('POST', `/api/opportunities/${third.id}/reject`, { version: third.version, rapportInterviewerId: stan.id });
    expect(rejected.json()).toMatchObject({ stage: 'rejected', rapportInterviewer: { id: stan.id } });

    const board = (await inject('GET', '/api/opportunities?live=true')).json<{ items: Opp[] }>();
    expect(board.items.map((o) => o.id)).toEqual([team.id]);
    expect((await inject('DELETE', `/api/opportunities/${third.id}`)).statusCode).toBe(204);
  });

  it('serves insights and the network, documented in OpenAPI', async () => {
    const insights = await inject('GET', '/api/insights?weeks=4');
    expect(insights.statusCode, insights.body).toBe(200);
    expect(insights.json<{ inTheWorks: { series: unknown[] }; funnel: { step: string; count: number }[] }>().inTheWorks.series).toHaveLength(4);
    expect((await inject('GET', '/api/insights?weeks=0')).statusCode).toBe(400);
    const network = await inject('GET', '/api/network');
    expect(network.statusCode, network.body).toBe(200);
    const graph = network.json<{ nodes: { label: string; path: string | null }[]; edges: { kind: string; path: string | null }[] }>();
    expect(graph.nodes.map((n) => n.label)).toEqual(expect.arrayContaining(['Ann Lee', 'Stan Fields', 'Automation Engineer · Acme']));
    // Ann → Stan, Stan → Acme (he referred you there) and Stan as the opportunity's referrer.
    expect(graph.edges.filter((e) => e.path === 'interview').map((e) => e.kind).sort()).toEqual(['referral', 'referral', 'referrer']);
    const search = (await inject('GET', '/api/network?q=ann')).json<{ nodes: { label: string }[] }>();
    expect(search.nodes.map((n) => n.label).sort()).toEqual(['Ann Lee', 'Stan Fields']);
    expect((await inject('GET', '/api/network?focus=nobody')).statusCode).toBe(404);
    const spec = (await inject('GET', '/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/opportunities', '/api/opportunities/{id}/convert', '/api/insights', '/api/network']));
  });
});
