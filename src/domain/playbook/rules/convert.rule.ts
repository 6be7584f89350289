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
 * Key: `convert:<opportunityId>`.
 */
import type { OpportunityStage, PlaybookRule, ProposedAction } from '../playbook.types.js';
import { personScope } from './rule-helpers.js';

const CLOSED: ReadonlySet<OpportunityStage> = new Set<OpportunityStage>(['converted', 'rejected', 'withdrawn', 'accepted']);

export const convertRule: PlaybookRule = {
  id: 'convert',
  describe: 'When an opportunity at a target organization is not a fit, offer to turn it into an informational interview.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    for (const opp of input.opportunities) {
      if (!opp.notAFit || CLOSED.has(opp.stage)) continue;
      const org = ctx.organization(opp.organizationId);
      if (!org || org.target === null || org.target.status === 'dropped') continue;
      const latest = ctx.interviewsByOpportunity.get(opp.id)?.latestDone?.conversation;
      const person =
        ctx.contact(opp.rapportInterviewerId) ??
        ctx.knownContacts(opp.interviewerIds)[0] ??
        (latest ? ctx.knownContacts(latest.participantIds)[0] : undefined) ??
        ctx.contact(opp.referrerContactId);
      const offer = person ? `offer ${person.displayName} to turn it into an informational interview` : 'offer to turn it into an informational interview';
      out.push({
        key: `convert:${opp.id}`,
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
