import type { ProposedAction } from './playbook.types.js';

interface Entry {
  /** The sweep generation that last asked for it. */
  gen: number;
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
  private readonly byRule = new Map<string, Map<string, Entry>>();
  /** Bumped by every sweep: an entry not asked for since carries an older one. */
  private gen = 0;

  constructor(
    /** The local date and the settings the results hold for (any string that changes when they do). */
    readonly validFor: string,
  ) {}

  /**
   * The rule's result for one record: remembered when every dependency (up to four; an array
   * compares element by element) is the same as last time, else computed and remembered.
   */
  get(ruleId: string, recordId: string, a: unknown, b: unknown, c: unknown, d: unknown, compute: () => ProposedAction | null): ProposedAction | null {
    let entries = this.byRule.get(ruleId);
    if (!entries) {
      entries = new Map();
      this.byRule.set(ruleId, entries);
    }
    const entry = entries.get(recordId);
    if (entry && same(entry.a, a) && same(entry.b, b) && same(entry.c, c) && same(entry.d, d)) {
      entry.gen = this.gen;
      return entry.out;
    }
    const out = compute();
    entries.set(recordId, { gen: this.gen, a, b, c, d, out });
    return out;
  }

  /** Forgets the records no rule asked about since the last sweep (deleted contacts, conversations out of the window). */
  sweep(): void {
    const gen = this.gen;
    for (const entries of this.byRule.values()) for (const [id, entry] of entries) if (entry.gen !== gen) entries.delete(id);
    this.gen += 1;
  }

  /** How many results are remembered. */
  get size(): number {
    let n = 0;
    for (const entries of this.byRule.values()) n += entries.size;
    return n;
  }
}

function same(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i += 1) if (!Object.is(x[i], y[i])) return false;
  return true;
}
