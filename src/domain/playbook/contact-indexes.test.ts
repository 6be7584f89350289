import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedContacts, indexContacts } from './contact-indexes.js';
import type { PContact } from './playbook.types.js';

const contact = (id: string, organizationId: string | null, name = id): PContact => ({ id, displayName: name, firstName: name, organizationId, cadence: null, createdAt: '2026-01-01T00:00:00.000Z', lastInteractionAt: null });

/** What the context would see: the lists by organization as arrays of ids. */
const shape = (ix: { contactIndex: ReadonlyMap<string, number>; contactsByOrganization: ReadonlyMap<string, readonly PContact[]> }) => ({
  positions: [...ix.contactIndex].sort(([a], [b]) => (a < b ? -1 : 1)),
  organizations: [...ix.contactsByOrganization].map(([org, list]) => [org, list.map((c) => `${c.id}/${c.displayName}`)] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
});

describe('contact indexes kept up to date contact by contact', () => {
  it('equal the indexes built afresh from the same list, after any edits, moves and additions', () => {
    const organizations = fc.constantFrom(null, 'acme', 'globex', 'initech');
    const step = fc.record({ id: fc.integer({ min: 0, max: 30 }), organizationId: organizations, rename: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.record({ organizationId: organizations }), { maxLength: 20 }), fc.array(step, { maxLength: 60 }), (start, steps) => {
        const indexed = new IndexedContacts(start.map((s, i) => contact(`c${i}`, s.organizationId)));
        steps.forEach((s, n) => {
          const known = indexed.list.find((c) => c.id === `c${s.id}`);
          indexed.set(contact(`c${s.id}`, s.organizationId, s.rename || !known ? `c${s.id} v${n}` : known.displayName));
        });
        expect(shape(indexed)).toEqual(shape(indexContacts(indexed.list)));
        // The same objects, not copies: the rules compare records by identity.
        for (const list of indexed.contactsByOrganization.values()) for (const c of list) expect(indexed.list[indexed.contactIndex.get(c.id)!]).toBe(c);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a moved contact in list order at its new organization', () => {
    const indexed = new IndexedContacts([contact('a', 'acme'), contact('b', 'globex'), contact('c', 'acme'), contact('d', 'globex')]);
    indexed.set(contact('c', 'globex'));
    expect(indexed.contactsByOrganization.get('globex')?.map((c) => c.id)).toEqual(['b', 'c', 'd']);
    indexed.set(contact('a', null));
    expect(indexed.contactsByOrganization.has('acme')).toBe(false);
  });
});
