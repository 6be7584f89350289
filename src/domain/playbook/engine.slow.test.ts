import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, compileCalendar } from '../business-days.js';
import { buildSyntheticWorkspace } from '../../../test/support/synthetic-workspace.js';
import { compareActions, computeActions } from './engine.js';
import { identityKey } from './identity.js';
import type { PlaybookInput } from './playbook.types.js';
import { reconcileActions } from './reconcile.js';

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
  // One per person: the latest day you spoke with them, and that day's earliest conversation.
  const eligible = [...input.conversations]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((c) => {
      const ms = Date.parse(c.startsAt);
      if (c.status !== 'done' || c.kind === 'email' || ms > nowMs || ms < horizonMs) return false;
      if (c.kind === 'call' && c.awaitingReply && c.repliedAt === null) return false;
      return !(c.kind === 'call' && c.direction === 'outbound');
    });
  const dayOf = (c: { startsAt: string }) => DateTime.fromISO(c.startsAt, { zone: s.timeZone }).toISODate()!;
  const latest = new Map<string, string>();
  for (const c of eligible) for (const p of c.participantIds) latest.set(p, dayOf(c));
  const thanked = new Set<string>();
  for (const c of eligible) {
    const date = dayOf(c);
    const people = [...new Set(c.participantIds)].filter((p) => known.has(p) && latest.get(p) === date && !thanked.has(p));
    if (people.length === 0) continue;
    for (const p of people) thanked.add(p);
    if (addBusinessDays(date, s.thankYouBusinessDays, calendar) < staleBefore) continue;
    out.add(identityKey('thank-you', `conversation:${c.id}`, people));
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
