/**
 * Idempotency: turns a fresh `computeActions` result into the changes to apply to the stored
 * actions, so that recomputing as often as you like never duplicates, resurrects or loses one.
 *
 * Matching is by `key` (rule id + the ids of the records concerned). For each key:
 * - proposed, nothing stored                → create;
 * - stored done or dismissed                → nothing, ever (even if still proposed);
 * - stored open, proposed                   → update title/reason/dueOn if they changed;
 * - stored snoozed, proposed                → same, keeping status and `snoozedUntil`; once
 *   `snoozedUntil` ≤ today the action wakes up (status back to open; `snoozedUntil` kept);
 * - stored obsolete, proposed again         → reopened (status open) with the new facts —
 *   e.g. a meeting rescheduled out of, then back into, the prepare window;
 * - stored open or snoozed, no longer proposed (the conversation was deleted, the reply
 *   arrived, the referral was met) → obsolete.
 * Manual actions (`ruleId` null) and rows without a key are never touched.
 * Several stored rows with one key (should not happen) are healed: a done or dismissed row
 * wins and the open or snoozed duplicates become obsolete; otherwise the first live row is kept.
 */
import type { ProposedAction, StoredAction, StoredActionStatus } from './playbook.types.js';

export type ActionChanges = Partial<Pick<StoredAction, 'status' | 'dueOn' | 'title' | 'reason'>>;

export interface ReconcileResult {
  create: ProposedAction[];
  update: { id: string; changes: ActionChanges }[];
  /** Ids of stored actions to mark obsolete. */
  obsolete: string[];
}

const FINAL: ReadonlySet<StoredActionStatus> = new Set<StoredActionStatus>(['done', 'dismissed']);
const LIVE: ReadonlySet<StoredActionStatus> = new Set<StoredActionStatus>(['open', 'snoozed']);
const RANK: Record<StoredActionStatus, number> = { done: 0, dismissed: 0, open: 1, snoozed: 1, obsolete: 2 };

export function reconcileActions(stored: readonly StoredAction[], proposed: readonly ProposedAction[], todayIso: string): ReconcileResult {
  const { byKey, duplicates } = indexStoredActions(stored);
  const result = reconcileIndexed(byKey, proposed, todayIso);
  result.obsolete.unshift(...duplicates);
  return result;
}

/**
 * One representative stored row per key (the caller may keep this index between
 * computations); live duplicates of it are returned to be made obsolete.
 */
export function indexStoredActions(stored: Iterable<StoredAction>): { byKey: Map<string, StoredAction>; duplicates: string[] } {
  const byKey = new Map<string, StoredAction>();
  const duplicates: string[] = [];
  for (const s of stored) {
    if (s.ruleId === null || s.key === null) continue;
    const current = byKey.get(s.key);
    if (!current) {
      byKey.set(s.key, s);
      continue;
    }
    if (current.id === s.id) continue; // the same row listed twice
    const keep = RANK[s.status] < RANK[current.status] ? s : current;
    const drop = keep === s ? current : s;
    byKey.set(s.key, keep);
    if (LIVE.has(drop.status)) duplicates.push(drop.id);
  }
  return { byKey, duplicates };
}

const isLive = (s: StoredAction) => s.status === 'open' || s.status === 'snoozed';

/**
 * `reconcileActions` over stored actions already indexed by key (see `indexStoredActions`).
 * With `uniqueKeys` the caller promises no key is proposed twice (`computeActions` keeps the
 * first), which spares a set of every key when, as usual, no live action went missing.
 */
export function reconcileIndexed(byKey: ReadonlyMap<string, StoredAction>, proposed: readonly ProposedAction[], todayIso: string, options: { uniqueKeys?: boolean } = {}): ReconcileResult {
  const result: ReconcileResult = { create: [], update: [], obsolete: [] };
  const proposedKeys = options.uniqueKeys ? null : new Set<string>();
  let matchedLive = 0;
  for (const p of proposed) {
    if (proposedKeys) {
      if (proposedKeys.has(p.key)) continue;
      proposedKeys.add(p.key);
    }
    const s = byKey.get(p.key);
    if (!s) {
      result.create.push(p);
      continue;
    }
    if (FINAL.has(s.status)) continue;
    if (isLive(s)) matchedLive += 1;
    const wakes = s.status === 'obsolete' || (s.status === 'snoozed' && s.snoozedUntil !== null && s.snoozedUntil <= todayIso);
    // Most proposals are what is stored already: three comparisons and no allocation.
    if (!wakes && s.dueOn === p.dueOn && s.title === p.title && s.reason === p.reason) continue;
    const changes: ActionChanges = {};
    if (s.dueOn !== p.dueOn) changes.dueOn = p.dueOn;
    if (s.title !== p.title) changes.title = p.title;
    if (s.reason !== p.reason) changes.reason = p.reason;
    if (wakes) changes.status = 'open';
    result.update.push({ id: s.id, changes });
  }

  // A live action no longer proposed becomes obsolete; when every live one was matched, none is.
  let live = 0;
  for (const s of byKey.values()) if (isLive(s)) live += 1;
  if (matchedLive < live) {
    const keys = proposedKeys ?? new Set(proposed.map((p) => p.key));
    for (const s of byKey.values()) {
      if (s.key !== null && isLive(s) && !keys.has(s.key)) result.obsolete.push(s.id);
    }
  }
  return result;
}
