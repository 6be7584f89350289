/**
 * 3b7 — The 2-Hour Job Search (Steve Dalton): when outreach gets no reply, after 3 business
 * days try a second contact at the same organization; after 7, follow up once with the first.
 *
 * Applies to each `done` outbound email or call that started at or before now, is
 * `awaitingReply`, and has no `repliedAt`. "The first" is its first known participant. Any
 * later conversation with that person (their reply logged as an inbound email, a meeting
 * booked, your own follow-up) also counts as the end of the silence.
 * Two waiting actions, each proposed only from its day on (day 2: nothing; day 3: the second
 * contact; day 7: the follow-up too):
 * - `3b7:<conversationId>:second-contact`, due `threeB7SecondContactBusinessDays` after the
 *   outreach's local date — names the warmest other contact at the first person's organization
 *   (latest interaction, then name), or asks you to find one; skipped when the first person has
 *   no organization.
 * - `3b7:<conversationId>:follow-up`, due `threeB7FollowUpBusinessDays` after.
 * Expires (not proposed) once its window (`windows`) has passed. Logging your follow-up with
 * `awaitingReply` starts a new 3b7 for that message (the rule cannot know it was the "once").
 */
import { identityKey } from '../identity.js';
import { cmp, type RuleContext } from '../context.js';
import type { PContact, PlaybookRule, ProposedAction } from '../playbook.types.js';
import { organizationScope, personScope } from './rule-helpers.js';

/** The warmest other contact at an organization (latest interaction, then name), if any. */
export function secondContactAt(ctx: RuleContext, organizationId: string, excludeIds: readonly string[]): PContact | undefined {
  let best: PContact | undefined;
  let bestAt = Number.NEGATIVE_INFINITY;
  for (const c of ctx.contactsByOrganization.get(organizationId) ?? []) {
    if (excludeIds.includes(c.id)) continue;
    const at = ctx.statsOf(c.id).lastInteractionMs;
    if (!best || at > bestAt || (at === bestAt && cmp(c.displayName, best.displayName) < 0)) {
      best = c;
      bestAt = at;
    }
  }
  return best;
}

export const threeB7Rule: PlaybookRule = {
  id: '3b7',
  describe: 'When outreach gets no reply: after 3 business days try a second contact at the same organization; after 7, follow up once with the first.',
  evaluate(_input, ctx) {
    const out: ProposedAction[] = [];
    const s = ctx.settings;
    for (const { conversation: conv, startMs } of ctx.recentDone) {
      if (conv.kind !== 'email' && conv.kind !== 'call') continue;
      if (conv.direction !== 'outbound' || !conv.awaitingReply || conv.repliedAt !== null) continue;
      // Whatever order the participants come in: an answer from any of them (a later
      // conversation with them) cancels the outreach, and "the first" is chosen by name.
      const people = ctx.knownContacts(conv.participantIds);
      if (people.some((p) => ctx.statsOf(p.id).lastTouchMs > startMs)) continue;
      const first = [...people].sort((a, b) => cmp(a.displayName, b.displayName) || cmp(a.id, b.id))[0];
      if (!first) continue;
      const date = ctx.localDateOfMs(startMs);
      const verb = conv.kind === 'email' ? 'wrote to' : 'called';
      const org = ctx.organization(first.organizationId);
      const who = org ? `${first.displayName} (${org.name})` : first.displayName;

      const secondDue = ctx.addBusinessDays(date, s.threeB7SecondContactBusinessDays);
      if (org && secondDue <= ctx.today && !ctx.isExpired('3b7', secondDue)) {
        const second = secondContactAt(ctx, org.id, conv.participantIds);
        const days = s.threeB7SecondContactBusinessDays;
        out.push({
          key: identityKey('3b7-second-contact', `conversation:${conv.id}`, []),
          ruleId: '3b7',
          title: second ? `Try ${second.displayName} at ${org.name}` : `Find a second contact at ${org.name}`,
          reason: `You ${verb} ${who} on ${ctx.fmt(date)} and have had no reply after ${days} business days: ${
            second ? `try a second contact at ${org.name}, ${second.displayName}` : `find a second contact at ${org.name} and reach out`
          }.`,
          dueOn: secondDue,
          channel: 'email',
          templateId: '3b7-second-contact',
          subjects: [
            ...(second ? [{ type: 'contact' as const, id: second.id }] : []),
            { type: 'contact', id: first.id },
            { type: 'organization', id: org.id },
            { type: 'conversation', id: conv.id },
          ],
          recipientContactIds: second ? [second.id] : [],
          templateContext: {
            contact: second ? personScope([second]) : undefined,
            organization: organizationScope(org),
            conversation: { date: ctx.fmt(date) },
          },
        });
      }

      const followDue = ctx.addBusinessDays(date, s.threeB7FollowUpBusinessDays);
      if (followDue <= ctx.today && !ctx.isExpired('3b7', followDue)) {
        out.push({
          key: identityKey('3b7-follow-up', `conversation:${conv.id}`, [first.id]),
          ruleId: '3b7',
          title: `Follow up with ${first.displayName}`,
          reason: `You ${verb} ${who} on ${ctx.fmt(date)} and have had no reply after ${s.threeB7FollowUpBusinessDays} business days: follow up once with ${first.displayName}.`,
          dueOn: followDue,
          channel: conv.kind === 'call' ? 'call' : 'email',
          templateId: '3b7-follow-up',
          subjects: [
            { type: 'contact', id: first.id },
            ...(org ? [{ type: 'organization' as const, id: org.id }] : []),
            { type: 'conversation', id: conv.id },
          ],
          recipientContactIds: [first.id],
          templateContext: {
            contact: personScope([first]),
            organization: organizationScope(org),
            conversation: { date: ctx.fmt(date) },
          },
        });
      }
    }
    return out;
  },
};
