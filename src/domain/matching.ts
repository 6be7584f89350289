import { foldText } from './text.js';

/**
 * Deduplication of contacts: which record of the workspace (or earlier row of the same file)
 * an imported person is, and what an import may add to it. Pure: the import service loads the
 * workspace's identity columns once and hands them here, so 30,000 rows are matched with Map
 * lookups instead of 30,000 queries.
 *
 * Order of evidence: LinkedIn profile URL, then email, then name plus organization (folded:
 * case, accents, punctuation and whitespace do not count; "Bob" is "Robert").
 */

/** Groups of given names that are the same person's name: the first is the full form. */
const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'betsy'],
  ['katherine', 'kate', 'katie', 'kathy', 'kat', 'kit', 'catherine', 'kathryn'],
  ['michael', 'mike', 'mikey', 'mick', 'mickey'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['david', 'dave', 'davey'],
  ['thomas', 'tom', 'tommy'],
  ['alexander', 'alex', 'al', 'xander', 'sasha'],
  ['alexandra', 'alex', 'lexi', 'sasha', 'sandra'],
  ['richard', 'rick', 'ricky', 'rich', 'dick'],
  ['joseph', 'joe', 'joey'],
  ['charles', 'charlie', 'chuck', 'chaz'],
  ['christopher', 'chris', 'topher'],
  ['christina', 'chris', 'christine', 'tina', 'chrissy'],
  ['daniel', 'dan', 'danny'],
  ['matthew', 'matt'],
  ['anthony', 'tony'],
  ['andrew', 'andy', 'drew'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['jonathan', 'jon', 'jonny'],
  ['nicholas', 'nick', 'nicky'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammy'],
  ['benjamin', 'ben', 'benny'],
  ['stephen', 'steve', 'steven', 'stevie'],
  ['patrick', 'pat', 'paddy'],
  ['patricia', 'pat', 'patty', 'trish'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['jennifer', 'jen', 'jenny'],
  ['rebecca', 'becky', 'becca'],
  ['deborah', 'deb', 'debbie'],
  ['susan', 'sue', 'susie'],
  ['victoria', 'vicky', 'tori'],
  ['gregory', 'greg'],
  ['timothy', 'tim', 'timmy'],
  ['kenneth', 'ken', 'kenny'],
  ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donnie'],
  ['lawrence', 'larry'],
  ['jeffrey', 'jeff'],
  ['peter', 'pete'],
  ['frederick', 'fred', 'freddie'],
  ['abigail', 'abby'],
  ['jacqueline', 'jackie'],
  ['john', 'jack', 'johnny'],
];

const NICKNAMES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of NICKNAME_GROUPS) {
    const full = group[0]!;
    for (const name of group) {
      const list = map.get(name) ?? [];
      if (!list.includes(full)) list.push(full);
      map.set(name, list);
    }
  }
  return map;
})();

/**
 * Names, given names and companies repeat thousands of times in a 30,000-row file; folding
 * (Unicode normalisation, regular expressions) is the costly part of matching, so each
 * distinct value is folded once. Bounded: cleared when it grows past a large file's worth.
 * One map per kind of folding, so that a lookup hashes the value itself instead of building
 * a new kind + value string each time.
 */
const MEMO_LIMIT = 200_000;

function memo(compute: (v: string) => string): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let result = cache.get(value);
    if (result === undefined) {
      if (cache.size >= MEMO_LIMIT) cache.clear();
      result = compute(value);
      cache.set(value, result);
    }
    return result;
  };
}

const computeNameText = (value: string) =>
  foldText(value)
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();

const nameTextOnce = memo(computeNameText);

/** Folded text without punctuation or symbols (emoji, flags, apostrophes): what a name is made of. */
export function nameText(value: string | null | undefined): string {
  if (!value) return '';
  return nameTextOnce(value);
}

/** foldText, once per distinct value. */
export const foldOnce: (value: string) => string = memo(foldText);

/**
 * The full forms a given name may stand for: "bob" → ["robert"], "alex" → ["alexander",
 * "alexandra"], "robert" → ["robert"], "Zoë" → ["zoe"]. Two given names are the same when
 * their lists share a form, so Alex matches Alexander but Alexander never matches Alexandra.
 */
export function givenNameForms(givenName: string): readonly string[] {
  const name = nameText(givenName);
  return NICKNAMES.get(name) ?? [name];
}

/** True when two given names may be the same person's (equal, or nickname and full form). */
export function sameGivenName(a: string, b: string): boolean {
  const forms = givenNameForms(b);
  return givenNameForms(a).some((f) => forms.includes(f));
}

const SIMPLE_PROFILE = /^https:\/\/www\.linkedin\.com\/in\/[a-z0-9_-]+$/;

/**
 * A LinkedIn profile URL as a comparison key: the profile path, decoded, lower case, without
 * scheme, host variant (www., uk.), query or trailing slash — so the URL a user typed and the
 * one an export carries match.
 */
export function linkedinKey(url: string | null | undefined): string | null {
  if (!url) return null;
  // What nearly every URL of an import looks like (the readers make them canonical).
  if (SIMPLE_PROFILE.test(url)) return url.slice('https://www.linkedin.com/'.length);
  // Percent-encoded slugs (every non-Latin name): decoded once, whether found or added.
  return linkedinKeyOnce(url) || null;
}

const linkedinKeyOnce = memo(computeLinkedinKey);

function computeLinkedinKey(url: string): string {
  let text = url.trim().toLowerCase();
  const at = text.indexOf('linkedin.com/');
  if (at < 0) return '';
  text = text.slice(at + 'linkedin.com/'.length).split(/[?#]/)[0] ?? '';
  text = text.replace(/\/+$/, '');
  try {
    text = decodeURIComponent(text);
  } catch {
    // A broken escape stays as typed: it still equals itself.
  }
  return text.normalize('NFC');
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Digits only: "+44 20 7946 0958" and "+44 (20) 7946-0958" are one number. */
export function phoneKey(phone: string): string {
  return phone.replace(/[^\d]/g, '');
}

export function tagKey(tag: string): string {
  return foldOnce(tag);
}

export function organizationKey(name: string | null | undefined): string {
  return name ? foldOnce(name) : '';
}

/** Keys under which a person is found by name: one per full form of the given name. */
export function nameKeys(givenName: string, familyName: string, organizationName: string | null): string[] {
  const family = nameText(familyName);
  const given = nameText(givenName);
  if (!family && !given) return [];
  const org = organizationKey(organizationName);
  const forms = given ? givenNameForms(given) : [''];
  return forms.map((form) => `${form}\u0001${family}\u0001${org}`);
}

export interface LabelledValue {
  value: string;
  label?: string | undefined;
}

/** The fields of a person that matching reads and an import may fill. */
export interface ContactDraft {
  givenName: string;
  familyName: string;
  emails: LabelledValue[];
  phones: LabelledValue[];
  linkedinUrl: string | null;
  organizationName: string | null;
  /** The name as the person writes it, when it is more than given + family name (vCard FN). */
  fullName?: string | null | undefined;
  department?: string | null | undefined;
  title: string | null;
  location: string | null;
  notes: string | null;
  howWeMet: string | null;
  tags: string[];
  /** The name is a stand-in (an email or organization, for a card without a name): a real name may replace it. */
  placeholderName?: boolean | undefined;
}

export type FillableField =
  | 'givenName'
  | 'familyName'
  | 'fullName'
  | 'emails'
  | 'phones'
  | 'linkedinUrl'
  | 'organizationName'
  | 'department'
  | 'title'
  | 'location'
  | 'notes'
  | 'howWeMet'
  | 'tags';

/** At most this many emails and phones per contact (the contact contract's limits). */
export const MAX_VALUES = 20;
export const MAX_TAGS = 50;

const SINGLE_FIELDS = ['fullName', 'linkedinUrl', 'organizationName', 'department', 'title', 'location', 'notes', 'howWeMet'] as const;

/**
 * Fills `target`'s empty fields from `incoming`, in place, and returns the fields it changed.
 * Never overwrites a value: a name, title or organization already there stays; new emails and
 * phones are added after the existing ones; tags are a union.
 */
export function fillEmpty(target: ContactDraft, incoming: ContactDraft): FillableField[] {
  const changed: FillableField[] = [];
  const nameless = target.placeholderName || (!target.givenName && !target.familyName);
  if (nameless && !incoming.placeholderName && (incoming.givenName || incoming.familyName)) {
    // A person known without a name (an email-only card) takes the whole name at once, so a
    // given name from one row and a family name from another never make up a stranger.
    if (incoming.givenName !== target.givenName) changed.push('givenName');
    if (incoming.familyName !== target.familyName) changed.push('familyName');
    target.givenName = incoming.givenName;
    target.familyName = incoming.familyName;
    target.placeholderName = false;
  }
  if (addDistinct(target.emails, incoming.emails, (e) => emailKey(e.value), (e) => ({ ...e }), MAX_VALUES)) changed.push('emails');
  if (addDistinct(target.phones, incoming.phones, (p) => phoneKey(p.value), (p) => ({ ...p }), MAX_VALUES)) changed.push('phones');
  for (const field of SINGLE_FIELDS) {
    if (!target[field] && incoming[field]) {
      target[field] = incoming[field];
      changed.push(field);
    }
  }
  if (addDistinct(target.tags, incoming.tags, (t) => tagKey(t) || null, (t) => t.trim(), MAX_TAGS)) changed.push('tags');
  return changed;
}

/**
 * Appends to `into` (up to `max` values) the values of `from` whose key is not there yet (a
 * null key is never added); true when it added any. The key set is built only when there is
 * something to add: re-importing a file adds nothing, 30,000 times.
 */
function addDistinct<T>(into: T[], from: readonly T[], key: (value: T) => string | null, copy: (value: T) => T, max: number): boolean {
  if (from.length === 0) return false;
  const seen = new Set(into.map(key));
  let added = false;
  for (const value of from) {
    const k = key(value);
    if (k !== null && !seen.has(k) && into.length < max) {
      seen.add(k);
      into.push(copy(value));
      added = true;
    }
  }
  return added;
}

export type MatchedBy = 'linkedin' | 'email' | 'name';

/** A person known to the matcher: a contact already stored, or one an earlier row will create. */
export interface MatchTarget {
  /** The stored contact's id; undefined for a contact the import will create. */
  id?: string | undefined;
  deleted: boolean;
  draft: ContactDraft;
}

/**
 * In-memory indexes of people by LinkedIn URL, email and name + organization. Every target is
 * added once and re-indexed when an import fills new identifying fields (an email learned from
 * one row finds the same person in a later row).
 *
 * Folding names is the costly part, so the name index is built only when a lookup by name
 * needs it, and a person with a LinkedIn URL needs it only while someone is known without one
 * (two profiles are two people): importing or re-importing a LinkedIn file finds or adds
 * everyone by URL and never folds 30,000 names. Name keys given meanwhile are indexed at the
 * next lookup by name, in the order they were given, so the index a lookup sees is the one
 * it would have seen had each been indexed at once.
 */
export class ContactMatcher<T extends MatchTarget> {
  private readonly byUrl = new Map<string, T>();
  private readonly byEmail = new Map<string, T>();
  private readonly byName = new Map<string, T[]>();
  /** Name keys given to `add`, not indexed yet (a function: keys not computed yet either). */
  private unindexed: Array<{ target: T; keys: readonly string[] | (() => readonly string[]) }> = [];
  /** Targets added without name keys: indexed by their drafts as they are at the next lookup by name. */
  private pendingNames: T[] = [];
  /** Targets known without a LinkedIn URL: the only ones a person with a URL may match by name. */
  private readonly withoutUrl = new Set<T>();

  /**
   * `names`: the target's name keys when the caller has them, or a function computing them
   * (called only if a lookup by name comes to need them).
   */
  add(target: T, names?: readonly string[] | (() => readonly string[])): void {
    const d = target.draft;
    const url = linkedinKey(d.linkedinUrl);
    if (url && !this.byUrl.has(url)) this.byUrl.set(url, target);
    if (!url) this.withoutUrl.add(target);
    else if (this.withoutUrl.size > 0) this.withoutUrl.delete(target);
    for (const email of d.emails) {
      const key = emailKey(email.value);
      if (!this.byEmail.has(key)) this.byEmail.set(key, target);
    }
    if (names) this.unindexed.push({ target, keys: names });
    else this.pendingNames.push(target);
  }

  private indexNames(target: T, keys: readonly string[]): void {
    for (const key of keys) {
      const list = this.byName.get(key);
      if (!list) this.byName.set(key, [target]);
      else if (!list.includes(target)) list.push(target);
    }
  }

  /**
   * The person `incoming` is, if any: by URL, then email, then name + organization.
   * `names` computes the incoming name keys (once; the caller may reuse them).
   */
  find(incoming: ContactDraft, names: () => readonly string[] = () => draftNameKeys(incoming)): { target: T; by: MatchedBy } | undefined {
    const url = linkedinKey(incoming.linkedinUrl);
    if (url) {
      const hit = this.byUrl.get(url);
      if (hit) return { target: hit, by: 'linkedin' };
    }
    for (const email of incoming.emails) {
      const hit = this.byEmail.get(emailKey(email.value));
      if (hit) return { target: hit, by: 'email' };
    }
    // Everyone known by a URL, and this URL not among them: no one to find by name (see the
    // loop below). Targets added without keys are still indexed at the lookup that would have
    // indexed them, so that the lists keep their order.
    if (url && this.withoutUrl.size === 0 && this.pendingNames.length === 0) return undefined;
    const keys = names();
    if (keys.length === 0) return undefined;
    for (const { target, keys: given } of this.unindexed) this.indexNames(target, typeof given === 'function' ? given() : given);
    this.unindexed = [];
    for (const target of this.pendingNames) this.indexNames(target, draftNameKeys(target.draft));
    this.pendingNames = [];
    for (const key of keys) {
      for (const candidate of this.byName.get(key) ?? []) {
        // Two different LinkedIn profiles are two people, however alike their names.
        const theirs = linkedinKey(candidate.draft.linkedinUrl);
        if (url && theirs && theirs !== url) continue;
        return { target: candidate, by: 'name' };
      }
    }
    return undefined;
  }
}

function draftNameKeys(d: ContactDraft): string[] {
  return nameKeys(d.givenName, d.familyName, d.organizationName);
}

export interface PlanRow {
  line: number;
  contact: ContactDraft;
}

export interface PlannedContact<T extends MatchTarget> {
  target: T;
  /** The first line of the file that named this person. */
  line: number;
  matchedBy?: MatchedBy | undefined;
  /** For a stored contact: what the import fills in (empty: it changes nothing). */
  changed: Set<FillableField>;
}

export interface ImportPlan<T extends MatchTarget> {
  creates: PlannedContact<T>[];
  /** Stored contacts named in the file, in file order; `changed` says what the import fills. */
  matches: PlannedContact<T>[];
  /** Rows that repeat a person named earlier in the same file (merged into that person). */
  duplicates: Array<{ line: number; firstLine: number }>;
  /** Rows naming a contact the user deleted (history kept): the import does not bring them back. */
  deleted: Array<{ line: number; id: string }>;
}

/**
 * Decides, for each row in file order, whether it is a new person, a stored contact (filling
 * its empty fields) or a repeat of an earlier row (merged into it). `existing` is consumed:
 * its drafts are filled in place, so the caller should pass copies. `newTarget` is given a
 * row's own draft (read it, do not change it); the plan copies it before filling it.
 */
export function planImport<T extends MatchTarget>(existing: Iterable<T>, rows: Iterable<PlanRow>, newTarget: (draft: ContactDraft) => T): ImportPlan<T> {
  const matcher = new ContactMatcher<T>();
  for (const target of existing) matcher.add(target);
  const planned = new Map<T, PlannedContact<T>>();
  // A new person's draft is the row's own until a later row of the file fills it: copied then
  // (rarely), not for every row, so that planning leaves `rows` as it found them.
  const borrowed = new Set<T>();
  const plan: ImportPlan<T> = { creates: [], matches: [], duplicates: [], deleted: [] };
  for (const row of rows) {
    let names: string[] | undefined;
    const hit = matcher.find(row.contact, () => (names ??= draftNameKeys(row.contact)));
    if (!hit) {
      const target = newTarget(row.contact);
      borrowed.add(target);
      const entry: PlannedContact<T> = { target, line: row.line, changed: new Set() };
      planned.set(target, entry);
      plan.creates.push(entry);
      // The row's draft is never changed (see `borrowed`): its keys can wait until a lookup needs them.
      matcher.add(target, names ?? (() => draftNameKeys(row.contact)));
      continue;
    }
    const { target, by } = hit;
    if (target.deleted && target.id) {
      plan.deleted.push({ line: row.line, id: target.id });
      continue;
    }
    let entry = planned.get(target);
    if (entry) {
      plan.duplicates.push({ line: row.line, firstLine: entry.line });
    } else {
      entry = { target, line: row.line, matchedBy: by, changed: new Set() };
      planned.set(target, entry);
      plan.matches.push(entry);
    }
    if (borrowed.delete(target)) target.draft = cloneDraft(target.draft);
    const changed = fillEmpty(target.draft, row.contact);
    if (changed.length > 0) {
      for (const field of changed) entry.changed.add(field);
      matcher.add(target, draftNameKeys(target.draft));
    }
  }
  return plan;
}

export function cloneDraft(d: ContactDraft): ContactDraft {
  return {
    ...d,
    emails: d.emails.map((e) => ({ ...e })),
    phones: d.phones.map((p) => ({ ...p })),
    tags: [...d.tags],
  };
}

/** A stored contact as the entry check reads it. */
export interface EntryCandidate extends MatchTarget {
  id: string;
}

/**
 * The stored person a contact being added by hand already is, with the same evidence and order
 * as an import (LinkedIn profile, then email, then name and organization): so "Add contact"
 * and an import agree on who is the same person. `candidates` are the live contacts that share
 * an email, a profile or the organization (the repository narrows them); deleted ones are
 * never offered.
 */
export function findSamePerson<T extends EntryCandidate>(incoming: ContactDraft, candidates: Iterable<T>): { target: T; by: MatchedBy } | undefined {
  const matcher = new ContactMatcher<T>();
  for (const c of candidates) if (!c.deleted) matcher.add(c);
  return matcher.find(incoming);
}
