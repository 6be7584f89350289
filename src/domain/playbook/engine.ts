/**
 * The playbook engine: runs the enabled rules over a workspace's facts and returns the actions
 * to propose, earliest due first. Pure and deterministic — the clock (`input.now`) and the
 * settings are inputs — and linear in the size of the workspace: the input is indexed once
 * (`buildContext`), then each rule walks only what it needs.
 */
import { toEpochDay } from '../business-days.js';
import { buildContext, cmp, type RuleContext } from './context.js';
import type { PlaybookInput, ProposedAction, RuleId } from './playbook.types.js';
import { DEFAULT_RULE_PRIORITY } from './settings.js';
import { RULES } from './rules/index.js';

const DEFAULT_ORDER: ReadonlyMap<RuleId, number> = new Map(DEFAULT_RULE_PRIORITY.map((id, i) => [id, i]));

/**
 * The revision of the rules. Bump it whenever the rules would propose something else for the
 * same facts (a new rule, an identity, a window, a wording): actions stored under another
 * revision — by an older Rapport — are recomputed at the next Today even though no fact changed.
 */
export const PLAYBOOK_REVISION = '2026-12-03.2';

/** Due date, then importance (`rulePriority`, the default order unless given), then key — a total order, so output is stable. */
export function compareActions(a: ProposedAction, b: ProposedAction, order: ReadonlyMap<RuleId, number> = DEFAULT_ORDER): number {
  return cmp(a.dueOn, b.dueOn) || (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0) || cmp(a.key, b.key);
}

/**
 * Every action the enabled rules propose for `input.now`, sorted by due date then importance.
 * Keys are identities (`identity.ts`) and unique: should two rules, or two paths through one
 * rule, produce the same identity, the first wins — one fact, one open action per person.
 * Pass a context built with `buildContext(input)` to share it with other computations
 * (e.g. `thingsInTheWorks(input, ctx)`).
 */
export function computeActions(input: PlaybookInput, ctx: RuleContext = buildContext(input), options: { sorted?: boolean } = {}): ProposedAction[] {
  const enabled = new Set<RuleId>(input.settings.enabledRules);
  const seen = new Set<string>();
  const out: ProposedAction[] = [];
  for (const rule of RULES) {
    if (!enabled.has(rule.id)) continue;
    for (const action of rule.evaluate(input, ctx)) {
      if (seen.has(action.key)) continue;
      seen.add(action.key);
      out.push(action);
    }
  }
  // Reconciling needs no order (`sorted: false`); sorting 12,000 actions costs a few milliseconds.
  if (options.sorted === false) return out;
  // Decorate once with a numeric (due day, importance) so the sort does no date-string work per comparison.
  const order = new Map(input.settings.rulePriority.map((id, i) => [id, i]));
  const decorated = out.map((action) => ({ action, rank: toEpochDay(action.dueOn) * 32 + (order.get(action.ruleId) ?? 0) }));
  decorated.sort((a, b) => a.rank - b.rank || cmp(a.action.key, b.action.key));
  return decorated.map((d) => d.action);
}

/** The rules with their one-line description, in playbook order (for the settings screen). */
export function describeRules(): { id: RuleId; describe: string }[] {
  return RULES.map((r) => ({ id: r.id, describe: r.describe }));
}

export { buildContext, memoKey, RuleContext } from './context.js';
export { arrangeToday, priorityOf, whyFirst, leadsToInterview, RULE_GROUP, WHY_FIRST } from './priority.js';
export { identityKey, storedIdentity } from './identity.js';
export { RuleMemo } from './memo.js';
export { RULES, RULES_BY_ID } from './rules/index.js';
export { thingsInTheWorks, rankedActiveTargets, type ThingsInTheWorks } from './rules/in-the-works.rule.js';
export { contactHealth, cadenceOf, keepInTouchDates, type ContactHealth } from './rules/keep-in-touch.rule.js';
export { referralChain, type ChainLink } from './rules/close-the-loop.rule.js';
