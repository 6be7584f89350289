import { describe, expect, it } from 'vitest';
import { generatePeople, typoQueries } from '../../test/support/generators/people.generator.js';
import { SearchIndex, oneEditApart } from './search-index.js';
import { nameSortKey } from './text.js';

const person = (id: string, given: string, family: string, other = '') => ({ id, name: `${given} ${family}`, other, sortKey: nameSortKey(given, family) });

describe('contact search index', () => {
  const index = new SearchIndex([
    person('john', 'John', 'Smith', 'Northwind Analytics Staff Engineer'),
    person('jon', 'Jon', 'Smyth'),
    person('johnson', 'Ada', 'Johnson', 'Bluebird Labs'),
    person('jose', 'José', 'Núñez', 'jose.nunez@example.com Lisbon'),
    person('zoe', 'Zoë', 'Weiß'),
    person('marisol', 'Marisol', 'Castellanos', 'Kestrel Freight'),
  ]);
  const ids = (q: string, limit = 10) => index.search(q, { limit }).ids;

  it('finds a person despite one typo: a swap, a letter missing, a letter extra, a wrong letter', () => {
    expect(ids('jonh smith')).toContain('john');
    expect(ids('marisol castelanos')).toEqual(['marisol']);
    expect(ids('marisol casstellanos')).toEqual(['marisol']);
    expect(ids('marisol castellanis')).toEqual(['marisol']);
    expect(ids('jonh smth')).toContain('john');
  });

  it('matches the start of a word as it is typed, ignoring case and accents', () => {
    expect(ids('mari')).toEqual(['marisol']);
    expect(ids('JOSE NUN')).toEqual(['jose']);
    expect(ids('zoe weiss')).toEqual([]); // ß folds to itself, not to "ss"
    expect(ids('zoë wei')).toEqual(['zoe']);
    expect(ids('kestrel')).toEqual(['marisol']);
    expect(ids('lisbon')).toEqual(['jose']);
  });

  it('puts exact matches first, then prefixes, then typos, names before other words', () => {
    // "john": John (exact name) before Johnson (prefix), before Jon (a letter missing).
    expect(ids('john')).toEqual(['john', 'johnson', 'jon']);
    // "smith": Smith exact before Smyth (a wrong letter).
    expect(ids('smith')).toEqual(['john', 'jon']);
  });

  it('needs every word typed, and counts all matches', () => {
    expect(index.search('john smith', { limit: 1 })).toEqual({ ids: ['john'], total: 2 });
    expect(ids('john nobody')).toEqual([]);
    expect(ids('')).toEqual([]);
    expect(ids('%')).toEqual([]);
  });

  it('pages through the matches in order', () => {
    const all = index.search('j', { limit: 10 });
    expect(index.search('j', { offset: 1, limit: 2 }).ids).toEqual(all.ids.slice(1, 3));
  });

  it('follows additions, edits and removals', () => {
    const live = new SearchIndex([person('a', 'Ada', 'Lovelace')]);
    live.upsert([person('b', 'Grace', 'Hopper'), person('a', 'Ada', 'Byron')]);
    expect(live.search('lovelace').ids).toEqual([]);
    expect(live.search('byron').ids).toEqual(['a']);
    expect(live.search('hoper').ids).toEqual(['b']);
    live.remove(['b']);
    expect(live.search('hopper').ids).toEqual([]);
    expect(live.size).toBe(1);
  });

  it('keeps name order among equal matches after records are added, and after it compacts', () => {
    const people = Array.from({ length: 3000 }, (_, i) => person(`p${i}`, 'Kim', `Family${String(i).padStart(4, '0')}`));
    const live = new SearchIndex(people.slice(0, 1500));
    live.upsert(people.slice(1500).reverse());
    // Replacing most records leaves many removed ones behind: the index rebuilds itself.
    live.upsert(people.slice(0, 2000));
    const page = live.search('kim', { offset: 10, limit: 5 });
    expect(page.total).toBe(3000);
    expect(page.ids).toEqual(['p10', 'p11', 'p12', 'p13', 'p14']);
  });

  it('tells one edit apart from two', () => {
    expect(oneEditApart('jonh', 'john')).toBe(true);
    expect(oneEditApart('smth', 'smith')).toBe(true);
    expect(oneEditApart('smiith', 'smith')).toBe(true);
    expect(oneEditApart('smyth', 'smith')).toBe(true);
    expect(oneEditApart('smith', 'smith')).toBe(false);
    expect(oneEditApart('msiht', 'smith')).toBe(false);
    expect(oneEditApart('jon', 'jones')).toBe(false);
  });

  it('finds the person in the first ten results for at least 80% of one-typo queries (10,000 people)', () => {
    const people = generatePeople(10_000);
    const large = new SearchIndex(people.map((p, i) => person(String(i), p.givenName, p.familyName, [p.organizationName, p.title, p.email, p.location].filter(Boolean).join(' '))));
    const queries = typoQueries(people, 200);
    const found = queries.filter((q) => large.search(q.query, { limit: 10 }).ids.includes(String(q.person))).length;
    expect(found / queries.length).toBeGreaterThanOrEqual(0.8);
  });
});
