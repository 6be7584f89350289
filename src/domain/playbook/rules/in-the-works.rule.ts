/**
 * in-the-works — "They'll not focus their energies all on one job opening, but look to have
 * several opportunities working for them at the same time" (seed 003); the Five O'Clock Club's
 * healthy search has 6 to 10 things in the works.
 *
 * What counts as a thing in the works is `thingsInTheWorks` below (Today and Insights use it
 * too). Fires when there are fewer than `inTheWorksMin`: one action, due today, naming up to 3
 * top targets to set up meetings at — active targets by rank without a live opportunity (or,
 * with none, asking you to build the target list). A standing condition has no deadline, so it
 * is due today for as long as it lasts (the open action's due date follows).
 * Identity: in-the-works about the ISO week — done or dismissed, it stays away for the rest of the week
 * and comes back next week if the search is still thin.
 */
import { identityKey } from '../identity.js';
import { isoWeekKey } from '../../business-days.js';
import { buildContext, cmp, type RuleContext } from '../context.js';
import { LIVE_STAGES, type PlaybookInput, type PlaybookRule, type POrganization } from '../playbook.types.js';
import { joinNames } from '../wording.js';

export interface ThingsInTheWorks {
  /** opportunityIds.length + contactIds.length. */
  count: number;
  /** Live opportunities: stage lead, applied, screening, interviewing or offer, and not marked "not a fit". */
  opportunityIds: string[];
  /**
   * People in a live networking conversation: a networking meeting, informational or networking
   * interview — not cancelled — that starts in the future or started within the last
   * `inTheWorksRecentDays` days; each person once, and not when their organization already
   * counts through a live opportunity (the same possibility is not counted twice).
   */
  contactIds: string[];
  min: number;
  max: number;
  band: 'below' | 'healthy' | 'above';
}

/**
 * Counts the things in the works: live opportunities plus people in live networking
 * conversations (see the fields). Pass the engine's context to reuse its parsed dates.
 */
export function thingsInTheWorks(input: PlaybookInput, ctx: RuleContext = buildContext(input)): ThingsInTheWorks {
  const s = input.settings;
  const opportunityIds: string[] = [];
  const liveOrgs = new Set<string>();
  for (const o of input.opportunities) {
    if (LIVE_STAGES.has(o.stage) && !o.notAFit) {
      opportunityIds.push(o.id);
      liveOrgs.add(o.organizationId);
    }
  }
  const people = new Set<string>();
  for (const conv of ctx.liveNetworking) {
    for (const pid of conv.participantIds) {
      const c = ctx.contact(pid);
      if (!c || (c.organizationId !== null && liveOrgs.has(c.organizationId))) continue;
      people.add(pid);
    }
  }
  const contactIds = [...people].sort(cmp);
  const count = opportunityIds.length + contactIds.length;
  return {
    count,
    opportunityIds,
    contactIds,
    min: s.inTheWorksMin,
    max: s.inTheWorksMax,
    band: count < s.inTheWorksMin ? 'below' : count > s.inTheWorksMax ? 'above' : 'healthy',
  };
}

/** Active targets ordered by rank (then name): the "top" ones are the first `topTargetCount`. */
export function rankedActiveTargets(input: PlaybookInput): POrganization[] {
  return input.organizations
    .filter((o) => o.target !== null && o.target.status === 'active')
    .sort((a, b) => a.target!.rank - b.target!.rank || cmp(a.name, b.name) || cmp(a.id, b.id));
}

export const inTheWorksRule: PlaybookRule = {
  id: 'in-the-works',
  describe: 'When fewer than 6 things are in the works, set up meetings at your top-ranked targets (a healthy search has 6–10).',
  evaluate(input, ctx) {
    const things = thingsInTheWorks(input, ctx);
    if (things.count >= ctx.settings.inTheWorksMin) return [];
    const liveOrgs = new Set(
      input.opportunities.filter((o) => LIVE_STAGES.has(o.stage) && !o.notAFit).map((o) => o.organizationId),
    );
    const targets = rankedActiveTargets(input)
      .filter((o) => !liveOrgs.has(o.id))
      .slice(0, 3);
    const thing = things.count === 1 ? 'thing' : 'things';
    const state = `You have ${things.count} ${thing} in the works; a healthy search has ${things.min}–${things.max}`;
    const todo =
      targets.length > 0
        ? `set up meetings at your top targets: ${joinNames(targets.map((t) => t.name))}`
        : 'add organizations to your target list and set up meetings there';
    return [
      {
        key: identityKey('in-the-works', `week:${isoWeekKey(ctx.today)}`, []),
        ruleId: 'in-the-works',
        title: targets.length > 0 ? 'Set up meetings at your top targets' : 'Build your target list',
        reason: `${state}: ${todo}.`,
        dueOn: ctx.today,
        channel: 'task',
        templateId: null,
        subjects: targets.map((t) => ({ type: 'organization' as const, id: t.id })),
        recipientContactIds: [],
        templateContext: null,
      },
    ];
  },
};
