import { z } from 'zod';
import type {
  ContactFileFormat,
  ImportedContact,
  ImportProblem,
  ImportRow,
  ImportSkip,
  LabelledValue,
  ReadResult,
} from './contact-import.types.js';

/**
 * Field normalisers shared by every reader, so that a person imported from LinkedIn, Google,
 * Outlook or a vCard ends up with the same spelling of the same email, URL and dates — the
 * import service matches contacts on them.
 */

/** A field that could not be read; the record it belongs to becomes an ImportProblem. */
export interface FieldIssue {
  column: string;
  message: string;
  line?: number | undefined;
}

export const NO_IDENTITY = 'no name, email or organization';

/** Printable ASCII words separated by single spaces: nothing to trim, collapse or compose. */
const CLEAN_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** Trims, collapses runs of whitespace (tabs, NBSP, trailing spaces) and composes accents. */
export function cleanName(raw: string | null | undefined): string {
  const text = raw ?? '';
  // Most names, companies and titles are already clean; a file has 100,000 of them.
  if (CLEAN_ASCII.test(text)) return text;
  return text.replace(/\s+/gu, ' ').trim().normalize('NFC');
}

/** A single-line text field (organization, title): cleaned, and null when empty. */
export function cleanLine(raw: string | null | undefined): string | null {
  const value = cleanName(raw);
  return value === '' ? null : value;
}

/** Notes keep their line breaks; only the ends and the blank lines around them go. */
export function cleanNotes(raw: string | null | undefined): string | null {
  const value = (raw ?? '').replace(/\r\n?/g, '\n').trim().normalize('NFC');
  return value === '' ? null : value;
}

/** Joins location parts ("Berlin", "", "Germany") into "Berlin, Germany". */
export function joinLocation(parts: Array<string | null | undefined>): string | null {
  const kept: string[] = [];
  for (const part of parts) {
    const value = cleanName(part);
    if (value && !kept.includes(value)) kept.push(value);
  }
  return kept.length > 0 ? kept.join(', ') : null;
}

export function uniqueTags(tags: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanName(raw);
    const key = tag.toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      out.push(tag);
    }
  }
  return out;
}

/** A value read from a file before it is checked; `rank` orders primaries first (lower wins). */
export interface Candidate {
  value: string;
  label?: string | undefined;
  rank?: number | undefined;
}

// The same check the contact API applies (src/contracts/contact.schema.ts), so a row this
// reader accepts is a row the service accepts.
const emailSchema = z.email();

export function isEmail(value: string): boolean {
  return emailSchema.safeParse(value).success;
}

/** Lower-cased, de-duplicated, primary first; an address that is not an email is an issue. */
export function collectEmails(candidates: Candidate[], issues: FieldIssue[], column: string): LabelledValue[] {
  return collect(candidates, (raw) => {
    const value = raw.trim().replace(/^mailto:/i, '').toLowerCase();
    if (value === '') return null;
    if (value.length > 320 || !isEmail(value)) {
      issues.push({ column, message: `"${raw.trim()}" is not an email address` });
      return null;
    }
    return value;
  });
}

// Mirrors the phone rule of the contact API, after rewriting harmless variants that it
// would refuse: a tel: URI, "ext. 12" or ";ext=12".
const phonePattern = /^[+()\d][\d\s().\-/x#*]*$/i;

export function normalisePhone(raw: string): string {
  // Whitespace is collapsed first so that no pattern below ever meets a long run of it.
  return raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^tel:/i, '')
    .replace(/ ?(?:;ext=|\b(?:ext|extension)\.? ?)(\d+)$/i, ' x$1');
}

export function collectPhones(candidates: Candidate[], issues: FieldIssue[], column: string): LabelledValue[] {
  return collect(candidates, (raw) => {
    const value = normalisePhone(raw);
    if (value === '') return null;
    if (value.length > 40 || !phonePattern.test(value) || value.replace(/\D/g, '').length < 3) {
      issues.push({ column, message: `"${raw.trim()}" is not a phone number` });
      return null;
    }
    return value;
  });
}

function collect(candidates: Candidate[], clean: (raw: string) => string | null): LabelledValue[] {
  const cleaned: Array<Candidate & { order: number }> = [];
  candidates.forEach((c, order) => {
    const value = clean(c.value);
    if (value !== null) cleaned.push({ value, label: c.label, rank: c.rank, order });
  });
  if (cleaned.length > 1) cleaned.sort((a, b) => (a.rank ?? 100) - (b.rank ?? 100) || a.order - b.order);
  const seen = new Set<string>();
  const out: LabelledValue[] = [];
  for (const c of cleaned) {
    if (seen.has(c.value)) continue;
    seen.add(c.value);
    const label = normaliseLabel(c.label);
    out.push(label ? { value: c.value, label } : { value: c.value });
  }
  return out;
}

// Google writes "Mobile", Outlook columns say "Mobile Phone", vCard says TYPE=CELL: the
// usual labels are stored in one lower-case spelling; a label the user typed is kept as is.
const KNOWN_LABELS: Record<string, string> = {
  work: 'work',
  home: 'home',
  other: 'other',
  mobile: 'mobile',
  cell: 'mobile',
  iphone: 'mobile',
  main: 'main',
  fax: 'fax',
  'work fax': 'work fax',
  'home fax': 'home fax',
  pager: 'pager',
};

export function normaliseLabel(raw: string | undefined): string | undefined {
  const label = cleanName(raw);
  if (!label) return undefined;
  return KNOWN_LABELS[label.toLowerCase()] ?? label;
}

/**
 * The canonical LinkedIn profile URL, or null when the value is not a linkedin.com/in/
 * profile. The slug is decoded then re-encoded so that `%C3%A9`, `%c3%a9` and `é` give the
 * same URL, and lower-cased because LinkedIn treats vanity URLs case-insensitively.
 */
const CANONICAL_PROFILE = /^https:\/\/www\.linkedin\.com\/in\/[a-z0-9_-]+$/;

export function canonicalLinkedInUrl(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  // Nearly every URL in a LinkedIn export already has one of these shapes; skip the URL parser.
  if (CANONICAL_PROFILE.test(text)) return text;
  const simple = /^https:\/\/www\.linkedin\.com\/in\/([A-Za-z0-9_-]+)\/?$/.exec(text);
  if (simple) return `https://www.linkedin.com/in/${simple[1]!.toLowerCase()}`;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || !/(^|\.)linkedin\.com$/i.test(url.hostname)) return null;
  const match = /^\/in\/([^/]+)/.exec(url.pathname);
  if (!match?.[1]) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]).normalize('NFC').toLowerCase().trim();
  } catch {
    return null; // broken percent-encoding: not a URL anyone could open
  }
  return slug ? `https://www.linkedin.com/in/${encodeURIComponent(slug)}` : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_LABELS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthFromName(name: string): number | null {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

// Exports abbreviate years to two digits only in this century (LinkedIn 2018, Excel re-saves).
function fullYear(year: string): number {
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Reads the dates found in contact exports: `09 Oct 2024` (LinkedIn), `5-Jan-26` (Excel),
 * `1/8/18, 6:14 PM` (LinkedIn 2018, month first), `2024-10-09`, `12.04.1985` (German
 * Outlook). Returns ISO `YYYY-MM-DD`, or null when the text is not a real date.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?,?[ -](\d{2}|\d{4})$/.exec(text);
  if (m) return withMonthName(m[3]!, m[2]!, m[1]!);
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(text);
  if (m) return withMonthName(m[3]!, m[1]!, m[2]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?)?$/i.exec(text);
  if (m) {
    // LinkedIn and US Outlook write month first; a first number above 12 can only be a day.
    const [first, second] = [Number(m[1]), Number(m[2])];
    return first > 12 ? isoDate(fullYear(m[3]!), second, first) : isoDate(fullYear(m[3]!), first, second);
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(text);
  if (m) return isoDate(fullYear(m[3]!), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})(?:T[\d]+Z?)?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function withMonthName(year: string, monthName: string, day: string): string | null {
  const month = monthFromName(monthName);
  return month === null ? null : isoDate(fullYear(year), month, Number(day));
}

// Apple writes a birthday without a year as 1604 (a leap year before any living person).
const APPLE_NO_YEAR = 1604;

/**
 * A birthday as `YYYY-MM-DD`, or `--MM-DD` when the year is unknown. `undefined` means the
 * text is not a birthday; null means "no birthday" (empty, or Outlook's `0/0/00`).
 */
export function parseBirthday(raw: string, yearless = false): string | null | undefined {
  const text = raw.trim();
  if (text === '' || /^0+[/.]0+[/.]0+$/.test(text)) return null;
  const noYear = /^(?:--|0000-?)(\d{2})-?(\d{2})$/.exec(text);
  if (noYear) return monthDay(Number(noYear[1]), Number(noYear[2]));
  const iso = parseDate(text);
  if (!iso) return undefined;
  if (yearless || Number(iso.slice(0, 4)) === APPLE_NO_YEAR) return `--${iso.slice(5)}`;
  return iso;
}

function monthDay(month: number, day: number): string | undefined {
  // 2000 is a leap year, so --02-29 is accepted.
  return isoDate(2000, month, day) ? `--${pad(month)}-${pad(day)}` : undefined;
}

/** "Connected on LinkedIn on 9 Oct 2024" — written the way a person would say it. */
export function linkedInHowWeMet(connectedOn: string | null): string {
  if (!connectedOn) return 'Connected on LinkedIn';
  const [year, month, day] = connectedOn.split('-').map(Number);
  return `Connected on LinkedIn on ${day} ${MONTH_LABELS[(month ?? 1) - 1]} ${year}`;
}

export function emptyContact(): ImportedContact {
  return {
    givenName: '',
    familyName: '',
    emails: [],
    phones: [],
    linkedinUrl: null,
    organizationName: null,
    title: null,
    location: null,
    notes: null,
    howWeMet: null,
    connectedOn: null,
    birthday: null,
    tags: [],
  };
}

export function hasIdentity(contact: ImportedContact): boolean {
  return Boolean(contact.givenName || contact.familyName || contact.emails.length > 0 || contact.organizationName);
}

/** Splits "Ada Quill" into given and family name when a file only has a full name. */
export function splitFullName(fullName: string): { givenName: string; familyName: string } {
  const name = cleanName(fullName);
  const space = name.indexOf(' ');
  return space < 0 ? { givenName: name, familyName: '' } : { givenName: name.slice(0, space), familyName: name.slice(space + 1) };
}

/**
 * Collects rows, skips and problems for one file. A record with issues becomes problems
 * only, never a row, so the caller never sees a half-read contact.
 */
export class ReadResultBuilder {
  private readonly rows: ImportRow[] = [];
  private readonly skipped: ImportSkip[] = [];
  private readonly problems: ImportProblem[] = [];

  constructor(private readonly format: ContactFileFormat) {}

  problem(line: number, message: string, column?: string): void {
    this.problems.push(column === undefined ? { line, message } : { line, column, message });
  }

  addProblems(problems: ImportProblem[]): void {
    this.problems.push(...problems);
  }

  skip(line: number, reason: string): void {
    this.skipped.push({ line, reason });
  }

  accept(line: number, contact: ImportedContact, issues: FieldIssue[]): void {
    if (issues.length > 0) {
      for (const issue of issues) this.problem(issue.line ?? line, issue.message, issue.column);
    } else if (!hasIdentity(contact)) {
      this.skip(line, NO_IDENTITY);
    } else {
      this.rows.push({ line, contact });
    }
  }

  /** Reads one record; a bug in a reader costs that record, not the whole import. */
  guard(line: number, read: () => void): void {
    try {
      read();
    } catch (error) {
      this.problem(line, `This record could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  result(): ReadResult {
    const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
    return {
      format: this.format,
      rows: this.rows,
      skipped: this.skipped.sort(byLine),
      problems: this.problems.sort(byLine),
    };
  }
}
