/**
 * thank-you — "Thank them for the time they took with you" (seed 004; every career centre).
 *
 * Fires for each `done` conversation that started at or before now and was a real exchange:
 * a networking meeting, an informational, networking or job interview, a call, or an
 * encounter at an event. Not for emails (your reply is the thank-you), not for a call still
 * awaiting a reply (a voicemail is not a conversation), not for a call you placed (your own
 * follow-up), never for scheduled or cancelled ones.
 * One action per conversation, naming every known participant (a panel gets one action that
 * names them all) — and one per person: a person is thanked for the latest day you spoke with
 * them, and that day for its earliest conversation (a duplicate log asks nothing new); due `thankYouBusinessDays` after the conversation's local date.
 * Not to someone asked for feedback after a rejection (ask-feedback's message thanks them) for a
 * conversation before it.
 * Expires (not proposed) once its window (`windows`) has passed.
 * Identity: thank-you about the conversation, to its participants.
 */
import { identityKey } from '../identity.js';
import type { RuleContext } from '../context.js';
import type { PConversation, PContact, PlaybookRule, ProposedAction } from '../playbook.types.js';
import { joinNames, kindPhrase, withArticle } from '../wording.js';
import { feedbackAsks } from './ask-feedback.rule.js';
import { commonOrganization, contactRefs, organizationScope, personScope } from './rule-helpers.js';

/** "You had a networking meeting with Stan Fields on Tue 3 Mar" and friends. */
export function conversationSentence(ctx: RuleContext, conv: PConversation, people: readonly PContact[], date: string): string {
  const names = joinNames(people.map((p) => p.displayName));
  const on = ctx.fmt(date);
  switch (conv.kind) {
    case 'call':
      return `You spoke with ${names} on ${on}`;
    case 'event-encounter':
      return `You met ${names} at an event on ${on}`;
    case 'email':
      return `You exchanged emails with ${names} on ${on}`;
    case 'job-interview': {
      const round = conv.interviewRound !== null ? ` (round ${conv.interviewRound})` : '';
      return `You had a job interview${round} with ${names} on ${on}`;
    }
    default:
      return `You had ${withArticle(kindPhrase(conv.kind))} with ${names} on ${on}`;
  }
}

export const thankYouRule: PlaybookRule = {
  id: 'thank-you',
  describe: 'After any meeting, interview, call or event encounter, send a thank-you within 1 business day.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    const n = ctx.settings.thankYouBusinessDays;
    // One open thank-you per person: for the latest day you spoke with them (a thank-you for an
    // earlier round is moot once you have met again), and on that day for its earliest
    // conversation (a meeting logged twice, or under two records of one person merged since,
    // asks nothing new; the identity does not change when a later one that day is logged).
    const eligible = ctx.recentDone
      .filter(({ conversation: conv }) => {
        if (conv.kind === 'email') return false;
        if (conv.kind === 'call' && conv.awaitingReply && conv.repliedAt === null) return false;
        // A call you placed is your own follow-up (the next-day call, a check-in): it is the
        // thanks, not a reason for another one.
        return !(conv.kind === 'call' && conv.direction === 'outbound');
      })
      .sort((a, b) => a.startMs - b.startMs || (a.conversation.id < b.conversation.id ? -1 : a.conversation.id > b.conversation.id ? 1 : 0));
    const latestDay = new Map<string, string>();
    for (const { conversation: conv, startMs } of eligible) {
      const date = ctx.localDateOfMs(startMs);
      for (const id of conv.participantIds) latestDay.set(id, date);
    }
    const thanked = new Set<string>();
    // Turned down, and asked for feedback: that message thanks them for the interviews up to the
    // rejection (seed 001) — a separate thank-you would be a second message saying the same.
    const askedAt = new Map<string, number>();
    for (const ask of feedbackAsks(input, ctx)) askedAt.set(ask.person.id, Math.max(askedAt.get(ask.person.id) ?? -Infinity, ctx.ms(ask.opp.stageChangedAt)));
    for (const { conversation: conv, startMs } of eligible) {
      const date = ctx.localDateOfMs(startMs);
      const people = ctx.knownContacts(conv.participantIds).filter((p) => latestDay.get(p.id) === date && !thanked.has(p.id) && !(startMs <= (askedAt.get(p.id) ?? -Infinity)));
      if (people.length === 0) continue;
      for (const p of people) thanked.add(p.id);
      const compute = () => thankYou(ctx, conv, people, startMs, n);
      // Everything thankYou reads: the conversation, the people, the organization they share.
      const action = ctx.memo ? ctx.memo.get('thank-you', conv.id, conv, commonOrganization(ctx, people), people, null, compute) : compute();
      if (action) out.push(action);
    }
    return out;
  },
};

/** The thank-you for one conversation, or null once it is too old to propose. */
function thankYou(ctx: RuleContext, conv: PConversation, people: readonly PContact[], startMs: number, n: number): ProposedAction | null {
  const date = ctx.localDateOfMs(startMs);
  const dueOn = ctx.addBusinessDays(date, n);
  if (ctx.isExpired('thank-you', dueOn)) return null;
  const names = joinNames(people.map((p) => p.displayName));
  return {
    key: identityKey('thank-you', `conversation:${conv.id}`, people.map((p) => p.id)),
    ruleId: 'thank-you',
    title: `Thank ${names}`,
    reason: `${conversationSentence(ctx, conv, people, date)}: thank ${names} by ${ctx.fmt(dueOn)}.`,
    dueOn,
    channel: 'email',
    templateId: 'thank-you',
    subjects: [...contactRefs(people), { type: 'conversation', id: conv.id }],
    recipientContactIds: people.map((p) => p.id),
    templateContext: {
      contact: personScope(people),
      conversation: { date: ctx.fmt(date), kind: kindPhrase(conv.kind) },
      organization: organizationScope(commonOrganization(ctx, people)),
    },
  };
}
