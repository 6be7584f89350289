/**
 * advice-update — "Each step of the way, Roger e-mailed Stan to let him know he'd taken his
 * advice and how well it was going" (seed 001).
 *
 * Fires for each advice item with status `done`, a `doneAt`, and no `updateSentAt`: tell the
 * adviser you took their advice and how it went, due `adviceUpdateBusinessDays` after the
 * local date of `doneAt`. Recording `updateSentAt` (or dropping the item) ends it.
 * Expires (not proposed) once its window (`windows`) has passed.
 * Identity: advice-update about the advice item, to the adviser.
 */
import { identityKey } from '../identity.js';
import type { AdviceKind, PlaybookRule, ProposedAction } from '../playbook.types.js';
import { organizationScope, personScope } from './rule-helpers.js';

const KIND_WORDS: Record<AdviceKind, string> = {
  book: 'the book',
  course: 'the course',
  person: 'meeting',
  company: 'looking into',
  other: '',
};

export const adviceUpdateRule: PlaybookRule = {
  id: 'advice-update',
  describe: 'When you act on a piece of advice, tell the adviser you took it and how it went.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    for (const a of input.advice) {
      if (a.status !== 'done' || a.doneAt === null || a.updateSentAt !== null || !ctx.isRecent(a.doneAt)) continue;
      const adviser = ctx.contact(a.contactId);
      if (!adviser) continue;
      const doneOn = ctx.localDate(a.doneAt);
      const dueOn = ctx.addBusinessDays(doneOn, ctx.settings.adviceUpdateBusinessDays);
      if (ctx.isExpired('advice-update', dueOn)) continue;
      const what = `${KIND_WORDS[a.kind]} ${a.title}`.trim();
      out.push({
        key: identityKey('advice-update', `advice:${a.id}`, [adviser.id]),
        ruleId: 'advice-update',
        title: `Tell ${adviser.displayName} you took their advice`,
        reason: `You acted on the advice of ${adviser.displayName} (${what}) on ${ctx.fmt(doneOn)}: tell ${adviser.displayName} you took it and how it went, by ${ctx.fmt(dueOn)}.`,
        dueOn,
        channel: 'email',
        templateId: 'advice-update',
        subjects: [
          { type: 'contact', id: adviser.id },
          { type: 'advice', id: a.id },
        ],
        recipientContactIds: [adviser.id],
        templateContext: {
          contact: personScope([adviser]),
          advice: { title: a.title },
          organization: organizationScope(ctx.organization(adviser.organizationId)),
        },
      });
    }
    return out;
  },
};
