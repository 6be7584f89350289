import { describe, expect, it } from 'vitest';
import { businessDaysBetween, compileCalendar } from './business-days.js';
import { DEFAULT_GOALS, funnel, inTheWorksOverTime, interviewCounts, interviewsBySource, reachedStage, replyStats, stageAt, targetCoverage, weekStart, weekStarts, weeklyActivity, type IConversation, type InsightRecords, type IOpportunity } from './insights.js';
import { DEFAULT_PLAYBOOK_SETTINGS } from './playbook/settings.js';

// Wed 18 Mar 2026, noon UTC. Weeks start on Mondays: 2, 9, 16 March.
const NOW = '2026-03-18T12:00:00.000Z';
const conv = (c: Partial<IConversation> & { id: string }): IConversation => ({
  kind: 'networking-meeting',
  status: 'done',
  startsAt: '2026-03-16T10:00:00Z',
  createdAt: '2026-03-01T10:00:00Z',
  participantIds: [],
  organizationId: null,
  opportunityId: null,
  direction: 'mutual',
  awaitingReply: false,
  repliedAt: null,
  ...c,
});
const opp = (o: Partial<IOpportunity> & { id: string }): IOpportunity => ({ organizationId: 'acme', source: 'posting', stage: 'lead', notAFit: false, createdAt: '2026-03-02T09:00:00Z', history: [{ to: o.stage ?? 'lead', at: '2026-03-02T09:00:00Z' }], ...o });
const records = (r: Partial<InsightRecords>): InsightRecords => ({
  now: NOW,
  timeZone: 'UTC',
  weeks: 3,
  band: { min: 6, max: 10 },
  recentDays: 14,
  topTargetCount: 10,
  goals: { ...DEFAULT_GOALS },
  contacts: [],
  conversations: [],
  referrals: [],
  opportunities: [],
  actionsDone: [],
  targets: [],
  ...r,
});

describe('insights', () => {
  it('buckets by ISO weeks in the user zone', () => {
    expect(weekStart('2026-03-18')).toBe('2026-03-16');
    expect(weekStart('2026-03-16')).toBe('2026-03-16');
    expect(weekStart('2026-03-22')).toBe('2026-03-16');
    expect(weekStarts(NOW, 'UTC', 3)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    // 00:30 on Monday in Tokyo is still Sunday in UTC.
    expect(weekStarts('2026-03-15T15:30:00Z', 'Asia/Tokyo', 1)).toEqual(['2026-03-16']);
  });

  it('counts things in the works at the end of each week: live opportunities, then people in live networking conversations', () => {
    const r = records({
      contacts: [
        { id: 'stan', organizationId: 'acme', createdAt: '2026-03-01T00:00:00Z' },
        { id: 'ann', organizationId: 'globex', createdAt: '2026-03-01T00:00:00Z' },
        { id: 'bob', organizationId: null, createdAt: '2026-03-01T00:00:00Z' },
      ],
      opportunities: [
        opp({ id: 'o1', stage: 'rejected', history: [{ to: 'applied', at: '2026-03-02T09:00:00Z' }, { to: 'rejected', at: '2026-03-12T09:00:00Z' }] }),
        opp({ id: 'o2', organizationId: 'initech', createdAt: '2026-03-10T00:00:00Z', history: [{ to: 'lead', at: '2026-03-10T00:00:00Z' }] }),
        opp({ id: 'o3', organizationId: 'hooli', notAFit: true }),
      ],
      conversations: [
        // Stan is at Acme, which counts through o1 in the first week only.
        conv({ id: 'c1', startsAt: '2026-03-04T10:00:00Z', participantIds: ['stan', 'ann'] }),
        // Scheduled on the 9th for the 20th: counts from the week it was scheduled.
        conv({ id: 'c2', status: 'scheduled', startsAt: '2026-03-20T10:00:00Z', createdAt: '2026-03-09T10:00:00Z', participantIds: ['bob'] }),
        conv({ id: 'c3', status: 'cancelled', participantIds: ['bob'] }),
        conv({ id: 'c4', kind: 'job-interview', participantIds: ['bob'] }),
      ],
    });
    const series = inTheWorksOverTime(r);
    expect(series.map((p) => [p.week, p.opportunities, p.people, p.count, p.band])).toEqual([
      ['2026-03-02', 1, 1, 2, 'below'], // o1; Ann (Stan's Acme counts through o1)
      ['2026-03-09', 1, 3, 4, 'below'], // o2; Stan, Ann (c1 within 14 days) and Bob (scheduled)
      ['2026-03-16', 1, 1, 2, 'below'], // c1 is now more than 14 days old: only Bob
    ]);
    expect(series.at(-1)?.at).toBe(NOW);
  });

  it('knows the stage an opportunity was in, and whether it ever reached a stage', () => {
    const o = opp({ id: 'o', stage: 'rejected', history: [{ to: 'lead', at: '2026-03-02T09:00:00Z' }, { to: 'interviewing', at: '2026-03-05T09:00:00Z' }, { to: 'rejected', at: '2026-03-10T09:00:00Z' }] });
    expect(stageAt(o, Date.parse('2026-03-01T00:00:00Z'))).toBeNull();
    expect(stageAt(o, Date.parse('2026-03-06T00:00:00Z'))).toBe('interviewing');
    expect(stageAt(o, Date.parse(NOW))).toBe('rejected');
    expect(reachedStage(o, 'interviewing')).toBe(true);
    expect(reachedStage(o, 'offer')).toBe(false);
    expect(reachedStage(opp({ id: 'a', stage: 'accepted', history: [] }), 'offer')).toBe(true);
  });

  it('counts weekly activity against goals', () => {
    const r = records({
      contacts: [
        { id: 'a', organizationId: null, createdAt: '2026-03-03T10:00:00Z' },
        { id: 'b', organizationId: null, createdAt: '2026-03-17T10:00:00Z' },
        { id: 'old', organizationId: null, createdAt: '2025-12-01T10:00:00Z' },
      ],
      conversations: [conv({ id: 'c1', startsAt: '2026-03-10T10:00:00Z' }), conv({ id: 'c2', startsAt: '2026-03-17T10:00:00Z' }), conv({ id: 'c3', status: 'scheduled', startsAt: '2026-03-19T10:00:00Z' })],
      actionsDone: [{ completedAt: '2026-03-17T09:00:00Z' }, { completedAt: '2026-03-18T09:00:00Z' }],
    });
    expect(weeklyActivity(r)).toEqual([
      { week: '2026-03-02', newContacts: 1, conversations: 0, actionsDone: 0 },
      { week: '2026-03-09', newContacts: 0, conversations: 1, actionsDone: 0 },
      { week: '2026-03-16', newContacts: 1, conversations: 1, actionsDone: 2 },
    ]);
  });

  it('counts interviews by source: rounds per opportunity, at least one once interviewing, unlinked ones apart', () => {
    const r = records({
      opportunities: [
        opp({ id: 'dream', source: 'posting', stage: 'rejected', history: [{ to: 'lead', at: '2026-03-02T09:00:00Z' }, { to: 'interviewing', at: '2026-03-03T09:00:00Z' }, { to: 'rejected', at: '2026-03-12T09:00:00Z' }] }),
        opp({ id: 'team', source: 'referral', stage: 'offer', history: [{ to: 'lead', at: '2026-03-13T09:00:00Z' }, { to: 'interviewing', at: '2026-03-14T09:00:00Z' }, { to: 'offer', at: '2026-03-16T09:00:00Z' }] }),
        opp({ id: 'quiet', source: 'hidden-job', stage: 'applied' }),
      ],
      conversations: [
        conv({ id: 'r1', kind: 'job-interview', opportunityId: 'dream' }),
        conv({ id: 'r2', kind: 'job-interview', opportunityId: 'dream' }),
        conv({ id: 'r3', kind: 'job-interview', opportunityId: 'dream' }),
        conv({ id: 'rx', kind: 'job-interview', opportunityId: 'dream', status: 'cancelled' }),
        conv({ id: 'u1', kind: 'job-interview' }),
      ],
    });
    expect(interviewCounts(r)).toEqual([
      { opportunityId: 'dream', source: 'posting', count: 3 },
      { opportunityId: 'team', source: 'referral', count: 1 },
      { opportunityId: null, source: 'unlinked', count: 1 },
    ]);
    expect(interviewsBySource(r)).toEqual({
      total: 5,
      networking: 1,
      posting: 3,
      unlinked: 1,
      bySource: [
        { source: 'referral', count: 1 },
        { source: 'hidden-job', count: 0 },
        { source: 'converted', count: 0 },
        { source: 'posting', count: 3 },
        { source: 'unlinked', count: 1 },
      ],
    });
  });

  it('builds the funnel from contacts to offers', () => {
    const r = records({
      contacts: ['a', 'b', 'c', 'd'].map((id) => ({ id, organizationId: null, createdAt: '2026-03-01T00:00:00Z' })),
      conversations: [conv({ id: 'c1', participantIds: ['a', 'b'] }), conv({ id: 'c2', participantIds: ['a'] }), conv({ id: 'c3', status: 'scheduled', startsAt: '2026-03-20T10:00:00Z', participantIds: ['c'] })],
      referrals: [{ id: 'r1', status: 'met' }, { id: 'r2', status: 'offered' }],
      opportunities: [opp({ id: 'o1', stage: 'accepted', history: [{ to: 'offer', at: '2026-03-16T00:00:00Z' }, { to: 'accepted', at: '2026-03-17T00:00:00Z' }] }), opp({ id: 'o2', stage: 'interviewing' })],
    });
    expect(funnel(r).map((f) => [f.step, f.count])).toEqual([
      ['contacts', 4],
      ['conversations', 2],
      ['referrals', 2],
      ['interviews', 2],
      ['offers', 1],
    ]);
  });

  it('measures the coverage of the top targets', () => {
    const r = records({
      topTargetCount: 3,
      targets: [
        { organizationId: 'acme', rank: 1, status: 'networking' },
        { organizationId: 'globex', rank: 2, status: 'researching' },
        { organizationId: 'dropped', rank: 3, status: 'dropped' },
        { organizationId: 'hooli', rank: 4, status: 'in-process' },
        { organizationId: 'initech', rank: 5, status: 'researching' },
      ],
      contacts: [
        { id: 'stan', organizationId: 'acme', createdAt: '2026-03-01T00:00:00Z' },
        { id: 'ann', organizationId: 'globex', createdAt: '2026-03-01T00:00:00Z' },
        { id: 'ivy', organizationId: 'initech', createdAt: '2026-03-01T00:00:00Z' },
      ],
      conversations: [conv({ id: 'c1', participantIds: ['stan'] }), conv({ id: 'c2', organizationId: 'hooli' }), conv({ id: 'c3', participantIds: ['ann'], status: 'scheduled', startsAt: '2026-03-20T10:00:00Z' })],
    });
    expect(targetCoverage(r)).toEqual({ topTargets: 3, withContact: 2, withConversation: 2, contactShare: 2 / 3, conversationShare: 2 / 3 });
    expect(targetCoverage(records({}))).toEqual({ topTargets: 0, withContact: 0, withConversation: 0, contactShare: 0, conversationShare: 0 });
  });

  it('measures the reply rate and counts Boosters, Obligates and Curmudgeons', () => {
    const calendar = compileCalendar(DEFAULT_PLAYBOOK_SETTINGS);
    const out = (id: string, who: string, sent: string, replied: string | null) => conv({ id, kind: 'email', direction: 'outbound', startsAt: sent, awaitingReply: replied === null, repliedAt: replied, participantIds: [who] });
    const r = records({
      contacts: ['fast', 'slow', 'never', 'pending'].map((id) => ({ id, organizationId: null, createdAt: '2026-01-01T00:00:00Z' })),
      conversations: [
        out('e1', 'fast', '2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z'),
        out('e2', 'slow', '2026-02-02T10:00:00Z', '2026-02-16T10:00:00Z'),
        out('e3', 'never', '2026-02-02T10:00:00Z', null),
        out('e4', 'pending', '2026-03-17T10:00:00Z', null),
        conv({ id: 'in', kind: 'email', direction: 'inbound', participantIds: ['fast'] }),
      ],
    });
    expect(replyStats(r, (a, b) => businessDaysBetween(a, b, calendar))).toEqual({ outreaches: 4, replied: 2, rate: 0.5, people: { booster: 1, obligate: 1, curmudgeon: 1, unknown: 1 } });
  });
});
