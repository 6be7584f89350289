import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, organization, referral } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee', organizationId: 'globex' });
const base = {
  settings: { timeZone: 'Europe/Berlin' },
  contacts: [stan, ann],
  organizations: [organization({ id: 'globex', name: 'Globex' })],
};
const offer = (extra = {}) => referral({ id: 'r1', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2026-03-03T15:00:00.000Z', ...extra });

describe('reach-referral', () => {
  it('contact the person you were given within 2 business days — without waiting for an introduction', () => {
    const [a] = actionsOf('reach-referral', { ...base, now: '2026-03-03T16:00:00.000Z', referrals: [offer()] });
    expect(a).toMatchObject({
      key: 'reach-referral:@ann',
      title: 'Reach out to Ann Lee',
      dueOn: '2026-03-05',
      recipientContactIds: ['ann'],
      templateId: 'reach-referral',
      reason: 'Stan Fields gave you the name of Ann Lee (Globex) on Tue 3 Mar: contact Ann Lee yourself by Thu 5 Mar — don’t wait to be introduced.',
    });
    expect(a?.templateContext).toMatchObject({ contact: { firstName: 'Ann' }, referrer: { displayName: 'Stan Fields' }, organization: { name: 'Globex' } });
  });

  it('a name offered on Thursday is due on Monday', () => {
    const [a] = actionsOf('reach-referral', { ...base, now: '2026-03-05T16:00:00.000Z', referrals: [offer({ offeredAt: '2026-03-05T15:00:00.000Z' })] });
    expect(a?.dueOn).toBe('2026-03-09');
  });

  it('stops once the referral has moved on, or you have already been in touch', () => {
    const now = '2026-03-04T16:00:00.000Z';
    for (const status of ['contacted', 'met', 'led-to-interview'] as const) {
      expect(actionsOf('reach-referral', { ...base, now, referrals: [offer({ status })] })).toEqual([]);
    }
    // An email sent after the offer means you reached them, even if the status was not updated.
    const emailed = conversation({ id: 'e1', kind: 'email', direction: 'outbound', startsAt: '2026-03-04T08:00:00.000Z', participantIds: ['ann'] });
    expect(actionsOf('reach-referral', { ...base, now, referrals: [offer()], conversations: [emailed] })).toEqual([]);
    // A conversation long before the offer does not count.
    const old = conversation({ id: 'm0', startsAt: '2025-06-01T08:00:00.000Z', participantIds: ['ann'] });
    expect(actionsOf('reach-referral', { ...base, now, referrals: [offer()], conversations: [old] })).toHaveLength(1);
  });

  it('not for a referral to an organization only, nor to an unknown person', () => {
    const now = '2026-03-04T16:00:00.000Z';
    expect(actionsOf('reach-referral', { ...base, now, referrals: [offer({ toContactId: null, toOrganizationId: 'globex' })] })).toEqual([]);
    expect(actionsOf('reach-referral', { ...base, now, referrals: [offer({ toContactId: 'ghost' })] })).toEqual([]);
  });

  it('the delay is a setting', () => {
    const [a] = actionsOf('reach-referral', { ...base, settings: { timeZone: 'Europe/Berlin', reachReferralBusinessDays: 1 }, now: '2026-03-03T16:00:00.000Z', referrals: [offer()] });
    expect(a?.dueOn).toBe('2026-03-04');
  });

  it('the same person offered twice (twice in one conversation, by two people, or before a merge) is one action, from the first offer', () => {
    const actions = actionsOf('reach-referral', {
      ...base,
      now: '2026-03-04T16:00:00.000Z',
      referrals: [offer({ id: 'r2', offeredAt: '2026-03-04T09:00:00.000Z' }), offer()],
    });
    expect(actions.map((a) => [a.key, a.dueOn])).toEqual([['reach-referral:@ann', '2026-03-05']]);
    expect(actions[0]?.subjects).toContainEqual({ type: 'referral', id: 'r1' });
  });
});
