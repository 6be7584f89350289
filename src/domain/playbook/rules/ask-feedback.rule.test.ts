import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, opportunity, organization } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee' });
const rejected = opportunity({
  id: 'pm',
  title: 'Product Manager',
  organizationId: 'acme',
  stage: 'rejected',
  stageChangedAt: '2026-03-03T15:00:00.000Z',
  interviewerIds: ['ann', 'stan'],
  rapportInterviewerId: 'stan',
});
const base = {
  settings: { timeZone: 'Europe/Berlin' },
  now: '2026-03-03T18:00:00.000Z',
  contacts: [stan, ann],
  organizations: [organization({ id: 'acme', name: 'Acme' })],
};

describe('ask-feedback', () => {
  it('after a rejection, ask the interviewer you had rapport with for feedback within 3 business days', () => {
    const [a] = actionsOf('ask-feedback', { ...base, opportunities: [rejected] });
    expect(a).toMatchObject({
      key: 'ask-feedback:opportunity:pm@stan',
      title: 'Ask Stan Fields for feedback',
      dueOn: '2026-03-06',
      recipientContactIds: ['stan'],
      templateId: 'ask-feedback',
      reason: 'Acme turned you down for Product Manager on Tue 3 Mar: by Fri 6 Mar, ask Stan Fields for feedback and advice, and offer to keep in touch.',
    });
  });

  it('without a rapport interviewer, asks the first interviewer, then whoever was in the last interview', () => {
    expect(actionsOf('ask-feedback', { ...base, opportunities: [{ ...rejected, rapportInterviewerId: null }] })[0]?.recipientContactIds).toEqual(['ann']);
    const lastInterview = conversation({ id: 'iv', kind: 'job-interview', startsAt: '2026-02-20T09:00:00.000Z', participantIds: ['stan'], opportunityId: 'pm' });
    const noInterviewers = { ...rejected, rapportInterviewerId: null, interviewerIds: [] };
    expect(actionsOf('ask-feedback', { ...base, opportunities: [noInterviewers], conversations: [lastInterview] })[0]?.recipientContactIds).toEqual(['stan']);
    // Rejected on paper: nobody to ask.
    expect(actionsOf('ask-feedback', { ...base, opportunities: [noInterviewers] })).toEqual([]);
  });

  it('only for rejections, and not for one long past', () => {
    for (const stage of ['interviewing', 'withdrawn', 'offer'] as const) {
      expect(actionsOf('ask-feedback', { ...base, opportunities: [{ ...rejected, stage }] })).toEqual([]);
    }
    expect(actionsOf('ask-feedback', { ...base, opportunities: [{ ...rejected, stageChangedAt: '2025-12-01T15:00:00.000Z' }] })).toEqual([]);
  });

  it('once you have talked with them since the rejection (the call that asked), it is no longer proposed', () => {
    const call = conversation({ id: 'call', kind: 'call', startsAt: '2026-03-03T17:00:00.000Z', participantIds: ['stan'] });
    expect(actionsOf('ask-feedback', { ...base, opportunities: [rejected], conversations: [call] })).toEqual([]);
    // A conversation before the rejection (the last round) does not count, nor one planned for later.
    const before = conversation({ id: 'iv', kind: 'job-interview', startsAt: '2026-03-02T09:00:00.000Z', participantIds: ['stan'], opportunityId: 'pm' });
    const planned = conversation({ id: 'later', kind: 'call', startsAt: '2026-03-05T09:00:00.000Z', status: 'scheduled', participantIds: ['stan'] });
    expect(actionsOf('ask-feedback', { ...base, opportunities: [rejected], conversations: [before, planned] })).toHaveLength(1);
  });

  it('the delay is a setting', () => {
    const [a] = actionsOf('ask-feedback', { ...base, settings: { timeZone: 'Europe/Berlin', askFeedbackBusinessDays: 1 }, opportunities: [rejected] });
    expect(a?.dueOn).toBe('2026-03-04');
  });
});
