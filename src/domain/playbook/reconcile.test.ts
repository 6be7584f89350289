import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeActions } from './engine.js';
import type { ProposedAction, StoredAction, StoredActionStatus } from './playbook.types.js';
import { reconcileActions } from './reconcile.js';
import { contact, conversation, organization, playbookInput, referral, type InputSpec } from '../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee', organizationId: 'globex' });
const meeting = conversation({ id: 'c1', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] });
const outreach = conversation({ id: 'e1', kind: 'email', direction: 'outbound', awaitingReply: true, startsAt: '2026-02-24T09:00:00.000Z', participantIds: ['ann'] });
const offer = referral({ id: 'r1', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2026-03-03T09:30:00.000Z' });
const spec: InputSpec = {
  settings: { timeZone: 'Europe/Berlin', enabledRules: ['thank-you', 'reach-referral', '3b7', 'prepare'] },
  now: '2026-03-04T10:00:00.000Z',
  contacts: [stan, ann],
  organizations: [organization({ id: 'globex', name: 'Globex' })],
  conversations: [meeting, outreach],
  referrals: [offer],
};
const today = '2026-03-04';
const TY = 'thank-you:conversation:c1@stan';
const RR = 'reach-referral:@ann';
const SC = '3b7-second-contact:conversation:e1@';
const compute = (s: InputSpec = spec) => computeActions(playbookInput(s));

/** What the service would have stored after applying a reconcile of `actions`. */
function store(actions: ProposedAction[], status: StoredActionStatus = 'open'): StoredAction[] {
  return actions.map((a) => ({ id: `id-${a.key}`, key: a.key, ruleId: a.ruleId, status, dueOn: a.dueOn, snoozedUntil: null, title: a.title, reason: a.reason }));
}
const withStatus = (stored: StoredAction[], key: string, patch: Partial<StoredAction>) => stored.map((s) => (s.key === key ? { ...s, ...patch } : s));

describe('reconcileActions', () => {
  it('the first run creates every proposed action', () => {
    const proposed = compute();
    expect(proposed.map((a) => a.key)).toEqual([SC, TY, RR]);
    expect(reconcileActions([], proposed, today)).toEqual({ create: proposed, update: [], obsolete: [] });
  });

  it('recomputing with the same facts changes nothing', () => {
    const stored = store(compute());
    expect(reconcileActions(stored, compute(), today)).toEqual({ create: [], update: [], obsolete: [] });
  });

  it('done and dismissed actions never come back, even while still proposed', () => {
    let stored = store(compute());
    stored = withStatus(stored, TY, { status: 'done' });
    stored = withStatus(stored, RR, { status: 'dismissed' });
    expect(reconcileActions(stored, compute(), today)).toEqual({ create: [], update: [], obsolete: [] });
    // nor when the facts behind them change, nor when they stop being proposed
    const moved = { ...spec, conversations: [{ ...meeting, startsAt: '2026-03-02T09:00:00.000Z' }, outreach] };
    expect(reconcileActions(stored, compute(moved), today).update).toEqual([]);
    expect(reconcileActions(stored, [], today).obsolete).toEqual([`id-${SC}`]);
  });

  it('a snoozed action keeps its snooze and is not recreated; it wakes once the snooze is over', () => {
    const stored = withStatus(store(compute()), TY, { status: 'snoozed', snoozedUntil: '2026-03-06' });
    expect(reconcileActions(stored, compute(), today)).toEqual({ create: [], update: [], obsolete: [] });
    expect(reconcileActions(stored, compute({ ...spec, now: '2026-03-06T08:00:00.000Z' }), '2026-03-06').update).toContainEqual({
      id: `id-${TY}`,
      changes: { status: 'open' },
    });
  });

  it('when the fact changes (the meeting was on Monday, not Tuesday) the open action is updated', () => {
    const stored = store(compute());
    const moved = { ...spec, conversations: [{ ...meeting, startsAt: '2026-03-02T09:00:00.000Z' }, outreach] };
    const result = reconcileActions(stored, compute(moved), today);
    expect(result.create).toEqual([]);
    expect(result.obsolete).toEqual([]);
    expect(result.update).toEqual([
      {
        id: `id-${TY}`,
        changes: { dueOn: '2026-03-03', reason: 'You had a networking meeting with Stan Fields on Mon 2 Mar: thank Stan Fields by Tue 3 Mar.' },
      },
    ]);
  });

  it('when the fact goes away the open or snoozed action becomes obsolete: conversation deleted, reply arrived, referral met', () => {
    const stored = withStatus(store(compute()), SC, { status: 'snoozed', snoozedUntil: '2026-03-20' });
    const afterwards: InputSpec = {
      ...spec,
      conversations: [{ ...outreach, repliedAt: '2026-03-04T08:00:00.000Z' }],
      referrals: [{ ...offer, status: 'met' }],
    };
    expect(reconcileActions(stored, compute(afterwards), today)).toEqual({
      create: [],
      update: [],
      obsolete: [`id-${SC}`, `id-${TY}`, `id-${RR}`],
    });
  });

  it('an obsolete action proposed again is reopened, not duplicated', () => {
    const stored = withStatus(store(compute()), TY, { status: 'obsolete' });
    expect(reconcileActions(stored, compute(), today)).toEqual({ create: [], update: [{ id: `id-${TY}`, changes: { status: 'open' } }], obsolete: [] });
  });

  it('manual actions are never touched', () => {
    const manual: StoredAction = { id: 'm1', key: null, ruleId: null, status: 'open', dueOn: today, snoozedUntil: null, title: 'Update my CV', reason: '' };
    const keyed: StoredAction = { ...manual, id: 'm2', key: TY };
    expect(reconcileActions([manual, { ...keyed, ruleId: null }], [], today)).toEqual({ create: [], update: [], obsolete: [] });
  });

  it('heals duplicate rows of one key: a done row wins over open ones', () => {
    const [thanks] = compute().filter((a) => a.key === TY);
    const rows = [...store([thanks!]), { ...store([thanks!])[0]!, id: 'dup-done', status: 'done' as const }, { ...store([thanks!])[0]!, id: 'dup-open' }];
    expect(reconcileActions(rows, [thanks!], today)).toEqual({ create: [], update: [], obsolete: [`id-${TY}`, 'dup-open'] });
  });

  it('computing twice gives identical keys', () => {
    expect(compute().map((a) => a.key)).toEqual(compute().map((a) => a.key));
  });
});

describe('reconcileActions (properties)', () => {
  /** What a service does with a reconcile result. */
  function apply(stored: StoredAction[], result: ReturnType<typeof reconcileActions>): StoredAction[] {
    const rows = stored.map((s) => ({ ...s }));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const { id, changes } of result.update) Object.assign(byId.get(id)!, changes);
    for (const id of result.obsolete) byId.get(id)!.status = 'obsolete';
    result.create.forEach((p, i) => rows.push({ id: `new${i}-${p.key}`, key: p.key, ruleId: p.ruleId, status: 'open', dueOn: p.dueOn, snoozedUntil: null, title: p.title, reason: p.reason }));
    return rows;
  }

  const keyPool = ['thank-you:a', 'thank-you:b', '3b7:c:follow-up', 'prepare:d', 'keep-in-touch:e:2026-01-01'];
  const proposedArb = fc.uniqueArray(
    fc.record({ key: fc.constantFrom(...keyPool), dueOn: fc.constantFrom('2026-03-03', '2026-03-04'), reason: fc.constantFrom('r1', 'r2') }),
    { selector: (p) => p.key },
  );
  const storedArb = fc.array(
    fc.record({
      key: fc.constantFrom(...keyPool, null),
      status: fc.constantFrom<StoredActionStatus>('open', 'done', 'snoozed', 'dismissed', 'obsolete'),
      dueOn: fc.constantFrom('2026-03-03', '2026-03-04'),
      snoozedUntil: fc.constantFrom(null, '2026-03-01', '2026-03-10'),
      reason: fc.constantFrom('r1', 'r2'),
    }),
    { maxLength: 8 },
  );

  it('applying the result reaches a fixpoint, never touches done, dismissed or manual rows, and leaves exactly one live row per proposed key unless it was done or dismissed', () => {
    fc.assert(
      fc.property(proposedArb, storedArb, (props, rows) => {
        const proposed: ProposedAction[] = props.map((p) => ({
          key: p.key,
          ruleId: 'thank-you',
          title: 't',
          reason: p.reason,
          dueOn: p.dueOn,
          channel: 'email',
          templateId: null,
          subjects: [],
          recipientContactIds: [],
          templateContext: null,
        }));
        const stored: StoredAction[] = rows.map((r, i) => ({
          id: `s${i}`,
          key: r.key,
          ruleId: r.key === null ? null : 'thank-you',
          status: r.status,
          dueOn: r.dueOn,
          snoozedUntil: r.status === 'snoozed' ? r.snoozedUntil : null,
          title: 't',
          reason: r.reason,
        }));
        const after = apply(stored, reconcileActions(stored, proposed, today));
        expect(reconcileActions(after, proposed, today)).toEqual({ create: [], update: [], obsolete: [] });
        for (const s of stored) {
          const now = after.find((a) => a.id === s.id)!;
          if (s.status === 'done' || s.status === 'dismissed' || s.ruleId === null) expect(now).toEqual(s);
          if (s.status === 'snoozed') expect(now.snoozedUntil).toBe(s.snoozedUntil);
        }
        for (const p of proposed) {
          const rows = after.filter((a) => a.key === p.key && a.ruleId !== null);
          const final = rows.filter((a) => a.status === 'done' || a.status === 'dismissed');
          const live = rows.filter((a) => a.status === 'open' || a.status === 'snoozed');
          if (final.length > 0) expect(live).toEqual([]);
          else {
            expect(live).toHaveLength(1);
            expect(live[0]!.dueOn).toBe(p.dueOn);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
