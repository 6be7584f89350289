/**
 * close-the-loop — "Later send an email or call the person letting them know how their
 * connections aided your job search" (seed 004).
 *
 * Fires for each referral that reached a milestone: `met` (the referred person led to a
 * conversation), `led-to-interview` or `led-to-offer`. The referrer is always told. For an
 * interview or an offer, so is everyone up the chain: whoever introduced you to the referrer,
 * whoever introduced you to them, and so on. You are introduced to someone once: by the first
 * referral that named them (the oldest offer, whatever its status) — a later one named someone
 * you already knew. So the chain is a path, as on the contact page, not every referral that
 * ever pointed at someone (in a dense network that was thousands of thank-yous for one
 * interview). A cycle (A named B, B named A) ends the walk, and the referred person is never
 * thanked for themselves.
 * Due `closeTheLoopBusinessDays` after the local date of the referral's `statusChangedAt`.
 * Each milestone is a new action (a later milestone makes the earlier, still-open ones
 * obsolete; done ones stay done). Not proposed once more than `staleAfterDays` overdue.
 * Key: `close-the-loop:<referralId>:<status>:<recipientContactId>`.
 */
import type { RuleContext } from '../context.js';
import type { PContact, PlaybookRule, POrganization, PReferral, ProposedAction, RecordRef } from '../playbook.types.js';
import { organizationScope, personScope } from './rule-helpers.js';

export interface ChainLink {
  /** Someone up the chain. */
  contact: PContact;
  /** The person they introduced you to, one step closer to the referrer. */
  introduced: PContact;
  /** The referral that records it. */
  referral: PReferral;
  /** 1 = introduced you to the referrer, 2 = to the person who did, … */
  depth: number;
}

/**
 * Everyone up the referral chain behind `referrerId`, nearest first: who introduced you to
 * them (the first referral that named them, by `offeredAt` then id, from someone still a
 * contact), who introduced you to that person, etc. Ends at someone nobody introduced, or at
 * someone already in the chain or in `exclude` (the referred person): cycle-safe.
 */
export function referralChain(ctx: RuleContext, referrerId: string, exclude: Iterable<string> = []): ChainLink[] {
  const visited = new Set<string>([referrerId, ...exclude]);
  const out: ChainLink[] = [];
  let introduced = ctx.contact(referrerId);
  for (let depth = 1; introduced; depth += 1) {
    const person: PContact = introduced;
    const first = ctx.referralsTo(person.id).find((ref) => ctx.contact(ref.fromContactId) !== undefined);
    const contact = first && !visited.has(first.fromContactId) ? ctx.contact(first.fromContactId) : undefined;
    if (!first || !contact) break;
    visited.add(contact.id);
    out.push({ contact, introduced: person, referral: first, depth });
    introduced = contact;
  }
  return out;
}

const MILESTONES = new Set(['met', 'led-to-interview', 'led-to-offer']);

function outcome(status: PReferral['status'], org: POrganization | undefined): string {
  const at = org ? ` at ${org.name}` : '';
  if (status === 'led-to-offer') return `an offer${at}`;
  if (status === 'led-to-interview') return `an interview${at}`;
  return 'a meeting';
}

export const closeTheLoopRule: PlaybookRule = {
  id: 'close-the-loop',
  describe: 'When a referral leads to a meeting, an interview or an offer, tell the referrer how it helped — and, for an interview or offer, everyone up the chain.',
  evaluate(input, ctx) {
    const out: ProposedAction[] = [];
    for (const r of input.referrals) {
      if (!MILESTONES.has(r.status) || !ctx.isRecent(r.statusChangedAt)) continue;
      const changedOn = ctx.localDate(r.statusChangedAt);
      const dueOn = ctx.addBusinessDays(changedOn, ctx.settings.closeTheLoopBusinessDays);
      if (ctx.isStale(dueOn)) continue;
      const referrer = ctx.contact(r.fromContactId);
      if (!referrer) continue;
      const referredPerson = ctx.contact(r.toContactId);
      const org = ctx.organization(r.toOrganizationId) ?? ctx.organization(referredPerson?.organizationId);
      const referredName = ctx.referralTargetName(r);
      if (referredName === null) continue;

      const result = outcome(r.status, org);
      const referredRefs: RecordRef[] = referredPerson
        ? [{ type: 'contact', id: referredPerson.id }]
        : org
          ? [{ type: 'organization', id: org.id }]
          : [];
      const referrerScope = personScope([referrer]);
      const referredScope = referredPerson ? personScope([referredPerson]) : { firstName: referredName, displayName: referredName };
      const orgScope = organizationScope(org);

      out.push({
        key: `close-the-loop:${r.id}:${r.status}:${referrer.id}`,
        ruleId: 'close-the-loop',
        title: `Tell ${referrer.displayName} how the introduction helped`,
        reason: `The introduction ${referrer.displayName} made to ${referredName} led to ${result} on ${ctx.fmt(changedOn)}: tell ${referrer.displayName} how it helped by ${ctx.fmt(dueOn)}.`,
        dueOn,
        channel: 'email',
        templateId: 'close-the-loop',
        subjects: [{ type: 'contact', id: referrer.id }, ...referredRefs, { type: 'referral', id: r.id }],
        recipientContactIds: [referrer.id],
        templateContext: {
          contact: referrerScope,
          referrer: referrerScope,
          referred: referredScope,
          organization: orgScope,
          referral: { story: `your introduction to ${referredName} led to ${result}` },
        },
      });

      if (r.status === 'met') continue;
      const exclude = referredPerson ? [referredPerson.id] : [];
      for (const link of referralChain(ctx, referrer.id, exclude)) {
        const who = link.contact;
        out.push({
          key: `close-the-loop:${r.id}:${r.status}:${who.id}`,
          ruleId: 'close-the-loop',
          title: `Tell ${who.displayName} how the introduction helped`,
          reason: `${who.displayName} introduced you to ${link.introduced.displayName}, and that chain led to ${referredName} and ${result} on ${ctx.fmt(changedOn)}: tell ${who.displayName} how it helped by ${ctx.fmt(dueOn)}.`,
          dueOn,
          channel: 'email',
          templateId: 'close-the-loop',
          subjects: [
            { type: 'contact', id: who.id },
            { type: 'contact', id: link.introduced.id },
            ...referredRefs,
            { type: 'referral', id: r.id },
            { type: 'referral', id: link.referral.id },
          ],
          recipientContactIds: [who.id],
          templateContext: {
            contact: personScope([who]),
            referrer: referrerScope,
            referred: referredScope,
            organization: orgScope,
            referral: {
              story: `your introduction to ${link.introduced.displayName} led me, step by step, to ${referredName} and to ${result}`,
            },
          },
        });
      }
    }
    return out;
  },
};
