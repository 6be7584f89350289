import { foldText } from './text.js';

/**
 * An in-memory index for searching people by what a person types: every word typed must match
 * a word of the record, exactly, as the start of a word (prefixes match as you type), or with
 * one typo (a letter missing, extra, wrong, or two neighbouring letters swapped: optimal string
 * alignment distance 1, for words of four letters or more). Case and accents fold
 * (`foldText`). A record has its name words and its other words (organization, title, email,
 * place); ranking puts records whose every word matched exactly first, then prefixes, then
 * typos, names before other words, and then by `sortKey` (family name, given name).
 *
 * Why written here rather than taken from a library: MiniSearch and Fuse.js score every record
 * that matches and then sort, which at 100,000 contacts is 10 to 1,000 ms for a short prefix
 * (measured in `npm run bench`); this index keeps only the best `offset + limit` while it
 * counts the matches, so a one-letter prefix over 100,000 people stays within a few
 * milliseconds. Typos are found through a table of one-letter deletions (as SymSpell does), so
 * a misspelt word costs a few hash lookups, not a scan of the vocabulary.
 */

/** A record as the index reads it. */
export interface SearchDocument {
  id: string;
  /** The words that name the record (a person's given and family names). */
  name: string;
  /** Every other word the record is found by. */
  other: string;
  /** Ties are ordered by this (the contact list's `sort_name`). */
  sortKey: string;
}

export interface SearchPage {
  /** Record ids, best first. */
  ids: string[];
  /** How many records match in all. */
  total: number;
}

/** How well a word typed matched a word of the record; larger is better. */
const NAME_EXACT = 6;
const NAME_PREFIX = 5;
const OTHER_EXACT = 4;
const OTHER_PREFIX = 3;
const NAME_TYPO = 2;
const OTHER_TYPO = 1;
/** Words typed beyond this many are ignored (the SQL search had the same cap). */
const MAX_TERMS = 8;
/** Typos are looked for in words of at least this many letters: shorter ones match too much. */
const MIN_TYPO_LENGTH = 4;
/** Letters a word may have and still be indexed for typos (a long token is an email or a URL). */
const MAX_TYPO_LENGTH = 24;

/** Folded words: letters and digits, in runs. */
export function searchWords(text: string): string[] {
  return foldedWords(foldText(text));
}

/** The words of a text already folded (a stored `search_text` or `sort_name`). */
function foldedWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

interface Postings {
  /** Internal numbers of the records with this word among their name words, and among the others. */
  name: number[];
  other: number[];
}

/** Every string obtained by deleting one character (by code point) from `word`. */
function deletions(word: string): string[] {
  const letters = [...word];
  const out = new Set<string>();
  for (let i = 0; i < letters.length; i += 1) out.add(letters.slice(0, i).join('') + letters.slice(i + 1).join(''));
  return [...out];
}

/** True when `a` and `b` differ by exactly one edit: insertion, deletion, substitution or swap of neighbours. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i += 1;
  if (x.length === y.length) {
    const restEqual = (from: number) => x.slice(from).join('') === y.slice(from).join('');
    if (restEqual(i + 1)) return true; // substitution
    return x[i] === y[i + 1] && x[i + 1] === y[i] && restEqual(i + 2); // neighbours swapped
  }
  const [longer, shorter] = x.length > y.length ? [x, y] : [y, x];
  return longer.slice(i + 1).join('') === shorter.slice(i).join('');
}

export class SearchIndex {
  private ids: string[] = [];
  private sortKeys: string[] = [];
  /** Each record's place in `sortKey` order; a record added later gets a place between its neighbours. */
  private rank: number[] = [];
  /** Internal numbers in `sortKey` order (removed ones included until the next rebuild). */
  private order: number[] = [];
  private alive = new Uint8Array(1024);
  private numberOf = new Map<string, number>();
  private words = new Map<string, Postings>();
  /** Every word, sorted, for prefix lookups. */
  private sorted: string[] = [];
  /** One-letter deletions of each word long enough for typos, to the words they come from. */
  private deleted = new Map<string, string[]>();
  private dead = 0;

  /** The words of a record's texts: folded here, unless the caller says they already are (`foldText`). */
  private readonly wordsOf: (text: string) => string[];

  constructor(documents: Iterable<SearchDocument> = [], options: { folded?: boolean } = {}) {
    this.wordsOf = options.folded ? foldedWords : searchWords;
    this.build(documents);
  }

  private build(documents: Iterable<SearchDocument>): void {
    this.ids = [];
    this.sortKeys = [];
    this.numberOf = new Map();
    this.words = new Map();
    this.deleted = new Map();
    this.dead = 0;
    const fresh: string[] = [];
    for (const doc of documents) this.add(doc, fresh);
    this.alive = new Uint8Array(Math.max(1024, this.ids.length * 2)).fill(1, 0, this.ids.length);
    this.sorted = fresh.sort();
    this.order = this.ids.map((_, n) => n).sort((a, b) => compareKeys(this.sortKeys, a, b));
    this.renumber();
  }

  private renumber(): void {
    this.rank = new Array<number>(this.ids.length);
    this.order.forEach((n, place) => (this.rank[n] = place));
  }

  /** How many records the index holds. */
  get size(): number {
    return this.numberOf.size;
  }

  has(id: string): boolean {
    return this.numberOf.has(id);
  }

  /** Adds or replaces records. */
  upsert(documents: Iterable<SearchDocument>): void {
    const fresh: string[] = [];
    for (const doc of documents) {
      this.remove([doc.id]);
      const n = this.add(doc, fresh);
      if (n >= this.alive.length) {
        const grown = new Uint8Array(this.alive.length * 2);
        grown.set(this.alive);
        this.alive = grown;
      }
      this.alive[n] = 1;
      // Its place in name order: between its neighbours (renumbering all when no room is left between them).
      const at = lowerBoundBy(this.order, (m) => compareKeys(this.sortKeys, m, n) < 0);
      this.order.splice(at, 0, n);
      const before = at > 0 ? (this.rank[this.order[at - 1] ?? 0] ?? 0) : -1;
      const after = at + 1 < this.order.length ? (this.rank[this.order[at + 1] ?? 0] ?? 0) : before + 2;
      const place = (before + after) / 2;
      if (place > before && place < after) this.rank[n] = place;
      else this.renumber();
    }
    for (const word of fresh) this.sorted.splice(lowerBound(this.sorted, word), 0, word);
    this.compactIfNeeded();
  }

  /** Removes records (ids it does not hold are ignored). */
  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const n = this.numberOf.get(id);
      if (n === undefined) continue;
      this.numberOf.delete(id);
      this.alive[n] = 0;
      this.dead += 1;
    }
  }

  private add(doc: SearchDocument, fresh: string[]): number {
    const n = this.ids.length;
    this.ids.push(doc.id);
    this.sortKeys.push(doc.sortKey);
    this.numberOf.set(doc.id, n);
    const nameWords = new Set(this.wordsOf(doc.name));
    for (const word of nameWords) this.post(word, n, 'name', fresh);
    for (const word of new Set(this.wordsOf(doc.other))) if (!nameWords.has(word)) this.post(word, n, 'other', fresh);
    return n;
  }

  private post(word: string, n: number, field: keyof Postings, fresh: string[]): void {
    let postings = this.words.get(word);
    if (!postings) {
      postings = { name: [], other: [] };
      this.words.set(word, postings);
      fresh.push(word);
      const length = [...word].length;
      if (length >= MIN_TYPO_LENGTH && length <= MAX_TYPO_LENGTH && !/\d/.test(word)) {
        for (const d of deletions(word)) {
          const list = this.deleted.get(d);
          if (list) list.push(word);
          else this.deleted.set(d, [word]);
        }
      }
    }
    postings[field].push(n);
  }

  /** Postings keep removed records until they are a quarter of the live ones: then the index is built again from what it holds. */
  private compactIfNeeded(): void {
    if (this.dead < 1000 || this.dead * 4 < this.numberOf.size) return;
    const nameOf = new Map<number, string[]>();
    const otherOf = new Map<number, string[]>();
    const push = (map: Map<number, string[]>, n: number, word: string) => {
      const list = map.get(n);
      if (list) list.push(word);
      else map.set(n, [word]);
    };
    for (const [word, postings] of this.words) {
      for (const n of postings.name) if (this.alive[n] === 1) push(nameOf, n, word);
      for (const n of postings.other) if (this.alive[n] === 1) push(otherOf, n, word);
    }
    const live = [...this.numberOf.entries()];
    const sortKeys = this.sortKeys;
    this.build(live.map(([id, n]) => ({ id, name: (nameOf.get(n) ?? []).join(' '), other: (otherOf.get(n) ?? []).join(' '), sortKey: sortKeys[n] ?? '' })));
  }

  /**
   * The records matching `query`, best first: `total` counts them all, `ids` holds those from
   * `offset` to `offset + limit`. An empty query matches nothing (the caller lists instead).
   */
  search(query: string, { offset = 0, limit = 10 }: { offset?: number; limit?: number } = {}): SearchPage {
    const terms = [...new Set(searchWords(query))].slice(0, MAX_TERMS);
    if (terms.length === 0) return { ids: [], total: 0 };
    const count = this.ids.length;
    // The quality of each record's best match, per term; the term with the fewest postings leads.
    const perTerm = terms.map((term) => this.matches(term, count));
    perTerm.sort((a, b) => a.postings - b.postings);
    const lead = perTerm[0];
    if (!lead || lead.postings === 0) return { ids: [], total: 0 };
    const rest = perTerm.slice(1).map((t) => t.quality);
    const best = new TopK(offset + limit);
    const alive = this.alive;
    const rank = this.rank;
    const leadQuality = lead.quality;
    // Scores are at most 8 × 6 = 48: a larger score makes a smaller key, and so does a lower rank.
    const span = this.ids.length + 1;
    let total = 0;
    const seen = new Uint8Array(count);
    for (const list of lead.lists) {
      for (const n of list) {
        if (seen[n] === 1 || alive[n] !== 1) continue;
        seen[n] = 1;
        let score = leadQuality[n] ?? 0;
        for (const quality of rest) {
          const q = quality[n] ?? 0;
          if (q === 0) {
            score = -1;
            break;
          }
          score += q;
        }
        if (score < 0) continue;
        total += 1;
        best.offer(n, (64 - score) * span + (rank[n] ?? 0));
      }
    }
    return { ids: best.numbers().slice(offset).map((n) => this.ids[n] ?? ''), total };
  }

  /** The best quality per record for one typed word, and the posting lists that have them. */
  private matches(term: string, count: number): { quality: Uint8Array; lists: number[][]; postings: number } {
    const quality = new Uint8Array(count);
    const lists: number[][] = [];
    let postings = 0;
    const mark = (word: string, nameValue: number, otherValue: number) => {
      const p = this.words.get(word);
      if (!p) return;
      for (const [list, value] of [[p.name, nameValue], [p.other, otherValue]] as const) {
        if (list.length === 0) continue;
        lists.push(list);
        postings += list.length;
        for (const n of list) if ((quality[n] ?? 0) < value) quality[n] = value;
      }
    };
    mark(term, NAME_EXACT, OTHER_EXACT);
    for (let i = lowerBound(this.sorted, term); i < this.sorted.length; i += 1) {
      const word = this.sorted[i] ?? '';
      if (!word.startsWith(term)) break;
      if (word !== term) mark(word, NAME_PREFIX, OTHER_PREFIX);
    }
    const length = [...term].length;
    if (length >= MIN_TYPO_LENGTH - 1) {
      const near = new Set<string>();
      // A letter missing from what was typed: the word is one of those it is a deletion of
      // (three letters typed may be a four-letter word missing one: "jon", "john").
      for (const w of this.deleted.get(term) ?? []) near.add(w);
      if (length >= MIN_TYPO_LENGTH) {
        for (const d of deletions(term)) {
          // A letter extra: deleting it gives the word. Wrong or swapped: both lose one letter to the same string.
          if (this.words.has(d)) near.add(d);
          for (const w of this.deleted.get(d) ?? []) near.add(w);
        }
      }
      for (const word of near) if (!word.startsWith(term) && oneEditApart(term, word)) mark(word, NAME_TYPO, OTHER_TYPO);
    }
    return { quality, lists, postings };
  }
}

function compareKeys(keys: readonly string[], a: number, b: number): number {
  const ka = keys[a] ?? '';
  const kb = keys[b] ?? '';
  return ka < kb ? -1 : ka > kb ? 1 : a - b;
}

function lowerBound(sorted: readonly string[], value: string): number {
  return lowerBoundBy(sorted, (s) => s < value);
}

/** The first index whose element is not `below`. */
function lowerBoundBy<T>(sorted: readonly T[], below: (item: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(sorted[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The `k` smallest keys offered, with their records: a bounded sorted array, so that a record worse than the k-th costs one comparison. */
class TopK {
  private readonly keys: number[] = [];
  private readonly records: number[] = [];
  constructor(private readonly k: number) {}

  offer(n: number, key: number): void {
    const size = this.keys.length;
    if (size >= this.k && key >= (this.keys[size - 1] ?? Infinity)) return;
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] ?? Infinity) < key) lo = mid + 1;
      else hi = mid;
    }
    this.keys.splice(lo, 0, key);
    this.records.splice(lo, 0, n);
    if (this.keys.length > this.k) {
      this.keys.pop();
      this.records.pop();
    }
  }

  numbers(): number[] {
    return this.records;
  }
}
