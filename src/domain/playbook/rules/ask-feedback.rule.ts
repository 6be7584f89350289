/**
 * ask-feedback — Roger "decided to call Stan. He asked Stan for feedback, expressed his interest
 * in keeping in touch, and requested pointed advice on resources" (seed 001).
 *
 * Fires for each opportunity in stage `rejected`: ask the interviewer you had rapport with
 * (`rapportInterviewerId`), else the first listed interviewer, else the first participant of
 * its latest job interview, for feedback and advice, and offer to keep in touch. Due
 * `askFeedbackBusinessDays` after the local date of `stageChangedAt` (the rejection). No
 * action when no interviewer is known (rejected on paper: there is nobody to ask).
 * Expires (not proposed) once its window (`windows`) has passed, and ends once a conversation
 * with that person happened after the rejection (the call that asked).
 * The message thanks them for their time: no separate thank-you goes to them (see thank-you).
 * Identity: ask-feedback about the opportunity, to the person asked.
 */
import { identityKey } from '../identity.js';
import type { RuleContext } from '../context.js';
import type { PContact, PlaybookInput, PlaybookRule, POpportunity, ProposedAction } from '../playbook.types.js';
import { organizationScope, personScope } from './rule-helpers.js';

/**
 * The asks for feedback the rule proposes: for each recent rejection, the person to ask, unless
 * you have talked with them since or the ask has expired. Also read by thank-you: the ask
 * thanks them for their time, so no separate thank-you goes to them for the interviews before.
 */
export function feedbackAsks(input: PlaybookInput, ctx: RuleContext): { opp: POpportunity; person: PContact; dueOn: string; rejectedOn: string }[] {
  const out: { opp: POpportunity; person: PContact; dueOn: string; rejectedOn: string }[] = [];
  if (!input.settings.enabledRules.includes('ask-feedback')) return out;
  for (const opp of input.opportunities) {
    if (opp.stage !== 'rejected' || !ctx.isRecent(opp.stageChangedAt)) continue;
    const latest = ctx.interviewsByOpportunity.get(opp.id)?.latestDone?.conversation;
    const person =
      ctx.contact(opp.rapportInterviewerId) ??
      ctx.knownContacts(opp.interviewerIds)[0] ??
      (latest ? ctx.knownContacts(latest.participantIds)[0] : undefined);
    if (!person) continue;
    // Talked with them since the rejection (the call that asked): the request has been made.
    if (ctx.statsOf(person.id).lastInteractionMs > ctx.ms(opp.stageChangedAt)) continue;
    const rejectedOn = ctx.localDate(opp.stageChangedAt);
    const dueOn = ctx.addBusinessDays(rejectedOn, ctx.settings.askFeedbackBusinessDays);
    if (ctx.isExpired('ask-feedback', dueOn)) continue;
    out.push({ opp, person, dueOn, rejectedOn });
  }
  return out;
}

export const askFeedbackRule: PlaybookRule = {
  id: 'ask-feedback',
  describe: 'When an opportunity is rejected, within 3 business days ask an interviewer you had rapport with for feedback and advice, and offer to keep in touch.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    for (const { opp, person, dueOn, rejectedOn } of feedbackAsks(input, ctx)) {
      const org = ctx.organization(opp.organizationId);
      const orgName = org?.name ?? 'The organization';
      out.push({
        key: identityKey('ask-feedback', `opportunity:${opp.id}`, [person.id]),
        ruleId: 'ask-feedback',
        title: `Ask ${person.displayName} for feedback`,
        reason: `${orgName} turned you down for ${opp.title} on ${ctx.fmt(rejectedOn)}: by ${ctx.fmt(dueOn)}, ask ${person.displayName} for feedback and advice, and offer to keep in touch.`,
        dueOn,
        channel: 'email',
        templateId: 'ask-feedback',
        subjects: [
          { type: 'contact', id: person.id },
          { type: 'opportunity', id: opp.id },
          { type: 'organization', id: opp.organizationId },
        ],
        recipientContactIds: [person.id],
        templateContext: {
          contact: personScope([person]),
          opportunity: { title: opp.title },
          organization: organizationScope(org),
        },
      });
    }
    return out;
  },
};
