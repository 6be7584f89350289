/**
 * What is left twice once two records of one person become one, and how each pair collapses.
 * Pure: the merge repository loads the rows, asks these functions, and writes the answer.
 */
import { REFERRAL_ORDER, type ReferralProgress } from './referral-progress.js';
import { foldText } from './text.js';

export interface MergeReferral {
  id: string;
  fromContactId: string;
  toContactId: string | null;
  toOrganizationId: string | null;
  conversationId: string | null;
  status: string;
  statusChangedAt: string;
  note: string | null;
  offeredAt: string;
}

export interface MergeAdvice {
  id: string;
  contactId: string;
  conversationId: string | null;
  title: string;
  notes: string | null;
  status: string;
  doneAt: string | null;
  updateSentAt: string | null;
  createdAt: string;
}

/** One group of duplicates: the row kept (with the values it takes from the others) and the rows dropped. */
export interface Collapse<T> {
  keep: T;
  drop: T[];
}

function groupsOf<T>(rows: readonly T[], key: (row: T) => string, order: (a: T, b: T) => number): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => [...g].sort(order));
}

const joinDistinct = (values: ReadonlyArray<string | null>): string | null => {
  const seen = new Map<string, string>();
  for (const v of values) if (v && !seen.has(foldText(v))) seen.set(foldText(v), v);
  return seen.size > 0 ? [...seen.values()].join('\n') : null;
};

const rank = (status: string) => REFERRAL_ORDER.indexOf(status as ReferralProgress);

/**
 * Referrals from the same person to the same person (or organization) are one referral: the
 * earliest offer is kept, with the status furthest along and every note.
 */
export function collapseReferrals(rows: readonly MergeReferral[]): Collapse<MergeReferral>[] {
  return groupsOf(
    rows,
    (r) => `${r.fromContactId}|${r.toContactId ?? ''}|${r.toContactId ? '' : (r.toOrganizationId ?? '')}`,
    (a, b) => a.offeredAt.localeCompare(b.offeredAt) || a.id.localeCompare(b.id),
  ).map(([first, ...rest]) => {
    const all = [first as MergeReferral, ...rest];
    const furthest = all.reduce((best, r) => (rank(r.status) > rank(best.status) ? r : best), first as MergeReferral);
    return {
      keep: {
        ...(first as MergeReferral),
        status: furthest.status,
        statusChangedAt: furthest.statusChangedAt,
        note: joinDistinct(all.map((r) => r.note)),
        conversationId: all.find((r) => r.conversationId)?.conversationId ?? null,
      },
      drop: rest,
    };
  });
}

const ADVICE_RANK: Record<string, number> = { dropped: 0, open: 1, done: 2 };

/**
 * The same advice from the same person (titles equal once folded) is one item: the first one
 * recorded is kept; done wins over open, open over dropped, and the dates of doing it and of
 * telling them are kept.
 */
export function collapseAdvice(rows: readonly MergeAdvice[]): Collapse<MergeAdvice>[] {
  return groupsOf(
    rows,
    (a) => `${a.contactId}|${foldText(a.title)}`,
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  ).map(([first, ...rest]) => {
    const all = [first as MergeAdvice, ...rest];
    const best = all.reduce((b, a) => ((ADVICE_RANK[a.status] ?? 0) > (ADVICE_RANK[b.status] ?? 0) ? a : b), first as MergeAdvice);
    const earliest = (values: ReadonlyArray<string | null>) => values.filter((v): v is string => Boolean(v)).sort()[0] ?? null;
    return {
      keep: {
        ...(first as MergeAdvice),
        status: best.status,
        doneAt: best.status === 'done' ? earliest(all.filter((a) => a.status === 'done').map((a) => a.doneAt)) : null,
        updateSentAt: earliest(all.map((a) => a.updateSentAt)),
        notes: joinDistinct(all.map((a) => a.notes)),
        conversationId: all.find((a) => a.conversationId)?.conversationId ?? null,
      },
      drop: rest,
    };
  });
}

const ACTION_RANK: Record<string, number> = { obsolete: -1, open: 0, snoozed: 1, dismissed: 2, done: 3 };

/**
 * Of two stored actions that now have one key, the one the user already answered (done, then
 * dismissed, then snoozed) stays, so a merge never brings back what they had dealt with.
 */
export function actionToKeep<T extends { id: string; status: string; createdAt: string }>(a: T, b: T): T {
  const ra = ACTION_RANK[a.status] ?? 0;
  const rb = ACTION_RANK[b.status] ?? 0;
  if (ra !== rb) return ra > rb ? a : b;
  return a.createdAt.localeCompare(b.createdAt) <= 0 ? a : b;
}
