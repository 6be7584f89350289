/**
 * act-on-advice — "he made a point to buy the books Stan recommended and to enrol in a class
 * after work" (seed 001). Advice given is a to-do before it is news: do it, then advice-update
 * asks you to tell the adviser.
 *
 * Fires for each advice item still `open` whose adviser is a contact: do it, due
 * `actOnAdviceBusinessDays` after the local date the advice was recorded. Marking the action
 * done marks the advice done (the service), which starts advice-update; dropping the advice
 * ends it. Expires (not proposed) once its window (`windows`) has passed.
 * Identity: act-on-advice about the advice item (a task: nobody to write to yet).
 */
import { identityKey } from '../identity.js';
import type { AdviceKind, PlaybookRule, ProposedAction } from '../playbook.types.js';

const TODO: Record<AdviceKind, (title: string) => string> = {
  book: (t) => `Get and read ${t}`,
  course: (t) => `Enrol in ${t}`,
  person: (t) => `Reach out to ${t}`,
  company: (t) => `Look into ${t}`,
  other: (t) => `Act on the advice: ${t}`,
};

const WHAT: Record<AdviceKind, string> = {
  book: 'the book',
  course: 'the course',
  person: 'talking to',
  company: 'looking into',
  other: '',
};

export const actOnAdviceRule: PlaybookRule = {
  id: 'act-on-advice',
  describe: 'When a contact gives you advice (a book, a class, a person to see), do it — then advice-update asks you to tell them.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    for (const a of input.advice) {
      if (a.status !== 'open' || !ctx.isRecent(a.createdAt)) continue;
      const adviser = ctx.contact(a.contactId);
      if (!adviser) continue;
      const givenOn = ctx.localDate(a.createdAt);
      const dueOn = ctx.addBusinessDays(givenOn, ctx.settings.actOnAdviceBusinessDays);
      if (ctx.isExpired('act-on-advice', dueOn)) continue;
      const what = `${WHAT[a.kind]} ${a.title}`.trim();
      out.push({
        key: identityKey('act-on-advice', `advice:${a.id}`, []),
        ruleId: 'act-on-advice',
        title: TODO[a.kind](a.title),
        reason: `${adviser.displayName} recommended ${what} (recorded ${ctx.fmt(givenOn)}): act on it by ${ctx.fmt(dueOn)}. Once it is done, tell ${adviser.displayName} how it went.`,
        dueOn,
        channel: 'task',
        templateId: null,
        subjects: [
          { type: 'advice', id: a.id },
          { type: 'contact', id: adviser.id },
        ],
        recipientContactIds: [],
        templateContext: null,
      });
    }
    return out;
  },
};
