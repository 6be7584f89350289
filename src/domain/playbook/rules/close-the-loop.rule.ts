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
 * obsolete; done ones stay done). Expires (not proposed) once its window (`windows`) has passed.
 * Identity: close-the-loop about the outcome — a meeting with the referred person, or an
 * interview or offer at an organization (`outcomeOrganization`) — to the person told. So a
 * chain that reaches Maria through two referrals (she introduced Ada; Ada referred you to Acme)
 * tells her once, and a meeting that led to the interview is not a second message.
 */
import { cmp, type RuleContext } from '../context.js';
import { identityKey } from '../identity.js';
import type { PContact, PlaybookRule, POpportunity, POrganization, PReferral, ProposedAction, RecordRef } from '../playbook.types.js';
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

/**
 * Where a referral's interview or offer happened: the organization it names, else that of an
 * opportunity the referred person referred you to (latest news first), else where the referred
 * person works. One outcome has one place, whichever referral of the chain reached it.
 */
function outcomeOrganization(ctx: RuleContext, r: PReferral, referred: PContact | undefined, referredOpps: ReadonlyMap<string, POpportunity>): POrganization | undefined {
  return (
    ctx.organization(r.toOrganizationId) ??
    (referred ? ctx.organization(referredOpps.get(referred.id)?.organizationId) : undefined) ??
    ctx.organization(referred?.organizationId)
  );
}

export const closeTheLoopRule: PlaybookRule = {
  id: 'close-the-loop',
  describe: 'When a referral leads to a meeting, an interview or an offer, tell the referrer how it helped — and, for an interview or offer, everyone up the chain.',
  evaluate(input, ctx) {
    const milestones = input.referrals.filter((r) => MILESTONES.has(r.status) && ctx.isRecent(r.statusChangedAt));
    if (milestones.length === 0) return [];
    // Oldest offer first, so that when two referrals reach one person about one outcome, the
    // same one speaks on every computation (and on both engines).
    milestones.sort((a, b) => ctx.ms(a.offeredAt) - ctx.ms(b.offeredAt) || cmp(a.id, b.id));
    // The opportunity each person referred you to, latest news first.
    const referredOpps = new Map<string, POpportunity>();
    for (const o of input.opportunities) {
      if (o.referrerContactId === null) continue;
      const known = referredOpps.get(o.referrerContactId);
      if (!known || ctx.ms(o.stageChangedAt) > ctx.ms(known.stageChangedAt)) referredOpps.set(o.referrerContactId, o);
    }
    const direct: ProposedAction[] = [];
    const chained: ProposedAction[] = [];
    const met: { action: ProposedAction; recipientId: string; referralId: string }[] = [];
    // The referrals each person is told about through an interview or an offer: a meeting that
    // led there is part of that news, not a second message.
    const covered = new Set<string>();
    for (const r of milestones) {
      const changedOn = ctx.localDate(r.statusChangedAt);
      const dueOn = ctx.addBusinessDays(changedOn, ctx.settings.closeTheLoopBusinessDays);
      if (ctx.isExpired('close-the-loop', dueOn)) continue;
      const referrer = ctx.contact(r.fromContactId);
      if (!referrer) continue;
      const referredPerson = ctx.contact(r.toContactId);
      const org = outcomeOrganization(ctx, r, referredPerson, referredOpps);
      const referredName = ctx.referralTargetName(r);
      if (referredName === null) continue;

      const result = outcome(r.status, org);
      const place = org ? `organization:${org.id}` : referredPerson ? `contact:${referredPerson.id}` : `referral:${r.id}`;
      const about = r.status === 'met' ? `met:${referredPerson ? `contact:${referredPerson.id}` : place}` : `${r.status}:${place}`;
      const referredRefs: RecordRef[] = [
        ...(referredPerson ? [{ type: 'contact' as const, id: referredPerson.id }] : []),
        ...(org ? [{ type: 'organization' as const, id: org.id }] : []),
      ];
      const referrerScope = personScope([referrer]);
      const referredScope = referredPerson ? personScope([referredPerson]) : { firstName: referredName, displayName: referredName };
      const orgScope = organizationScope(org);
      const madeTo = referredPerson ? `The introduction ${referrer.displayName} made to ${referredName}` : `${referrer.displayName} referring you to ${referredName}`;

      const action: ProposedAction = {
        key: identityKey('close-the-loop', about, [referrer.id]),
        ruleId: 'close-the-loop',
        title: `Tell ${referrer.displayName} how the introduction helped`,
        reason: `${madeTo} led to ${result} on ${ctx.fmt(changedOn)}: tell ${referrer.displayName} how it helped by ${ctx.fmt(dueOn)}.`,
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
      };
      if (r.status === 'met') {
        met.push({ action, recipientId: referrer.id, referralId: r.id });
        continue;
      }
      direct.push(action);
      covered.add(`${referrer.id}|${r.id}`);

      const exclude = referredPerson ? [referredPerson.id] : [];
      const ledTo = referredPerson ? `${referredName} and ${result}` : result;
      for (const link of referralChain(ctx, referrer.id, exclude)) {
        const who = link.contact;
        covered.add(`${who.id}|${link.referral.id}`);
        chained.push({
          key: identityKey('close-the-loop', about, [who.id]),
          ruleId: 'close-the-loop',
          title: `Tell ${who.displayName} how the introduction helped`,
          reason: `${who.displayName} introduced you to ${link.introduced.displayName}, and that chain led to ${ledTo} on ${ctx.fmt(changedOn)}: tell ${who.displayName} how it helped by ${ctx.fmt(dueOn)}.`,
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
              story: `your introduction to ${link.introduced.displayName} led me, step by step, to ${ledTo}`,
            },
          },
        });
      }
    }
    // One message per person and outcome: the referrer's own words first, then the chain's.
    const out: ProposedAction[] = [];
    const seen = new Set<string>();
    const add = (a: ProposedAction) => {
      if (seen.has(a.key)) return;
      seen.add(a.key);
      out.push(a);
    };
    direct.forEach(add);
    chained.forEach(add);
    for (const m of met) if (!covered.has(`${m.recipientId}|${m.referralId}`)) add(m.action);
    return out;
  },
};
