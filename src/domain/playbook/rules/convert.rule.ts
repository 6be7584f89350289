/**
 * convert — "Have you ever been in a job interview where you just knew that the company was
 * right for you, but the job … wasn't? … consider conducting an informational interview"
 * (seed 002).
 *
 * Fires for each opportunity marked `notAFit` that is still open (not converted, rejected,
 * withdrawn or accepted) at an organization on the target list (any target status but
 * `dropped`): offer to turn it into an informational interview — with the interviewer you had
 * rapport with, else the first listed interviewer, else the first participant of its latest job
 * interview, else the referrer. A standing condition with no deadline: due today while it
 * lasts. Moving the opportunity to `converted` (or closing it) ends it.
 * Identity: convert about the opportunity, to the person to ask.
 *
 * Once converted, the informational interview is still to be asked for: propose it to the same
 * person, with the questions to bring (Trends, Insights, Advice, Resources, Assignments — those
 * the convert dialog shows), due `informationalRequestBusinessDays` after the conversion. Any
 * conversation with them after the conversion (the request sent, the meeting booked) ends it;
 * with nobody known, it asks you to find someone there.
 * Identity: convert-request about the opportunity, to the person asked.
 */
import { identityKey } from '../identity.js';
import type { OpportunityStage, PlaybookRule, ProposedAction } from '../playbook.types.js';
import { INFORMATIONAL_QUESTIONS } from '../../../contracts/opportunity.schema.js';
import type { RuleContext } from '../context.js';
import type { POpportunity } from '../playbook.types.js';
import { organizationScope, personScope } from './rule-helpers.js';

/** Whom to ask about an opportunity: the interviewer you had rapport with, else the first one, else whom you met, else the referrer. */
function personToAsk(ctx: RuleContext, opp: POpportunity) {
  const latest = ctx.interviewsByOpportunity.get(opp.id)?.latestDone?.conversation;
  return (
    ctx.contact(opp.rapportInterviewerId) ??
    ctx.knownContacts(opp.interviewerIds)[0] ??
    (latest ? ctx.knownContacts(latest.participantIds)[0] : undefined) ??
    ctx.contact(opp.referrerContactId)
  );
}

const QUESTIONS = INFORMATIONAL_QUESTIONS.map((q) => q.question).join(' ');

const CLOSED: ReadonlySet<OpportunityStage> = new Set<OpportunityStage>(['converted', 'rejected', 'withdrawn', 'accepted']);

export const convertRule: PlaybookRule = {
  id: 'convert',
  describe: 'When an opportunity at a target organization is not a fit, offer to turn it into an informational interview.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    for (const opp of input.opportunities) {
      if (opp.stage === 'converted') {
        const request = requestInformational(ctx, opp);
        if (request) out.push(request);
        continue;
      }
      if (!opp.notAFit || CLOSED.has(opp.stage)) continue;
      const org = ctx.organization(opp.organizationId);
      if (!org || org.target === null || org.target.status === 'dropped') continue;
      const person = personToAsk(ctx, opp);
      const offer = person ? `offer ${person.displayName} to turn it into an informational interview` : 'offer to turn it into an informational interview';
      out.push({
        key: identityKey('convert', `opportunity:${opp.id}`, person ? [person.id] : []),
        ruleId: 'convert',
        title: `Turn ${opp.title} at ${org.name} into an informational interview`,
        reason: `${opp.title} is not a fit, but ${org.name} is #${org.target.rank} on your target list: ${offer}.`,
        dueOn: ctx.today,
        channel: 'email',
        templateId: 'convert',
        subjects: [
          ...(person ? [{ type: 'contact' as const, id: person.id }] : []),
          { type: 'opportunity', id: opp.id },
          { type: 'organization', id: org.id },
        ],
        recipientContactIds: person ? [person.id] : [],
        templateContext: {
          contact: person ? personScope([person]) : undefined,
          opportunity: { title: opp.title },
          organization: { name: org.name },
        },
      });
    }
    return out;
  },
};

/** After the conversion: ask for the informational interview, with the questions to bring. */
function requestInformational(ctx: RuleContext, opp: POpportunity): ProposedAction | null {
  if (!ctx.isRecent(opp.stageChangedAt)) return null;
  const convertedMs = ctx.ms(opp.stageChangedAt);
  if (convertedMs > ctx.nowMs) return null;
  const convertedOn = ctx.localDate(opp.stageChangedAt);
  const dueOn = ctx.addBusinessDays(convertedOn, ctx.settings.informationalRequestBusinessDays);
  if (ctx.isExpired('convert', dueOn)) return null;
  const org = ctx.organization(opp.organizationId);
  const orgName = org?.name ?? 'the organization';
  const person = personToAsk(ctx, opp);
  // Already in touch since (the request sent, the meeting booked): nothing left to ask for.
  if (person && ctx.statsOf(person.id).lastTouchMs > convertedMs) return null;
  const ask = person ? `ask ${person.displayName} for an informational interview` : `find someone at ${orgName} to ask for an informational interview`;
  return {
    key: identityKey('convert-request', `opportunity:${opp.id}`, person ? [person.id] : []),
    ruleId: 'convert',
    title: person ? `Ask ${person.displayName} for an informational interview` : `Find someone at ${orgName} for an informational interview`,
    reason: `You turned ${opp.title} at ${orgName} into an informational interview on ${ctx.fmt(convertedOn)}: ${ask} by ${ctx.fmt(dueOn)}. Questions to bring: ${QUESTIONS}`,
    dueOn,
    channel: 'email',
    templateId: 'convert',
    subjects: [
      ...(person ? [{ type: 'contact' as const, id: person.id }] : []),
      { type: 'opportunity', id: opp.id },
      { type: 'organization', id: opp.organizationId },
    ],
    recipientContactIds: person ? [person.id] : [],
    templateContext: {
      contact: person ? personScope([person]) : undefined,
      opportunity: { title: opp.title },
      organization: organizationScope(org),
    },
  };
}
