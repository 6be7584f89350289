/**
 * target-gap — "Show them your Target Company list and ask if they have any contacts that they
 * could refer you to" (seed 004).
 *
 * The top targets are the first `topTargetCount` of the active target list ordered by rank
 * (ranks need not be contiguous). Fires for each top target where no contact has that
 * `organizationId`: ask for a contact there at your next networking meeting. Due on the local
 * date of the next scheduled networking conversation (networking meeting, informational or
 * networking interview starting at or after now) — the reason names it — or today when none is
 * scheduled (then it is a standing condition and stays due today). A contact at the
 * organization, however added, ends it.
 * Identity: target-gap about the organization (a task).
 */
import { identityKey } from '../identity.js';
import { NETWORKING_KINDS, type PlaybookRule, type ProposedAction } from '../playbook.types.js';
import { joinNames } from '../wording.js';
import { rankedActiveTargets } from './in-the-works.rule.js';

export const targetGapRule: PlaybookRule = {
  id: 'target-gap',
  describe: 'When a top target has no contact, ask for a contact there at your next networking meeting.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    const top = rankedActiveTargets(input).slice(0, ctx.settings.topTargetCount);
    const gaps = top.filter((o) => (ctx.contactsByOrganization.get(o.id)?.length ?? 0) === 0);
    if (gaps.length === 0) return out;

    const next = ctx.upcoming.find((u) => NETWORKING_KINDS.has(u.conversation.kind) && ctx.knownContacts(u.conversation.participantIds).length > 0);
    const nextDate = next ? ctx.localDateOfMs(next.startMs) : null;
    const nextPeople = next ? ctx.knownContacts(next.conversation.participantIds) : [];
    const when =
      next && nextDate !== null
        ? `at your next networking meeting (with ${joinNames(nextPeople.map((p) => p.displayName))} on ${ctx.fmt(nextDate)})`
        : 'at your next networking meeting';

    for (const org of gaps) {
      const position = top.indexOf(org) + 1;
      out.push({
        key: identityKey('target-gap', `organization:${org.id}`, []),
        ruleId: 'target-gap',
        title: `Ask for a contact at ${org.name}`,
        reason: `${org.name} is #${position} on your target list and you know no one there: ask for a contact at ${org.name} ${when}.`,
        dueOn: nextDate ?? ctx.today,
        channel: 'task',
        templateId: null,
        subjects: [
          { type: 'organization', id: org.id },
          ...(next ? [{ type: 'conversation' as const, id: next.conversation.id }] : []),
          ...nextPeople.map((p) => ({ type: 'contact' as const, id: p.id })),
        ],
        recipientContactIds: [],
        templateContext: null,
      });
    }
    return out;
  },
};
