/**
 * prepare — "Nail the pre-interview" (seed 000): know their notes and shared interests, your
 * pitch, your target list and your questions before you go in.
 *
 * Fires for each `scheduled` conversation (any kind but email) that starts at or after now and
 * whose local date is between today and `prepareLeadBusinessDays` business days ahead (with
 * the default 1: today, or the next business day — on a Friday, Monday's meetings and the
 * weekend's events). Due `prepareLeadBusinessDays` business days before the conversation, or
 * today when that has already passed (a meeting booked for this afternoon). Rescheduling it
 * updates the open action; once it is cancelled or has taken place, the action ends.
 * Identity: prepare about the conversation (a task).
 */
import { identityKey } from '../identity.js';
import type { PlaybookRule, ProposedAction } from '../playbook.types.js';
import { joinNames, kindPhrase, withArticle } from '../wording.js';
import { contactRefs, nameWithOrganization } from './rule-helpers.js';

export const prepareRule: PlaybookRule = {
  id: 'prepare',
  describe: 'The business day before a conversation, prepare: their notes and shared interests, your pitch, your target list, your questions.',
  evaluate(_input, ctx) {
    const out: ProposedAction[] = [];
    const lead = ctx.settings.prepareLeadBusinessDays;
    const horizon = ctx.addBusinessDays(ctx.today, lead);
    for (const { conversation: conv, startMs } of ctx.upcoming) {
      if (conv.kind === 'email') continue;
      const date = ctx.localDateOfMs(startMs);
      if (date > horizon || date < ctx.today) continue;
      const people = ctx.knownContacts(conv.participantIds);
      const before = ctx.addBusinessDays(date, -lead);
      const dueOn = before < ctx.today ? ctx.today : before;
      const what = conv.kind === 'job-interview' && conv.interviewRound !== null
        ? `a job interview (round ${conv.interviewRound})`
        : withArticle(kindPhrase(conv.kind));
      const withWhom = people.length > 0 ? ` with ${joinNames(people.map((p) => nameWithOrganization(ctx, p)))}` : '';
      const names = joinNames(people.map((p) => p.displayName));
      out.push({
        key: identityKey('prepare', `conversation:${conv.id}`, []),
        ruleId: 'prepare',
        title: `Prepare for your ${kindPhrase(conv.kind)}${names ? ` with ${names}` : ''}`,
        reason: `You have ${what}${withWhom} on ${ctx.fmt(date)} at ${ctx.localTime(conv.startsAt)}: prepare by ${ctx.fmt(dueOn)} — ${
          people.length > 0 ? 'their notes and shared interests' : 'who you will meet'
        }, your pitch, your target list and your questions.`,
        dueOn,
        channel: 'task',
        templateId: null,
        subjects: [...contactRefs(people), { type: 'conversation', id: conv.id }],
        recipientContactIds: [],
        templateContext: null,
      });
    }
    return out;
  },
};
