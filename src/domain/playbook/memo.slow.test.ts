import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSyntheticWorkspace } from '../../../test/support/synthetic-workspace.js';
import { buildContext, computeActions, memoKey, RuleMemo } from './engine.js';
import type { PlaybookInput } from './playbook.types.js';

/** The same input with some records replaced by edited copies, as the service reloads them. */
function edit(input: PlaybookInput, seed: number, count: number): PlaybookInput {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
  const contacts = [...input.contacts];
  const conversations = [...input.conversations];
  const organizations = [...input.organizations];
  for (let i = 0; i < count; i += 1) {
    const r = next();
    if (r < 0.3) {
      const k = Math.floor(next() * contacts.length);
      const c = contacts[k]!;
      contacts[k] = { ...c, displayName: `${c.displayName} (${i})`, cadence: next() < 0.5 ? { idealDays: 7, maxDays: 14 } : c.cadence };
    } else if (r < 0.6) {
      const k = Math.floor(next() * conversations.length);
      const c = conversations[k]!;
      conversations[k] = { ...c, startsAt: new Date(Date.parse(input.now) - Math.floor(next() * 20) * 86_400_000).toISOString(), status: next() < 0.8 ? 'done' : 'cancelled' };
    } else if (r < 0.8) {
      const k = Math.floor(next() * organizations.length);
      const o = organizations[k]!;
      organizations[k] = { ...o, name: `${o.name} ${i}` };
    } else {
      const k = Math.floor(next() * contacts.length);
      const c = contacts[k]!;
      contacts[k] = { ...c, lastInteractionAt: new Date(Date.parse(input.now) - Math.floor(next() * 90) * 86_400_000).toISOString() };
    }
  }
  return { ...input, contacts, conversations, organizations };
}

describe('remembering rule results between computations', () => {
  // A small workspace keeps each run quick on a loaded machine (the property does not depend on
  // size; the benchmark measures speed): few referrals, since the generator's make thousands of
  // close-the-loop actions.
  const generated = buildSyntheticWorkspace({ contacts: 400, conversations: 1_600, organizations: 40, seed: 7 });
  const base = { ...generated, referrals: generated.referrals.slice(0, 80) };

  it('proposes exactly what a computation without memory proposes, after any edits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const memo = new RuleMemo(memoKey(buildContext(base).today, base.settings));
        let input = base;
        expect(computeActions(input, buildContext(input, { memo }))).toEqual(computeActions(input));
        for (const [seed, count] of edits) {
          input = edit(input, seed, count);
          const remembered = computeActions(input, buildContext(input, { memo }));
          memo.sweep();
          expect(remembered).toEqual(computeActions(input));
        }
      }),
      { numRuns: 15, endOnFailure: true },
    );
    // No timed assertion: the default 5 s is a deadline a shared CI machine can miss.
  }, 120_000);

  it('is ignored on another day or with other settings', () => {
    const memo = new RuleMemo(memoKey(buildContext(base).today, base.settings));
    computeActions(base, buildContext(base, { memo }));
    const tomorrow = { ...base, now: new Date(Date.parse(base.now) + 86_400_000).toISOString() };
    expect(buildContext(tomorrow, { memo }).memo).toBeUndefined();
    expect(computeActions(tomorrow, buildContext(tomorrow, { memo }))).toEqual(computeActions(tomorrow));
    const stricter = { ...base, settings: { ...base.settings, thankYouBusinessDays: 2 } };
    expect(buildContext(stricter, { memo }).memo).toBeUndefined();
  });

  it('forgets records that are gone', () => {
    const memo = new RuleMemo(memoKey(buildContext(base).today, base.settings));
    computeActions(base, buildContext(base, { memo }));
    memo.sweep();
    const before = memo.size;
    const fewer = { ...base, contacts: base.contacts.slice(0, Math.floor(base.contacts.length / 3)) };
    computeActions(fewer, buildContext(fewer, { memo }));
    memo.sweep();
    expect(memo.size).toBeLessThan(before);
  });
});
