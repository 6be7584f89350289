import { describe, expect, it } from 'vitest';
import { compareActions, computeActions, describeRules } from './engine.js';
import { RULE_IDS } from './playbook.types.js';
import { advice, contact, conversation, opportunity, playbookInput, referral, target, type InputSpec } from '../../../test/support/playbook-builders.js';

/** A small workspace where most rules fire on Wed 4 Mar 2026. */
function busyWorkspace(extra: Partial<InputSpec> = {}): InputSpec {
  return {
    settings: { timeZone: 'Europe/Berlin' },
    now: '2026-03-04T10:00:00.000Z',
    contacts: [
      contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' }),
      contact({ id: 'ann', displayName: 'Ann Lee', organizationId: 'globex' }),
      contact({ id: 'bob', displayName: 'Bob Marsh', organizationId: 'acme' }),
      contact({ id: 'cara', displayName: 'Cara Diaz' }),
    ],
    organizations: [target({ id: 'acme', name: 'Acme', rank: 1 }), target({ id: 'globex', name: 'Globex', rank: 2 }), target({ id: 'initech', name: 'Initech', rank: 3 })],
    conversations: [
      conversation({ id: 'ni', kind: 'networking-interview', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] }),
      conversation({ id: 'plan', status: 'scheduled', startsAt: '2026-03-05T09:00:00.000Z', participantIds: ['cara'] }),
      conversation({ id: 'mail', kind: 'email', direction: 'outbound', awaitingReply: true, startsAt: '2026-02-20T09:00:00.000Z', participantIds: ['bob'] }),
      conversation({ id: 'old', startsAt: '2026-01-20T09:00:00.000Z', participantIds: ['ann'] }),
    ],
    referrals: [referral({ id: 'r1', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2026-03-03T09:30:00.000Z' })],
    advice: [advice({ id: 'a1', contactId: 'stan', title: 'Inspired', status: 'done', doneAt: '2026-03-03T20:00:00.000Z' })],
    opportunities: [opportunity({ id: 'o1', organizationId: 'acme', title: 'PM', stage: 'rejected', stageChangedAt: '2026-03-02T10:00:00.000Z', interviewerIds: ['bob'] })],
    ...extra,
  };
}

describe('computeActions', () => {
  it('runs every rule of the playbook, earliest due first, then by importance', () => {
    const actions = computeActions(playbookInput(busyWorkspace()));
    const rules = new Set(actions.map((a) => a.ruleId));
    for (const id of ['thank-you', 'next-day-call', 'reach-referral', 'ask-feedback', 'advice-update', '3b7', 'in-the-works', 'target-gap', 'prepare'] as const) {
      expect(rules).toContain(id);
    }
    const sorted = [...actions].sort((a, b) => compareActions(a, b));
    expect(actions).toEqual(sorted);
    for (let i = 1; i < actions.length; i += 1) expect(actions[i - 1]!.dueOn <= actions[i]!.dueOn).toBe(true);
    // On the same day, the next-day call (it leads to the next interview) comes before the thank-you.
    const wed = actions.filter((a) => a.dueOn === '2026-03-04').map((a) => a.ruleId);
    expect(wed.indexOf('next-day-call')).toBeLessThan(wed.indexOf('thank-you'));
    // The order is a setting.
    const thanksFirst = computeActions(playbookInput({ ...busyWorkspace(), settings: { timeZone: 'Europe/Berlin', rulePriority: ['thank-you'] } }));
    const wed2 = thanksFirst.filter((a) => a.dueOn === '2026-03-04').map((a) => a.ruleId);
    expect(wed2.indexOf('thank-you')).toBeLessThan(wed2.indexOf('next-day-call'));
  });

  it('disabled rules do not run', () => {
    const actions = computeActions(playbookInput({ ...busyWorkspace(), settings: { timeZone: 'Europe/Berlin', enabledRules: ['thank-you', 'prepare'] } }));
    expect(new Set(actions.map((a) => a.ruleId))).toEqual(new Set(['thank-you', 'prepare']));
    expect(computeActions(playbookInput({ ...busyWorkspace(), settings: { enabledRules: [] } }))).toEqual([]);
  });

  it('is deterministic: twice the same input gives the same actions and unique keys', () => {
    const first = computeActions(playbookInput(busyWorkspace()));
    const second = computeActions(playbookInput(busyWorkspace()));
    expect(second).toEqual(first);
    expect(new Set(first.map((a) => a.key)).size).toBe(first.length);
  });

  it('describes its rules in playbook order', () => {
    expect(describeRules().map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const r of describeRules()) expect(r.describe.length).toBeGreaterThan(20);
  });
});
