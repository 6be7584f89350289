/**
 * The order of Today (README "How Today decides"). Within a day, what moves the search towards
 * the next interview comes first — asking for feedback after a rejection, reaching a name you
 * were given, the next-day call — then what keeps a relationship that just helped you, then
 * keep-in-touch and housekeeping. The order of the rules is a setting (`rulePriority`); each
 * rule says in one sentence why it stands where it does ("why first").
 */
import type { RuleId } from './playbook.types.js';
import type { PlaybookSettings } from './settings.js';

export type PriorityGroup = 'next-interview' | 'relationship' | 'housekeeping';

/** What each rule does for the search. Actions of the first group are done as soon as they can be. */
export const RULE_GROUP: Readonly<Record<RuleId, PriorityGroup>> = Object.freeze({
  'ask-feedback': 'next-interview',
  'next-day-call': 'next-interview',
  'reach-referral': 'next-interview',
  prepare: 'next-interview',
  'interview-status': 'next-interview',
  '3b7': 'next-interview',
  convert: 'next-interview',
  'thank-you': 'relationship',
  'close-the-loop': 'relationship',
  'act-on-advice': 'relationship',
  'advice-update': 'relationship',
  'keep-in-touch': 'housekeeping',
  'target-gap': 'housekeeping',
  'in-the-works': 'housekeeping',
});

/** Why an action of this rule stands where it does on Today: one short sentence. */
export const WHY_FIRST: Readonly<Record<RuleId, string>> = Object.freeze({
  'ask-feedback': 'Feedback after a rejection keeps the door open: the next role there may come from this person (seed 001).',
  'next-day-call': 'The call the day after keeps the names they gave you moving towards meetings.',
  'reach-referral': 'A name you were given is your nearest next conversation; it cools if you wait to be introduced.',
  prepare: 'A conversation is coming up: being ready is what turns it into the next step.',
  'interview-status': 'An interview with no news: asking keeps you in their process.',
  '3b7': 'Outreach with no reply: a second contact or one follow-up keeps the door open.',
  convert: 'The right company, the wrong job: an informational interview keeps you inside it.',
  'thank-you': 'A thank-you on time builds the relationship the conversation began.',
  'close-the-loop': 'People who helped you should hear how it went: they help again.',
  'act-on-advice': 'Doing the advice is what makes the adviser an ally.',
  'advice-update': 'Telling an adviser you took their advice keeps the relationship growing.',
  'keep-in-touch': 'A relationship going quiet: a check-in keeps it warm.',
  'target-gap': 'A top target where you know nobody has no way in yet: one person there opens it.',
  'in-the-works': 'Interviews come from things in the works: a healthy search keeps 6–10 going.',
});

/** A rule's place in the order of importance (0 = first); the user's own reminders come after what leads to the next interview. */
export function priorityOf(settings: Pick<PlaybookSettings, 'rulePriority'>, ruleId: string | null): number {
  const order = settings.rulePriority as readonly string[];
  if (ruleId === null) {
    const firstNonInterview = order.findIndex((id) => RULE_GROUP[id as RuleId] !== 'next-interview');
    return (firstNonInterview < 0 ? order.length : firstNonInterview) - 0.5;
  }
  const i = order.indexOf(ruleId);
  return i < 0 ? order.length : i;
}

export function whyFirst(ruleId: string | null): string | null {
  if (ruleId === null) return 'Your own reminder.';
  return (WHY_FIRST as Record<string, string | undefined>)[ruleId] ?? null;
}

/** True for actions best done as soon as they can be, whatever their due date: they lead to the next interview. */
export function leadsToInterview(ruleId: string | null): boolean {
  return ruleId !== null && (RULE_GROUP as Record<string, PriorityGroup | undefined>)[ruleId] === 'next-interview';
}

interface Arrangeable {
  ruleId: string | null;
  dueOn: string;
  title: string;
  id: string;
}

/**
 * Today's "do now" list and what comes later. Now: everything due today or overdue, and every
 * action that leads to the next interview (it is worth doing before its deadline). Ordered by
 * importance (the rule's place in `rulePriority`), then due date, then title: within a day the
 * action that matters comes first, however many check-ins are overdue. Later: by due date, then
 * importance.
 */
export function arrangeToday<A extends Arrangeable>(actions: readonly A[], today: string, settings: Pick<PlaybookSettings, 'rulePriority'>): { now: A[]; later: A[] } {
  const rank = (a: A) => priorityOf(settings, a.ruleId);
  const byTitle = (a: A, b: A) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const now = actions.filter((a) => a.dueOn <= today || leadsToInterview(a.ruleId));
  const later = actions.filter((a) => !(a.dueOn <= today || leadsToInterview(a.ruleId)));
  now.sort((a, b) => rank(a) - rank(b) || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) || byTitle(a, b));
  later.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) || rank(a) - rank(b) || byTitle(a, b));
  return { now, later };
}
