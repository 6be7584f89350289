import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, compileCalendar } from '../business-days.js';
import { buildSyntheticWorkspace } from '../../../test/support/synthetic-workspace.js';
import { compareActions, computeActions, describeRules } from './engine.js';
import { identityKey } from './identity.js';
import { RULE_IDS, type PlaybookInput } from './playbook.types.js';
import { reconcileActions } from './reconcile.js';
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

// Generous timeouts: these walk 150,000 records, and CI machines are shared.
describe('computeActions on a workspace of 30,000 contacts and 150,000 conversations', { timeout: 60_000 }, () => {
  const input = buildSyntheticWorkspace();
  const actions = computeActions(input);
  const keys = actions.map((a) => a.key);

  it('has the size it claims', () => {
    expect(input.contacts).toHaveLength(30_000);
    expect(input.conversations).toHaveLength(150_000);
    expect(actions.length).toBeGreaterThan(1000);
  });

  it('gives unique keys, in order, identical when recomputed, and nothing to change when reconciled with itself', () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect([...actions].sort((a, b) => compareActions(a, b)).map((a) => a.key)).toEqual(keys);
    expect(computeActions(input).map((a) => a.key)).toEqual(keys);
    const stored = actions.map((a, i) => ({ id: `s${i}`, key: a.key, ruleId: a.ruleId, status: 'open' as const, dueOn: a.dueOn, snoozedUntil: null, title: a.title, reason: a.reason }));
    expect(reconcileActions(stored, actions, '2026-03-04')).toEqual({ create: [], update: [], obsolete: [] });
  });

  it('writes every reason for a person: real dates and names, no undefined', () => {
    const contacts = new Set(input.contacts.map((c) => c.id));
    for (const a of actions) {
      expect(a.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.reason).not.toMatch(/undefined|null|NaN|\[object/);
      for (const id of a.recipientContactIds) expect(contacts.has(id)).toBe(true);
    }
  });

  it('proposes exactly the thank-yous a straightforward reading of the rule gives (dates via luxon)', () => {
    expect(new Set(keys.filter((k) => k.startsWith('thank-you:')))).toEqual(referenceThankYouKeys(input));
  });

  it('proposes exactly the keep-in-touch check-ins a straightforward reading of the rule gives', () => {
    expect(new Set(keys.filter((k) => k.startsWith('keep-in-touch:')))).toEqual(referenceKeepInTouchKeys(input));
  });
});

/** thank-you, re-derived naively: luxon for the zone, no indexes, no pre-filters. */
function referenceThankYouKeys(input: PlaybookInput): Set<string> {
  const s = input.settings;
  const known = new Set(input.contacts.map((c) => c.id));
  const today = DateTime.fromISO(input.now, { zone: s.timeZone }).toISODate()!;
  const window = Math.min(s.windows['thank-you'] ?? s.staleAfterDays, s.staleAfterDays);
  const staleBefore = DateTime.fromISO(today).minus({ days: window }).toISODate()!;
  const out = new Set<string>();
  const calendar = compileCalendar(s);
  const nowMs = Date.parse(input.now);
  // Anything older than this cannot be due within the stale window (a bound for speed only).
  const horizonMs = nowMs - (s.staleAfterDays + 60) * 86_400_000;
  for (const c of input.conversations) {
    const ms = Date.parse(c.startsAt);
    if (c.status !== 'done' || c.kind === 'email' || ms > nowMs || ms < horizonMs) continue;
    if (c.kind === 'call' && c.awaitingReply && c.repliedAt === null) continue;
    if (c.kind === 'call' && c.direction === 'outbound') continue;
    if (!c.participantIds.some((p) => known.has(p))) continue;
    const date = DateTime.fromISO(c.startsAt, { zone: s.timeZone }).toISODate()!;
    if (addBusinessDays(date, s.thankYouBusinessDays, calendar) < staleBefore) continue;
    out.add(identityKey('thank-you', `conversation:${c.id}`, c.participantIds.filter((p) => known.has(p))));
  }
  return out;
}

function referenceKeepInTouchKeys(input: PlaybookInput): Set<string> {
  const s = input.settings;
  const nowMs = Date.parse(input.now);
  const today = DateTime.fromMillis(nowMs, { zone: s.timeZone }).startOf('day');
  const last = new Map<string, number>();
  const scheduled = new Set<string>();
  for (const c of input.conversations) {
    const ms = Date.parse(c.startsAt);
    for (const p of c.participantIds) {
      if (c.status === 'done' && ms <= nowMs) last.set(p, Math.max(last.get(p) ?? -Infinity, ms));
      if (c.status === 'scheduled' && ms >= nowMs) scheduled.add(p);
    }
  }
  const out = new Set<string>();
  for (const contact of input.contacts) {
    const lastMs = last.get(contact.id);
    if (contact.cadence === null && lastMs === undefined) continue;
    if (scheduled.has(contact.id)) continue;
    const cadence = contact.cadence ?? s.defaultCadence;
    const anchor = DateTime.fromMillis(lastMs ?? Date.parse(contact.createdAt), { zone: s.timeZone }).startOf('day');
    const days = Math.round(today.diff(anchor.setZone(s.timeZone), 'days').days);
    if (days >= cadence.idealDays) out.add(identityKey('keep-in-touch', `since:${anchor.toISODate()}`, [contact.id]));
  }
  return out;
}

describe('last interaction given by the caller', () => {
  it('lets keep-in-touch see an interaction older than the conversations passed in', async () => {
    const { computeActions } = await import('./engine.js');
    const { resolveSettings } = await import('./settings.js');
    const input = {
      now: '2026-06-01T12:00:00.000Z',
      settings: resolveSettings({}),
      contacts: [
        { id: 'c1', displayName: 'Old Friend', firstName: 'Old', organizationId: null, cadence: null, createdAt: '2025-01-01T00:00:00.000Z', lastInteractionAt: '2026-04-01T12:00:00.000Z' },
        { id: 'c2', displayName: 'Recent Friend', firstName: 'Recent', organizationId: null, cadence: null, createdAt: '2025-01-01T00:00:00.000Z', lastInteractionAt: '2026-05-25T12:00:00.000Z' },
        { id: 'c3', displayName: 'Never Met', firstName: 'Never', organizationId: null, cadence: null, createdAt: '2025-01-01T00:00:00.000Z', lastInteractionAt: null },
      ],
      organizations: [],
      conversations: [],
      referrals: [],
      advice: [],
      opportunities: [],
    };
    const keepInTouch = computeActions(input).filter((a) => a.ruleId === 'keep-in-touch');
    // 61 days since Old Friend (over the 30-day ideal); 7 days since Recent Friend; never met: no flood.
    expect(keepInTouch.map((a) => a.subjects[0]?.id)).toEqual(['c1']);
  });
});

describe('order of the facts', () => {
  // Participant order is meaningful (the first is the main person); the order of the rows is not.
  it('proposes the same actions whatever order the database returns its rows in', async () => {
    const { buildSyntheticWorkspace } = await import('../../../test/support/synthetic-workspace.js');
    const { computeActions } = await import('./engine.js');
    const input = buildSyntheticWorkspace();
    const shuffled = {
      ...input,
      contacts: [...input.contacts].reverse(),
      referrals: [...input.referrals].reverse(),
      conversations: [...input.conversations].reverse(),
    };
    const keys = (actions: { key: string; dueOn: string; title: string }[]) => actions.map((a) => `${a.key}|${a.dueOn}|${a.title}`).sort();
    expect(keys(computeActions(shuffled))).toEqual(keys(computeActions(input)));
  });
});
