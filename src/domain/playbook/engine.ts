/**
 * The playbook engine: runs the enabled rules over a workspace's facts and returns the actions
 * to propose, earliest due first. Pure and deterministic — the clock (`input.now`) and the
 * settings are inputs — and linear in the size of the workspace: the input is indexed once
 * (`buildContext`), then each rule walks only what it needs.
 */
import { toEpochDay } from '../business-days.js';
import { buildContext, cmp, type RuleContext } from './context.js';
import { RULE_IDS, type PlaybookInput, type ProposedAction, type RuleId } from './playbook.types.js';
import { RULES } from './rules/index.js';

const RULE_ORDER: ReadonlyMap<RuleId, number> = new Map(RULE_IDS.map((id, i) => [id, i]));

/** Due date, then the playbook's rule order, then key — a total order, so output is stable. */
export function compareActions(a: ProposedAction, b: ProposedAction): number {
  return cmp(a.dueOn, b.dueOn) || (RULE_ORDER.get(a.ruleId) ?? 0) - (RULE_ORDER.get(b.ruleId) ?? 0) || cmp(a.key, b.key);
}

/**
 * Every action the enabled rules propose for `input.now`, sorted by due date then rule order.
 * Keys are unique (should two rules ever produce the same key, the earlier rule wins).
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
  // Decorate once with a numeric (due day, rule) so the sort does no date-string work per comparison.
  const decorated = out.map((action) => ({ action, rank: toEpochDay(action.dueOn) * 32 + (RULE_ORDER.get(action.ruleId) ?? 0) }));
  decorated.sort((a, b) => a.rank - b.rank || cmp(a.action.key, b.action.key));
  return decorated.map((d) => d.action);
}

/** The rules with their one-line description, in playbook order (for the settings screen). */
export function describeRules(): { id: RuleId; describe: string }[] {
  return RULES.map((r) => ({ id: r.id, describe: r.describe }));
}

export { buildContext, memoKey, RuleContext } from './context.js';
export { RuleMemo } from './memo.js';
export { RULES, RULES_BY_ID } from './rules/index.js';
export { thingsInTheWorks, rankedActiveTargets, type ThingsInTheWorks } from './rules/in-the-works.rule.js';
export { contactHealth, cadenceOf, keepInTouchDates, type ContactHealth } from './rules/keep-in-touch.rule.js';
export { referralChain, type ChainLink } from './rules/close-the-loop.rule.js';
