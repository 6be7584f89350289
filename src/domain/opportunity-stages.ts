/**
 * How an opportunity moves between stages (PRODUCT.md, Opportunity):
 * lead → applied → screening → interviewing → offer → accepted | rejected | withdrawn | converted.
 * Any live stage may go to rejected, withdrawn or converted; accepted only follows an offer.
 * Moving backwards (interviewing → applied, or reopening a closed one) is allowed by hand, and
 * the history says so. Pure: no I/O.
 */
import { CLOSED_OPPORTUNITY_STAGES, LIVE_OPPORTUNITY_STAGES, OPPORTUNITY_STAGES, type OpportunityStage } from '../contracts/opportunity.schema.js';

export type { OpportunityStage };

const LIVE: ReadonlySet<string> = new Set(LIVE_OPPORTUNITY_STAGES);
const CLOSED: ReadonlySet<string> = new Set(CLOSED_OPPORTUNITY_STAGES);

export const isLiveStage = (stage: string): boolean => LIVE.has(stage);
export const isClosedStage = (stage: string): boolean => CLOSED.has(stage);

/** The position of a stage in the pipeline; every closed stage sits after offer. */
export function stageOrder(stage: OpportunityStage): number {
  return OPPORTUNITY_STAGES.indexOf(stage);
}

export type Transition =
  | { allowed: true; backwards: boolean; same: boolean }
  | { allowed: false; reason: string };

/** Whether `from` may move to `to`, and whether that is a step back (kept in the history). */
export function checkTransition(from: OpportunityStage, to: OpportunityStage): Transition {
  if (from === to) return { allowed: true, backwards: false, same: true };
  if (to === 'accepted' && from !== 'offer') return { allowed: false, reason: 'Only an offer can be accepted' };
  if (isClosedStage(from) && isClosedStage(to)) return { allowed: false, reason: `A ${from} opportunity is closed: reopen it (move it back to a live stage) first` };
  if (isLiveStage(from) && isClosedStage(to)) return { allowed: true, backwards: false, same: false };
  // Reopening a closed opportunity is a step back; so is any move to an earlier live stage.
  if (isClosedStage(from)) return { allowed: true, backwards: true, same: false };
  return { allowed: true, backwards: stageOrder(to) < stageOrder(from), same: false };
}

/** The live stage after (`+1`) or before (`-1`) this one on the board; null at either end or when closed. */
export function adjacentLiveStage(stage: OpportunityStage, delta: 1 | -1): OpportunityStage | null {
  const index = (LIVE_OPPORTUNITY_STAGES as readonly string[]).indexOf(stage);
  if (index < 0) return null;
  return LIVE_OPPORTUNITY_STAGES[index + delta] ?? null;
}

/** Whether a stage change was a step back, for a history recorded before this rule existed. */
export function isBackwards(from: OpportunityStage | null, to: OpportunityStage): boolean {
  if (from === null) return false;
  const t = checkTransition(from, to);
  return t.allowed && t.backwards;
}

/** The furthest stage an opportunity reached, from its history (reaching interviewing or offer matters for Insights). */
export function reached(history: readonly { to: OpportunityStage }[], stage: 'interviewing' | 'offer'): boolean {
  const needed = stageOrder(stage);
  return history.some((h) => isLiveStage(h.to) && stageOrder(h.to) >= needed) || history.some((h) => h.to === 'accepted');
}
