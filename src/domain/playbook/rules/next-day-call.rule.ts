/**
 * next-day-call — "Then follow up the next day with a phone call thanking them again, and
 * share any updates regarding their referral" (seed 004).
 *
 * Fires for each `done` networking interview that started at or before now: one call action
 * per conversation, naming every known participant, due `nextDayCallBusinessDays` after its
 * local date (Friday's interview → Monday's call). The reason names the referrals the
 * participants offered (any offered up to now, oldest first) with where each stands, so the
 * call has something to report; it changes — and the open action is updated — as they move.
 * Expires (not proposed) once its window (`windows`) has passed.
 * Identity: next-day-call about the conversation, to its participants.
 */
import { identityKey } from '../identity.js';
import type { PlaybookRule, PReferral, ProposedAction, ReferralStatus } from '../playbook.types.js';
import { joinNames } from '../wording.js';
import { REFERRAL_ORDER } from '../../referral-progress.js';
import { contactRefs, organizationScope, commonOrganization, personScope } from './rule-helpers.js';
import { conversationSentence } from './thank-you.rule.js';

const STATUS_WORDS: Record<ReferralStatus, string> = {
  offered: 'not contacted yet',
  contacted: 'contacted',
  met: 'met',
  'led-to-interview': 'led to an interview',
  'led-to-offer': 'led to an offer',
};

export const nextDayCallRule: PlaybookRule = {
  id: 'next-day-call',
  describe: 'The business day after a networking interview, call to thank them again and share updates on their referrals.',
  evaluate(_input, ctx) {
    const out: ProposedAction[] = [];
    for (const { conversation: conv, startMs } of ctx.recentDone) {
      if (conv.kind !== 'networking-interview') continue;
      const people = ctx.knownContacts(conv.participantIds);
      if (people.length === 0) continue;
      const date = ctx.localDateOfMs(startMs);
      const dueOn = ctx.addBusinessDays(date, ctx.settings.nextDayCallBusinessDays);
      if (ctx.isExpired('next-day-call', dueOn)) continue;

      // Each name once (a name offered twice, or by two of them, is one person to report on),
      // at the furthest its referrals have gone.
      const byTarget = new Map<string, PReferral>();
      for (const p of people) {
        for (const r of ctx.referralsByFrom.get(p.id) ?? []) {
          if (ctx.ms(r.offeredAt) > ctx.nowMs || ctx.referralTargetName(r) === null) continue;
          const target = r.toContactId ?? `org:${r.toOrganizationId ?? ''}`;
          const known = byTarget.get(target);
          if (!known || REFERRAL_ORDER.indexOf(r.status) > REFERRAL_ORDER.indexOf(known.status) || (r.status === known.status && ctx.ms(r.offeredAt) < ctx.ms(known.offeredAt))) byTarget.set(target, r);
        }
      }
      const referrals = [...byTarget.values()].sort((a, b) => ctx.ms(a.offeredAt) - ctx.ms(b.offeredAt) || (a.id < b.id ? -1 : 1));
      const nameOf = (r: PReferral) => ctx.referralTargetName(r) ?? '';
      const referralNames = referrals.map(nameOf);
      // The call script may say only what the records say: whom you have reached, and whom not yet.
      const reached = referrals.filter((r) => r.status !== 'offered').map(nameOf);
      const notYet = referrals.filter((r) => r.status === 'offered').map(nameOf);
      const names = joinNames(people.map((p) => p.displayName));
      const updates =
        referrals.length > 0
          ? `share updates on the names they gave you: ${joinNames(referrals.map((r) => `${ctx.referralTargetName(r)} (${STATUS_WORDS[r.status]})`))}`
          : 'share how you are acting on their advice';
      out.push({
        key: identityKey('next-day-call', `conversation:${conv.id}`, people.map((p) => p.id)),
        ruleId: 'next-day-call',
        title: `Call ${names}`,
        reason: `${conversationSentence(ctx, conv, people, date)}: call ${names} on ${ctx.fmt(dueOn)} to say thanks again and ${updates}.`,
        dueOn,
        channel: 'call',
        templateId: 'next-day-call',
        subjects: [
          ...contactRefs(people),
          { type: 'conversation', id: conv.id },
          ...referrals.map((r) => ({ type: 'referral' as const, id: r.id })),
        ],
        recipientContactIds: people.map((p) => p.id),
        templateContext: {
          contact: personScope(people),
          conversation: { date: ctx.fmt(date) },
          organization: organizationScope(commonOrganization(ctx, people)),
          referrals: {
            names: referralNames.length > 0 ? joinNames(referralNames) : null,
            reached: reached.length > 0 ? joinNames(reached) : null,
            notYet: notYet.length > 0 ? joinNames(notYet) : null,
          },
        },
      });
    }
    return out;
  },
};
