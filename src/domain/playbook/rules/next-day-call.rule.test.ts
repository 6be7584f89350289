import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../templates/templates.js';
import { actionsOf, contact, conversation, organization, referral } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee' });
const base = {
  settings: { timeZone: 'Europe/Berlin' },
  contacts: [stan, ann],
  organizations: [organization({ id: 'globex', name: 'Globex' })],
};
const interview = (startsAt: string, extra = {}) => conversation({ id: 'ni', kind: 'networking-interview', startsAt, participantIds: ['stan'], ...extra });

describe('next-day-call', () => {
  it('after Friday’s networking interview, call on Monday and share updates on the names they gave', () => {
    const [a] = actionsOf('next-day-call', {
      ...base,
      now: '2026-03-06T16:00:00.000Z',
      conversations: [interview('2026-03-06T10:00:00.000Z')],
      referrals: [
        referral({ id: 'r1', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2026-03-06T10:20:00.000Z' }),
        referral({ id: 'r2', fromContactId: 'stan', toOrganizationId: 'globex', offeredAt: '2026-03-06T10:25:00.000Z', status: 'contacted' }),
      ],
    });
    expect(a).toMatchObject({
      key: 'next-day-call:conversation:ni@stan',
      title: 'Call Stan Fields',
      dueOn: '2026-03-09',
      channel: 'call',
      templateId: 'next-day-call',
      reason:
        'You had a networking interview with Stan Fields on Fri 6 Mar: call Stan Fields on Mon 9 Mar to say thanks again and share updates on the names they gave you: Ann Lee (not contacted yet) and Globex (contacted).',
    });
    expect(a?.subjects).toContainEqual({ type: 'referral', id: 'r1' });
    expect(a?.templateContext?.referrals).toEqual({ names: 'Ann Lee and Globex', reached: 'Globex', notYet: 'Ann Lee' });
  });

  it('without referrals, the call shares your progress', () => {
    const [a] = actionsOf('next-day-call', { ...base, now: '2026-03-03T16:00:00.000Z', conversations: [interview('2026-03-03T10:00:00.000Z')] });
    expect(a?.dueOn).toBe('2026-03-04');
    expect(a?.reason).toBe('You had a networking interview with Stan Fields on Tue 3 Mar: call Stan Fields on Wed 4 Mar to say thanks again and share how you are acting on their advice.');
    expect(a?.templateContext?.referrals).toEqual({ names: null, reached: null, notYet: null });
  });

  it('only for networking interviews that took place', () => {
    const at = '2026-03-03T10:00:00.000Z';
    const actions = actionsOf('next-day-call', {
      ...base,
      now: '2026-03-03T16:00:00.000Z',
      conversations: [
        conversation({ id: 'meeting', kind: 'networking-meeting', startsAt: at, participantIds: ['stan'] }),
        conversation({ id: 'job', kind: 'job-interview', startsAt: at, participantIds: ['stan'] }),
        interview(at, { id: 'planned', status: 'scheduled' }),
        interview(at, { id: 'cancelled', status: 'cancelled' }),
      ],
    });
    expect(actions).toEqual([]);
  });

  it('the delay is a setting', () => {
    const [a] = actionsOf('next-day-call', {
      ...base,
      settings: { timeZone: 'Europe/Berlin', nextDayCallBusinessDays: 2 },
      now: '2026-03-06T16:00:00.000Z',
      conversations: [interview('2026-03-06T10:00:00.000Z')],
    });
    expect(a?.dueOn).toBe('2026-03-10');
  });

  it('names each person once, and the script says only what the records say', () => {
    const [a] = actionsOf('next-day-call', {
      ...base,
      now: '2026-03-06T16:00:00.000Z',
      conversations: [interview('2026-03-06T10:00:00.000Z')],
      referrals: [
        referral({ id: 'r1', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2026-03-06T10:20:00.000Z' }),
        referral({ id: 'r1b', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2026-03-06T10:21:00.000Z' }),
      ],
    });
    expect(a?.reason).toContain('the names they gave you: Ann Lee (not contacted yet).');
    expect(a?.templateContext?.referrals).toEqual({ names: 'Ann Lee', reached: null, notYet: 'Ann Lee' });
    const script = renderTemplate('next-day-call', { ...a?.templateContext, me: { firstName: 'Roger' } });
    expect(script.body).not.toContain('I’ve been in touch with');
    expect(script.body).not.toContain('started reaching out');
    expect(script.body).toContain('Next I’ll contact Ann Lee.');
  });
});
