import type { ProposedAction } from './playbook.types.js';

interface Entry {
  a: unknown;
  b: unknown;
  c: unknown;
  d: unknown;
  out: ProposedAction | null;
}

/**
 * What a rule proposed for one record, remembered with the facts it was computed from, so that
 * the next computation on the same day with the same settings reuses it when none of those
 * facts changed — 30,000 contacts then cost a comparison each, not a sentence each.
 *
 * Dependencies are compared by identity (`Object.is`): records are plain objects that the
 * caller replaces, never mutates, when they change (a reloaded contact is a new object), and
 * numbers compare by value. A rule must list every fact its result reads; the day and the
 * settings are the memo's own (a memo made for one day answers nothing on another).
 * Still pure: the result is what the rule would compute, only cheaper.
 */
export class RuleMemo {
  private readonly byRule = new Map<string, { entries: Map<string, Entry>; seen: Set<string> }>();

  constructor(
    /** The local date and the settings the results hold for (any string that changes when they do). */
    readonly validFor: string,
  ) {}

  /**
   * The rule's result for one record: remembered when every dependency (up to four; an array
   * compares element by element) is the same as last time, else computed and remembered.
   */
  get(ruleId: string, recordId: string, a: unknown, b: unknown, c: unknown, d: unknown, compute: () => ProposedAction | null): ProposedAction | null {
    let rule = this.byRule.get(ruleId);
    if (!rule) {
      rule = { entries: new Map(), seen: new Set() };
      this.byRule.set(ruleId, rule);
    }
    rule.seen.add(recordId);
    const entry = rule.entries.get(recordId);
    if (entry && same(entry.a, a) && same(entry.b, b) && same(entry.c, c) && same(entry.d, d)) return entry.out;
    const out = compute();
    rule.entries.set(recordId, { a, b, c, d, out });
    return out;
  }

  /** Forgets the records no rule asked about since the last sweep (deleted contacts, conversations out of the window). */
  sweep(): void {
    for (const rule of this.byRule.values()) {
      if (rule.seen.size < rule.entries.size) for (const id of rule.entries.keys()) if (!rule.seen.has(id)) rule.entries.delete(id);
      rule.seen = new Set();
    }
  }

  /** How many results are remembered. */
  get size(): number {
    let n = 0;
    for (const rule of this.byRule.values()) n += rule.entries.size;
    return n;
  }
}

function same(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i += 1) if (!Object.is(x[i], y[i])) return false;
  return true;
}
