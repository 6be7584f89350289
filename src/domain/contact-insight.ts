/**
 * What Rapport derives about a person (PRODUCT.md, Contact: derived). Pure functions: the
 * services gather the facts, these decide.
 */

export type Responsiveness = 'booster' | 'obligate' | 'curmudgeon' | 'unknown';

/** One message or call I sent that asked for an answer, and when (if ever) the answer came. */
export interface Outreach {
  sentOn: string; // YYYY-MM-DD in the user's zone
  repliedOn: string | null;
}

export interface ResponsivenessSettings {
  /** A Booster answers within this many business days (The 2-Hour Job Search: 3). */
  boosterBusinessDays: number;
  /** No answer after this many business days makes a Curmudgeon. */
  curmudgeonBusinessDays: number;
}

export const DEFAULT_RESPONSIVENESS: ResponsivenessSettings = { boosterBusinessDays: 3, curmudgeonBusinessDays: 10 };

/**
 * Booster: usually answers within 3 business days. Obligate: answers, but slowly. Curmudgeon:
 * never answers (every outreach older than the curmudgeon window went unanswered). "Usually"
 * is the median outreach, so one slow week does not demote a Booster. Outreaches still inside
 * the curmudgeon window with no reply are not counted yet: the answer may come.
 */
export function responsiveness(
  outreaches: readonly Outreach[],
  todayIso: string,
  businessDaysBetween: (from: string, to: string) => number,
  settings: ResponsivenessSettings = DEFAULT_RESPONSIVENESS,
): Responsiveness {
  const delays: number[] = [];
  for (const o of outreaches) {
    if (o.repliedOn) delays.push(businessDaysBetween(o.sentOn, o.repliedOn));
    else if (businessDaysBetween(o.sentOn, todayIso) >= settings.curmudgeonBusinessDays) delays.push(Number.POSITIVE_INFINITY);
  }
  if (delays.length === 0) return 'unknown';
  delays.sort((a, b) => a - b);
  const median = delays[Math.floor((delays.length - 1) / 2)] ?? Number.POSITIVE_INFINITY;
  if (median <= settings.boosterBusinessDays) return 'booster';
  if (Number.isFinite(median)) return 'obligate';
  return 'curmudgeon';
}

export interface StageFacts {
  /** Works at an organization on the active target list. */
  atTargetOrganization: boolean;
  /** Their title says they are at the level that hires for the ideal position (when known), else any title. */
  rightLevel: boolean;
  /** Part of something in the works: a scheduled conversation, a live referral that led somewhere, a live opportunity. */
  inTheWorks: boolean;
}

/**
 * Search stage (seed 003, the Five O'Clock Club): 1 someone; 2 the right level in a target
 * organization; 3 part of something in the works. The highest that applies.
 */
export function searchStage(facts: StageFacts): { stage: 1 | 2 | 3; reason: string } {
  if (facts.inTheWorks) return { stage: 3, reason: 'Part of something in the works' };
  if (facts.atTargetOrganization && facts.rightLevel) return { stage: 2, reason: 'At the right level in a target organization' };
  if (facts.atTargetOrganization) return { stage: 1, reason: 'Works at a target organization; their level is not known yet' };
  return { stage: 1, reason: 'Someone in your network' };
}

/** A title that names a decision-maker level: the people who hire (seed 004: the "right level"). */
export function isHiringLevelTitle(title: string | null): boolean {
  if (!title) return false;
  return /\b(head|director|vp|vice president|chief|c[etof]o|manager|lead|principal|founder|partner|owner|president)\b/i.test(title);
}

/**
 * Follows "introduced by" links back from a contact: [A, B, C] means A introduced B, who
 * introduced C (the contact). Stops at a cycle or after `limit` steps.
 */
export function introductionChain<T extends { id: string }>(start: T, introducerOf: (id: string) => T | undefined, limit = 25): T[] {
  const chain: T[] = [start];
  const seen = new Set([start.id]);
  let current = start;
  while (chain.length <= limit) {
    const next = introducerOf(current.id);
    if (!next || seen.has(next.id)) break;
    chain.unshift(next);
    seen.add(next.id);
    current = next;
  }
  return chain;
}
