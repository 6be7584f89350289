import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, opportunity, organization } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee', organizationId: 'acme' });
const interview = conversation({
  id: 'iv2',
  kind: 'job-interview',
  startsAt: '2026-03-03T09:00:00.000Z',
  participantIds: ['ann'],
  opportunityId: 'pm',
  interviewRound: 2,
});
const pm = opportunity({ id: 'pm', title: 'Product Manager', organizationId: 'acme', stage: 'interviewing', stageChangedAt: '2026-02-20T09:00:00.000Z' });
const base = {
  settings: { timeZone: 'Europe/Berlin' },
  contacts: [stan, ann],
  organizations: [organization({ id: 'acme', name: 'Acme' })],
  conversations: [interview],
  opportunities: [pm],
};

describe('interview-status', () => {
  it('after 10 business days without news, ask where they are — not on day 9', () => {
    // Tue 3 Mar + 10 business days = Tue 17 Mar.
    expect(actionsOf('interview-status', { ...base, now: '2026-03-16T17:00:00.000Z' })).toEqual([]);
    const [a] = actionsOf('interview-status', { ...base, now: '2026-03-17T08:00:00.000Z' });
    expect(a).toMatchObject({
      key: 'interview-status:opportunity:pm:conversation:iv2@ann',
      title: 'Ask Ann Lee for news on Product Manager',
      dueOn: '2026-03-17',
      recipientContactIds: ['ann'],
      templateId: 'interview-status',
      reason:
        'Your job interview (round 2) for Product Manager at Acme was on Tue 3 Mar and there has been no news for 10 business days: ask Ann Lee where Acme is in its process.',
    });
    expect(a?.templateContext).toMatchObject({ opportunity: { title: 'Product Manager' }, conversation: { date: 'Tue 3 Mar' } });
  });

  it('asks the interviewer you had rapport with first', () => {
    const [a] = actionsOf('interview-status', { ...base, opportunities: [{ ...pm, rapportInterviewerId: 'stan' }], now: '2026-03-17T08:00:00.000Z' });
    expect(a?.recipientContactIds).toEqual(['stan']);
  });

  it('news cancels it: a stage change after the interview, or the next interview already scheduled', () => {
    const now = '2026-03-20T08:00:00.000Z';
    expect(actionsOf('interview-status', { ...base, now, opportunities: [{ ...pm, stageChangedAt: '2026-03-05T09:00:00.000Z' }] })).toEqual([]);
    const next = conversation({ id: 'iv3', kind: 'job-interview', status: 'scheduled', startsAt: '2026-03-25T09:00:00.000Z', participantIds: ['ann'], opportunityId: 'pm' });
    expect(actionsOf('interview-status', { ...base, now, conversations: [interview, next] })).toEqual([]);
    for (const stage of ['offer', 'rejected', 'lead'] as const) {
      expect(actionsOf('interview-status', { ...base, now, opportunities: [{ ...pm, stage }] })).toEqual([]);
    }
  });

  it('a newer interview starts a new wait (new key)', () => {
    const later = conversation({ ...interview, id: 'iv3', startsAt: '2026-03-10T09:00:00.000Z', interviewRound: 3 });
    expect(actionsOf('interview-status', { ...base, conversations: [interview, later], now: '2026-03-17T08:00:00.000Z' })).toEqual([]);
    const [a] = actionsOf('interview-status', { ...base, conversations: [interview, later], now: '2026-03-24T08:00:00.000Z' });
    expect(a?.key).toBe('interview-status:opportunity:pm:conversation:iv3@ann');
  });

  it('holidays and the setting move the day', () => {
    const withHoliday = { ...base, settings: { timeZone: 'Europe/Berlin', holidays: ['2026-03-12'] } };
    expect(actionsOf('interview-status', { ...withHoliday, now: '2026-03-17T08:00:00.000Z' })).toEqual([]);
    expect(actionsOf('interview-status', { ...withHoliday, now: '2026-03-18T08:00:00.000Z' })[0]?.dueOn).toBe('2026-03-18');
    const five = { ...base, settings: { timeZone: 'Europe/Berlin', interviewStatusBusinessDays: 5 } };
    expect(actionsOf('interview-status', { ...five, now: '2026-03-10T08:00:00.000Z' })[0]?.reason).toContain('no news for 5 business days');
  });
});
