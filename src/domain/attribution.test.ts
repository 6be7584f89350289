import { describe, expect, it } from 'vitest';
import { attributionFacts, attributionSentence, introducersOf, opportunityAttribution, type AttributionPerson } from './attribution.js';

const person = (id: string, introducedById: string | null = null): AttributionPerson => ({ id, displayName: id.toUpperCase(), introducedById });
const ref = (from: string, to: string | null, at = '2026-01-01T00:00:00Z', toOrganizationId: string | null = null) => ({ fromContactId: from, toContactId: to, toOrganizationId, offeredAt: at });

describe('attribution', () => {
  it('walks up "introduced by": Ann introduced Bob, who introduced Stan', () => {
    const facts = attributionFacts([person('ann'), person('bob', 'ann'), person('stan', 'bob')], []);
    expect(introducersOf('stan', facts).map((l) => [l.id, l.via])).toEqual([
      ['ann', 'introduced-by'],
      ['bob', 'introduced-by'],
      ['stan', 'referrer'],
    ]);
  });
  it('falls back on the earliest referral when nobody is recorded as the introducer', () => {
    const facts = attributionFacts([person('ann'), person('cid'), person('stan')], [ref('cid', 'stan', '2026-02-01T00:00:00Z'), ref('ann', 'stan', '2026-01-01T00:00:00Z')]);
    expect(introducersOf('stan', facts).map((l) => l.id)).toEqual(['ann', 'stan']);
  });
  it('is cycle-safe: A named B and B named A', () => {
    const facts = attributionFacts([person('a', 'b'), person('b', 'a')], [ref('a', 'b'), ref('b', 'a')]);
    expect(introducersOf('a', facts).map((l) => l.id)).toEqual(['b', 'a']);
    const self = attributionFacts([person('x', 'x')], [ref('x', 'x')]);
    expect(introducersOf('x', self).map((l) => l.id)).toEqual(['x']);
  });
  it('stops at unknown people and at the limit', () => {
    expect(introducersOf('ghost', attributionFacts([], []))).toEqual([]);
    const chain = Array.from({ length: 40 }, (_, i) => person(`p${i}`, i > 0 ? `p${i - 1}` : null));
    expect(introducersOf('p39', attributionFacts(chain, []), 10)).toHaveLength(10);
  });
  it('attributes an opportunity to its referrer, else a referral to the organization, else who suggested the target', () => {
    const facts = attributionFacts([person('ann'), person('stan', 'ann'), person('sue')], [ref('sue', null, '2026-01-01T00:00:00Z', 'acme')]);
    expect(opportunityAttribution({ organizationId: 'acme', referrerContactId: 'stan' }, facts).map((l) => l.id)).toEqual(['ann', 'stan']);
    expect(opportunityAttribution({ organizationId: 'acme', referrerContactId: null }, facts).map((l) => [l.id, l.via])).toEqual([['sue', 'referral']]);
    expect(opportunityAttribution({ organizationId: 'globex', referrerContactId: null, targetSuggestedById: 'stan' }, facts).map((l) => [l.id, l.via])).toEqual([
      ['ann', 'introduced-by'],
      ['stan', 'suggested-target'],
    ]);
    expect(opportunityAttribution({ organizationId: 'globex', referrerContactId: null }, facts)).toEqual([]);
  });
  it('reads as a sentence', () => {
    expect(attributionSentence([{ displayName: 'Ann Lee' }, { displayName: 'Stan Fields' }], 'this interview')).toBe('Ann Lee → Stan Fields → this interview');
    expect(attributionSentence([], 'this interview')).toBe('Nobody recorded yet led to this interview');
  });
});
