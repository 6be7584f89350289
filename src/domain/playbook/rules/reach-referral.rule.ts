/**
 * reach-referral — "They'll meet someone who says they know a person … and then wait for
 * their contact to set up a meeting, as opposed to taking the contact information and setting
 * up the meeting themselves" (seed 003).
 *
 * Fires for each referral still `offered` that names a person (`toContactId` of a known
 * contact): contact that person yourself, due `reachReferralBusinessDays` after the local date
 * of `offeredAt`. It stops as soon as the referral moves on (contacted, met…) — and also when
 * any conversation with that person (even a scheduled one, or an email you sent) started at
 * or after the offer, since that means you already reached them even if the referral's status
 * was not updated. Referrals to an organization only are left to target-gap.
 * Expires (not proposed) once its window (`windows`) has passed.
 * Identity: reach-referral to the person named — the same person offered twice (by two people,
 * or twice before a merge) is one action, naming who offered them first.
 */
import { identityKey } from '../identity.js';
import type { PlaybookRule, ProposedAction } from '../playbook.types.js';
import { nameWithOrganization, organizationScope, personScope } from './rule-helpers.js';

export const reachReferralRule: PlaybookRule = {
  id: 'reach-referral',
  describe: 'When a contact offers a name, contact that person yourself within 2 business days — don’t wait to be introduced.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    // The earliest offer of a name speaks for it: the same person offered twice (by two people,
    // or twice before a merge) is one action.
    const offers = input.referrals.filter((r) => r.status === 'offered' && ctx.isRecent(r.offeredAt));
    offers.sort((a, b) => ctx.ms(a.offeredAt) - ctx.ms(b.offeredAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const r of offers) {
      const target = ctx.contact(r.toContactId);
      const referrer = ctx.contact(r.fromContactId);
      if (!target || !referrer) continue;
      const offeredMs = ctx.ms(r.offeredAt);
      if (offeredMs > ctx.nowMs) continue;
      if (ctx.statsOf(target.id).lastTouchMs >= offeredMs) continue;
      const offeredOn = ctx.localDate(r.offeredAt);
      const dueOn = ctx.addBusinessDays(offeredOn, ctx.settings.reachReferralBusinessDays);
      if (ctx.isExpired('reach-referral', dueOn)) continue;
      out.push({
        key: identityKey('reach-referral', '', [target.id]),
        ruleId: 'reach-referral',
        title: `Reach out to ${target.displayName}`,
        reason: `${referrer.displayName} gave you the name of ${nameWithOrganization(ctx, target)} on ${ctx.fmt(offeredOn)}: contact ${target.displayName} yourself by ${ctx.fmt(dueOn)} — don’t wait to be introduced.`,
        dueOn,
        channel: 'email',
        templateId: 'reach-referral',
        subjects: [
          { type: 'contact', id: target.id },
          { type: 'contact', id: referrer.id },
          { type: 'referral', id: r.id },
        ],
        recipientContactIds: [target.id],
        templateContext: {
          contact: personScope([target]),
          referrer: personScope([referrer]),
          organization: organizationScope(ctx.organization(target.organizationId)),
        },
      });
    }
    return out;
  },
};
