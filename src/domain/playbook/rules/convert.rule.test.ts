import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, opportunity, organization, target } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const wrongJob = opportunity({
  id: 'pm',
  title: 'Product Manager',
  organizationId: 'acme',
  stage: 'interviewing',
  stageChangedAt: '2026-02-20T10:00:00.000Z',
  notAFit: true,
  rapportInterviewerId: 'stan',
});
const base = { settings: { timeZone: 'Europe/Berlin' }, now: '2026-03-03T10:00:00.000Z', contacts: [stan], organizations: [target({ id: 'acme', name: 'Acme', rank: 2 })] };

describe('convert', () => {
  it('the wrong job at the right company: offer to turn it into an informational interview', () => {
    const [a] = actionsOf('convert', { ...base, opportunities: [wrongJob] });
    expect(a).toMatchObject({
      key: 'convert:opportunity:pm@stan',
      dueOn: '2026-03-03',
      recipientContactIds: ['stan'],
      templateId: 'convert',
      title: 'Turn Product Manager at Acme into an informational interview',
      reason: 'Product Manager is not a fit, but Acme is #2 on your target list: offer Stan Fields to turn it into an informational interview.',
    });
  });

  it('not when the job fits, the organization is not (or no longer) a target, or the opportunity is closed or converted', () => {
    expect(actionsOf('convert', { ...base, opportunities: [{ ...wrongJob, notAFit: false }] })).toEqual([]);
    expect(actionsOf('convert', { ...base, organizations: [organization({ id: 'acme', name: 'Acme' })], opportunities: [wrongJob] })).toEqual([]);
    expect(actionsOf('convert', { ...base, organizations: [target({ id: 'acme', name: 'Acme', rank: 2, status: 'dropped' })], opportunities: [wrongJob] })).toEqual([]);
    for (const stage of ['converted', 'rejected', 'withdrawn', 'accepted'] as const) {
      expect(actionsOf('convert', { ...base, opportunities: [{ ...wrongJob, stage }] }).filter((a) => a.key.startsWith('convert:'))).toEqual([]);
    }
  });

  it('once converted, proposes the informational interview to ask for, with the questions to bring (seed 002)', () => {
    const converted = { ...wrongJob, stage: 'converted' as const, stageChangedAt: '2026-03-03T09:00:00.000Z' };
    const [a, ...rest] = actionsOf('convert', { ...base, opportunities: [converted] });
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      key: 'convert-request:opportunity:pm@stan',
      title: 'Ask Stan Fields for an informational interview',
      dueOn: '2026-03-05',
      recipientContactIds: ['stan'],
      templateId: 'convert',
    });
    expect(a?.reason).toMatch(/^You turned Product Manager at Acme into an informational interview on Tue 3 Mar: ask Stan Fields for an informational interview by Thu 5 Mar\. Questions to bring: What trends/);
    expect(a?.reason).toContain('Who else, here or elsewhere, would you suggest I talk with?');
    // Any conversation with Stan since (the request sent, the meeting booked) ends it.
    const asked = conversation({ id: 'ask', kind: 'email', startsAt: '2026-03-03T09:30:00.000Z', participantIds: ['stan'], direction: 'outbound' });
    expect(actionsOf('convert', { ...base, now: '2026-03-03T10:00:00.000Z', conversations: [asked], opportunities: [converted] })).toEqual([]);
  });

  it('without a known interviewer, still offers it', () => {
    const [a] = actionsOf('convert', { ...base, opportunities: [{ ...wrongJob, rapportInterviewerId: null }] });
    expect(a?.reason).toBe('Product Manager is not a fit, but Acme is #2 on your target list: offer to turn it into an informational interview.');
    expect(a?.recipientContactIds).toEqual([]);
  });
});
