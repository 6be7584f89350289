/**
 * keep-in-touch — "By taking the initiative to keep in touch, Roger continued to build that
 * relationship" (seed 001); the request Monica users make most.
 *
 * A contact's "last interaction" is the latest `done` conversation they took part in that
 * started at or before now. Counting from it (or from `createdAt` when there is none), in
 * calendar days in the user's zone, the contact is green, then yellow at `cadence.idealDays`
 * and red at `cadence.maxDays`. Every interaction resets the count.
 *
 * Fires for a contact once they turn yellow, due the day they turned yellow (or the day they
 * were added, when that is later: history logged after the fact is not a backlog), unless a
 * conversation with them is already scheduled (you are about to be in touch). The reason says
 * when they turn or turned red. Which contacts have a cadence: their own, if set; otherwise the
 * default cadence ONLY if they have had at least one done conversation — a LinkedIn import of
 * 30,000 connections you never spoke with must not become 30,000 check-ins. (A contact with no
 * conversation and no cadence of their own still has a health colour for display.)
  * Identity: keep-in-touch since the anchor date, to the contact — one action per cadence cycle: checking in
 * logs a conversation, which moves the anchor and starts a new cycle.
 */
import { addCalendarDays, calendarDaysBetween, fromEpochDay, localDate } from '../../business-days.js';
import type { Cadence, PContact, PlaybookRule, ProposedAction } from '../playbook.types.js';
import type { PlaybookSettings } from '../settings.js';
import { organizationScope, personScope } from './rule-helpers.js';
import type { RuleContext } from '../context.js';
import { identityKey } from '../identity.js';

export type ContactHealth = 'green' | 'yellow' | 'red';

/** The contact's own cadence, else the default (max never below ideal). */
export function cadenceOf(contact: PContact, settings: PlaybookSettings): Cadence {
  const c = contact.cadence ?? settings.defaultCadence;
  return { idealDays: c.idealDays, maxDays: Math.max(c.idealDays, c.maxDays) };
}

/** The dates a contact turns yellow and red, counted from the anchor date (last interaction or creation). */
export function keepInTouchDates(anchorDate: string, cadence: Cadence): { yellowOn: string; redOn: string } {
  return {
    yellowOn: addCalendarDays(anchorDate, cadence.idealDays),
    redOn: addCalendarDays(anchorDate, Math.max(cadence.idealDays, cadence.maxDays)),
  };
}

/**
 * Health of a relationship at `now`: green before `idealDays` since the last interaction (or
 * since the contact was created, when `lastInteractionAt` is null), yellow from `idealDays`,
 * red from `maxDays`. Calendar days in `settings.timeZone`.
 */
export function contactHealth(
  contact: PContact,
  lastInteractionAt: string | null,
  settings: PlaybookSettings,
  now: string,
): ContactHealth {
  const cadence = cadenceOf(contact, settings);
  const anchor = localDate(lastInteractionAt ?? contact.createdAt, settings.timeZone);
  const days = calendarDaysBetween(anchor, localDate(now, settings.timeZone));
  if (days >= cadence.maxDays) return 'red';
  if (days >= cadence.idealDays) return 'yellow';
  return 'green';
}

export const keepInTouchRule: PlaybookRule = {
  id: 'keep-in-touch',
  describe: 'When a contact’s last interaction is older than their cadence (yellow at the ideal interval, red at the maximum), check in.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    const today = ctx.todayDay;
    const defaultCadence = ctx.settings.defaultCadence;
    const { lastInteractionMs, lastInteractionConversation, doneCount, nextScheduledMs } = ctx.contactFacts;
    const contacts = input.contacts;
    for (let k = 0; k < contacts.length; k += 1) {
      const contact = contacts[k]!;
      // No cadence of their own and never a conversation: an imported connection, not a relationship yet.
      if (contact.cadence === null && doneCount[k] === 0) continue;
      if (nextScheduledMs[k] !== Number.POSITIVE_INFINITY) continue;
      if (ctx.contactIndex.get(contact.id) !== k) continue; // a repeated id: the first one speaks
      const hasInteraction = lastInteractionConversation[k]! !== -1;
      const compute = () => checkIn(ctx, contact, hasInteraction, lastInteractionMs[k]!, defaultCadence, today);
      // Everything checkIn reads: the contact, their organization, their last interaction.
      const action = ctx.memo ? ctx.memo.get('keep-in-touch', contact.id, contact, ctx.organization(contact.organizationId), hasInteraction, lastInteractionMs[k], compute) : compute();
      if (action) out.push(action);
    }
    return out;
  },
};

/** The check-in for one contact, or null while they are green. */
function checkIn(ctx: RuleContext, contact: PContact, hasInteraction: boolean, lastMs: number, defaultCadence: Cadence, today: number): ProposedAction | null {
  const cadence = contact.cadence ?? defaultCadence;
  const idealDays = cadence.idealDays;
  if (!(idealDays >= 1)) return null;
  // Integer day arithmetic first: most contacts are far from yellow and cost nothing more.
  const anchorDay = ctx.localEpochDayOfMs(hasInteraction ? lastMs : ctx.ms(contact.createdAt));
  if (anchorDay + idealDays > today) return null;
  const maxDays = Math.max(idealDays, cadence.maxDays);
  const anchor = fromEpochDay(anchorDay);
  const redOn = fromEpochDay(anchorDay + maxDays);
  const name = contact.displayName;
  const since = hasInteraction
    ? `Your last interaction with ${name} was on ${ctx.fmt(anchor)}`
    : `You added ${name} on ${ctx.fmt(anchor)} and have not been in touch since`;
  const red =
    anchorDay + maxDays <= today ? `${name} has been overdue (red) since ${ctx.fmt(redOn)}` : `${name} turns red on ${ctx.fmt(redOn)}`;
  return {
    key: identityKey('keep-in-touch', `since:${anchor}`, [contact.id]),
    ruleId: 'keep-in-touch',
    title: `Check in with ${name}`,
    reason: `${since}; you want to be in touch every ${idealDays} days (${maxDays} at most): check in with ${name}. ${red}.`,
    // Not due before Rapport knew them: a conversation from last year logged for someone added
    // today is a check-in due today, not one 300 days overdue.
    dueOn: fromEpochDay(Math.max(anchorDay + idealDays, hasInteraction ? ctx.localEpochDayOfMs(ctx.ms(contact.createdAt)) : anchorDay)),
    channel: 'email',
    templateId: 'keep-in-touch',
    subjects: [{ type: 'contact', id: contact.id }],
    recipientContactIds: [contact.id],
    templateContext: {
      contact: personScope([contact]),
      conversation: { date: hasInteraction ? ctx.fmt(anchor) : null },
      organization: organizationScope(ctx.organization(contact.organizationId)),
    },
  };
}
