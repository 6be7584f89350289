/**
 * Attribution: the chain of people that led to an opportunity or an interview (PRODUCT.md,
 * Referral: "The chain of referrals behind every interview is always visible"). The referrer
 * first, then who introduced the referrer, and so on up the `introduced by` links and the
 * referrals — cycle-safe (A named B, B named A ends instead of looping). Pure: no I/O.
 */

export interface AttributionPerson {
  id: string;
  displayName: string;
  introducedById: string | null;
}

export interface AttributionReferral {
  fromContactId: string;
  toContactId: string | null;
  toOrganizationId: string | null;
  offeredAt: string;
}

export type AttributionVia = 'referrer' | 'introduced-by' | 'referral' | 'suggested-target';

export interface AttributionLink {
  id: string;
  displayName: string;
  /** How this person is linked to the next one in the chain (the first one: how they led to the opportunity). */
  via: AttributionVia;
}

export interface AttributionFacts {
  contact(id: string): AttributionPerson | undefined;
  /** Referrals made to a person, oldest first. */
  referralsTo(contactId: string): readonly AttributionReferral[];
  /** Referrals made to an organization, oldest first. */
  referralsToOrganization(organizationId: string): readonly AttributionReferral[];
}

/** Builds the lookups from plain lists (the service passes rows; the tests pass literals). */
export function attributionFacts(people: readonly AttributionPerson[], referrals: readonly AttributionReferral[]): AttributionFacts {
  const byId = new Map(people.map((p) => [p.id, p]));
  const toPerson = new Map<string, AttributionReferral[]>();
  const toOrg = new Map<string, AttributionReferral[]>();
  const sorted = [...referrals].sort((a, b) => (a.offeredAt < b.offeredAt ? -1 : a.offeredAt > b.offeredAt ? 1 : 0));
  for (const r of sorted) {
    if (r.toContactId) toPerson.set(r.toContactId, [...(toPerson.get(r.toContactId) ?? []), r]);
    if (r.toOrganizationId) toOrg.set(r.toOrganizationId, [...(toOrg.get(r.toOrganizationId) ?? []), r]);
  }
  return {
    contact: (id) => byId.get(id),
    referralsTo: (id) => toPerson.get(id) ?? [],
    referralsToOrganization: (id) => toOrg.get(id) ?? [],
  };
}

/**
 * The people behind `startId`, oldest first and `startId` last: [Ann, Stan] means Ann
 * introduced Stan. Each step takes who introduced the person (`introducedById`), else the
 * earliest referral to them. Stops at a cycle, an unknown person, or `limit` people.
 */
export function introducersOf(startId: string, facts: AttributionFacts, limit = 25): AttributionLink[] {
  const start = facts.contact(startId);
  if (!start) return [];
  const chain: AttributionLink[] = [{ id: start.id, displayName: start.displayName, via: 'referrer' }];
  const seen = new Set([start.id]);
  let current = start;
  while (chain.length < limit) {
    let nextId: string | null = null;
    let via: AttributionVia = 'introduced-by';
    if (current.introducedById && !seen.has(current.introducedById) && facts.contact(current.introducedById)) {
      nextId = current.introducedById;
    } else {
      const ref = facts.referralsTo(current.id).find((r) => !seen.has(r.fromContactId) && facts.contact(r.fromContactId));
      if (ref) {
        nextId = ref.fromContactId;
        via = 'referral';
      }
    }
    if (!nextId) break;
    const next = facts.contact(nextId);
    if (!next) break;
    chain.unshift({ id: next.id, displayName: next.displayName, via });
    seen.add(next.id);
    current = next;
  }
  return chain;
}

export interface OpportunityForAttribution {
  organizationId: string;
  referrerContactId: string | null;
  /** Who suggested the organization for the target list, when known. */
  targetSuggestedById?: string | null;
}

/**
 * Who led to an opportunity: its referrer and the people behind them; with no referrer, whoever
 * referred you to the organization, else whoever suggested it for your target list.
 */
export function opportunityAttribution(opp: OpportunityForAttribution, facts: AttributionFacts): AttributionLink[] {
  if (opp.referrerContactId && facts.contact(opp.referrerContactId)) return introducersOf(opp.referrerContactId, facts);
  const orgReferral = facts.referralsToOrganization(opp.organizationId).find((r) => facts.contact(r.fromContactId));
  if (orgReferral) return introducersOf(orgReferral.fromContactId, facts).map((l, i, all) => (i === all.length - 1 ? { ...l, via: 'referral' as const } : l));
  if (opp.targetSuggestedById && facts.contact(opp.targetSuggestedById)) {
    return introducersOf(opp.targetSuggestedById, facts).map((l, i, all) => (i === all.length - 1 ? { ...l, via: 'suggested-target' as const } : l));
  }
  return [];
}

/** "Ann Lee → Stan Fields → this interview"; "Nobody recorded yet" for an empty chain. */
export function attributionSentence(chain: readonly { displayName: string }[], what = 'this opportunity'): string {
  if (chain.length === 0) return `Nobody recorded yet led to ${what}`;
  return [...chain.map((c) => c.displayName), what].join(' → ');
}
