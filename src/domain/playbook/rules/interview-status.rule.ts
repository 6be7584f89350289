/**
 * interview-status — "After a job interview they'll write a thank you note, but then just sit
 * back and wait … as opposed to following up to gain an understanding of where the company is
 * in their search process" (seed 003).
 *
 * Fires for each opportunity in stage `screening` or `interviewing` whose latest `done` job
 * interview (linked by `opportunityId`, started at or before now) is still the latest news:
 * the stage has not changed since that interview started and no further job interview for it
 * is scheduled. This is a waiting rule: it is proposed only once `interviewStatusBusinessDays`
 * have passed since the interview's local date (business day 9: nothing; day 10: due today).
 * Whom to ask: the interviewer you had rapport with, else the first participant of that
 * interview, else the first listed interviewer; with nobody known, the organization.
 * Expires (not proposed) once its window (`windows`) has passed.
 * Identity: interview-status about the opportunity's latest interview (a new interview starts a
 * new wait), to the person asked.
 */
import { identityKey } from '../identity.js';
import type { PlaybookRule, ProposedAction, RecordRef } from '../playbook.types.js';
import { organizationScope, personScope } from './rule-helpers.js';

export const interviewStatusRule: PlaybookRule = {
  id: 'interview-status',
  describe: 'When a job interview has had no news for 10 business days, ask where they are in their process.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    const n = ctx.settings.interviewStatusBusinessDays;
    for (const opp of input.opportunities) {
      if (opp.stage !== 'screening' && opp.stage !== 'interviewing') continue;
      const interviews = ctx.interviewsByOpportunity.get(opp.id);
      const latest = interviews?.latestDone;
      if (!interviews || !latest || interviews.hasUpcoming) continue;
      if (ctx.ms(opp.stageChangedAt) > latest.startMs) continue;
      const conv = latest.conversation;
      const date = ctx.localDateOfMs(latest.startMs);
      const dueOn = ctx.addBusinessDays(date, n);
      if (dueOn > ctx.today || ctx.isExpired('interview-status', dueOn)) continue;

      const org = ctx.organization(opp.organizationId);
      const orgName = org?.name ?? 'the organization';
      const person =
        ctx.contact(opp.rapportInterviewerId) ??
        ctx.knownContacts(conv.participantIds)[0] ??
        ctx.knownContacts(opp.interviewerIds)[0];
      const round = conv.interviewRound !== null ? ` (round ${conv.interviewRound})` : '';
      const ask = person ? `ask ${person.displayName} where ${orgName} is in its process` : `ask ${orgName} where they are in their process`;
      const subjects: RecordRef[] = [
        ...(person ? [{ type: 'contact' as const, id: person.id }] : []),
        { type: 'opportunity', id: opp.id },
        { type: 'conversation', id: conv.id },
        { type: 'organization', id: opp.organizationId },
      ];
      out.push({
        key: identityKey('interview-status', `opportunity:${opp.id}:conversation:${conv.id}`, person ? [person.id] : []),
        ruleId: 'interview-status',
        title: person ? `Ask ${person.displayName} for news on ${opp.title}` : `Ask ${orgName} for news on ${opp.title}`,
        reason: `Your job interview${round} for ${opp.title} at ${orgName} was on ${ctx.fmt(date)} and there has been no news for ${n} business days: ${ask}.`,
        dueOn,
        channel: 'email',
        templateId: 'interview-status',
        subjects,
        recipientContactIds: person ? [person.id] : [],
        templateContext: {
          contact: person ? personScope([person]) : undefined,
          conversation: { date: ctx.fmt(date) },
          opportunity: { title: opp.title },
          organization: organizationScope(org),
        },
      });
    }
    return out;
  },
};
