import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, organization } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const base = { settings: { timeZone: 'Europe/Berlin' }, contacts: [stan], organizations: [organization({ id: 'acme', name: 'Acme' })] };
const meeting = (startsAt: string, extra = {}) => conversation({ id: 'm1', status: 'scheduled', startsAt, participantIds: ['stan'], ...extra });

describe('prepare', () => {
  it('the business day before a meeting: prepare, with the time in your zone', () => {
    // Mon 2 Mar; meeting Tue 3 Mar 14:00 Berlin (13:00 UTC).
    const [a] = actionsOf('prepare', { ...base, now: '2026-03-02T09:00:00.000Z', conversations: [meeting('2026-03-03T13:00:00.000Z')] });
    expect(a).toMatchObject({
      key: 'prepare:conversation:m1@',
      dueOn: '2026-03-02',
      channel: 'task',
      title: 'Prepare for your networking meeting with Stan Fields',
      reason:
        'You have a networking meeting with Stan Fields (Acme) on Tue 3 Mar at 14:00: prepare by Mon 2 Mar — their notes and shared interests, your pitch, your target list and your questions.',
    });
  });

  it('on Friday for Monday; not two business days ahead', () => {
    const monday = meeting('2026-03-09T08:00:00.000Z', { kind: 'job-interview', interviewRound: 1 });
    const [a] = actionsOf('prepare', { ...base, now: '2026-03-06T09:00:00.000Z', conversations: [monday] });
    expect(a?.dueOn).toBe('2026-03-06');
    expect(a?.reason).toContain('You have a job interview (round 1) with Stan Fields (Acme) on Mon 9 Mar at 09:00');
    expect(actionsOf('prepare', { ...base, now: '2026-03-05T09:00:00.000Z', conversations: [monday] })).toEqual([]);
  });

  it('a meeting later today is due today; one already started, done, cancelled, or an email, is not prepared', () => {
    const now = '2026-03-03T08:00:00.000Z';
    expect(actionsOf('prepare', { ...base, now, conversations: [meeting('2026-03-03T15:00:00.000Z')] })[0]?.dueOn).toBe('2026-03-03');
    expect(actionsOf('prepare', { ...base, now, conversations: [meeting('2026-03-03T07:00:00.000Z')] })).toEqual([]);
    expect(actionsOf('prepare', { ...base, now, conversations: [meeting('2026-03-03T15:00:00.000Z', { status: 'done' })] })).toEqual([]);
    expect(actionsOf('prepare', { ...base, now, conversations: [meeting('2026-03-03T15:00:00.000Z', { status: 'cancelled' })] })).toEqual([]);
    expect(actionsOf('prepare', { ...base, now, conversations: [meeting('2026-03-03T15:00:00.000Z', { kind: 'email' })] })).toEqual([]);
  });

  it('the lead time is a setting', () => {
    const wednesday = meeting('2026-03-04T13:00:00.000Z');
    const [a] = actionsOf('prepare', { ...base, settings: { timeZone: 'Europe/Berlin', prepareLeadBusinessDays: 2 }, now: '2026-03-02T09:00:00.000Z', conversations: [wednesday] });
    expect(a?.dueOn).toBe('2026-03-02');
  });
});
