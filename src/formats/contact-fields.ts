import { z } from 'zod';
import { textProblem } from '../contracts/common.schema.js';
import { IMPORT_MAX_RECORDS } from '../contracts/transfer.schema.js';
import type {
  ContactFileFormat,
  ContactSink,
  ImportedContact,
  ImportRow,
  ImportSkip,
  ImportWarning,
  LabelledValue,
  ReadOptions,
  ReadResult,
} from './contact-import.types.js';

/**
 * Field normalisers shared by every reader, so that a person imported from LinkedIn, Google,
 * Outlook or a vCard ends up with the same spelling of the same email, URL and dates — the
 * import service matches contacts on them.
 */

/** A value that could not be read; it becomes a warning and the value is left out. */
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
      issues.push({ column, message: `"${shown(raw)}" is not an email address; left out` });
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
      issues.push({ column, message: `"${shown(raw)}" is not a phone number; left out` });
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
 * The contact contract's limits (contracts/contact.schema.ts), so that a row a reader returns
 * is a row the contact API would accept. A value over a limit is left out with a warning,
 * never cut silently.
 */
export const CONTACT_LIMITS = {
  name: 100,
  line: 200,
  notes: 20_000,
  howWeMet: 1_000,
  email: 320,
  label: 40,
  phone: 40,
  tag: 50,
  linkedinUrl: 2_000,
  values: 20,
  tags: 50,
} as const;

// C0 controls and DEL, except tab, line feed and carriage return (notes have line breaks).
// PostgreSQL refuses NUL in text, and no control character belongs in a contact: a damaged file.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A value as a warning quotes it: one line, at most 60 characters, control characters shown
 * as U+FFFD so that a hostile file cannot move a terminal's cursor through the CLI's output.
 */
export function shown(raw: string): string {
  const text = raw.trim().replace(CONTROLS, '\uFFFD');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function badText(value: string, max: number): string | null {
  if (value.length > max) return `longer than ${max.toLocaleString('en')} characters`;
  const control = CONTROL.exec(value);
  if (control) return `contains the control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
  // The shared text rule: a UTF-16 file can hold half a character (a lone surrogate).
  return textProblem(value);
}

/**
 * Leaves out every value of the contact the contact contract would refuse, with a warning
 * each: a bad value costs only that value.
 */
export function keepValidValues(contact: ImportedContact, line: number, warnings: ImportWarning[]): void {
  const warn = (field: string, message: string) => warnings.push({ line, field, message });
  const text = <K extends 'givenName' | 'familyName'>(key: K, field: string, max: number) => {
    const problem = badText(contact[key], max);
    if (problem) {
      warn(field, `${problem}; left out`);
      contact[key] = '';
    }
  };
  const nullable = <K extends 'organizationName' | 'title' | 'location' | 'notes' | 'howWeMet' | 'linkedinUrl'>(key: K, field: string, max: number) => {
    const value = contact[key];
    const problem = value ? badText(value, max) : null;
    if (problem) {
      warn(field, `${problem}; left out`);
      contact[key] = null;
    }
  };
  text('givenName', 'first name', CONTACT_LIMITS.name);
  text('familyName', 'last name', CONTACT_LIMITS.name);
  if (contact.middleName && badText(contact.middleName, CONTACT_LIMITS.name)) {
    warn('middle name', `${badText(contact.middleName, CONTACT_LIMITS.name)}; left out`);
    delete contact.middleName;
  }
  const optional = (key: 'fullName' | 'department', field: string, max: number) => {
    const value = contact[key];
    const problem = value ? badText(value, max) : null;
    if (problem) {
      warn(field, `${problem}; left out`);
      delete contact[key];
    }
  };
  optional('fullName', 'full name', CONTACT_LIMITS.line);
  optional('department', 'department', CONTACT_LIMITS.line);
  nullable('organizationName', 'organization', CONTACT_LIMITS.line);
  nullable('title', 'title', CONTACT_LIMITS.line);
  nullable('location', 'location', CONTACT_LIMITS.line);
  nullable('notes', 'notes', CONTACT_LIMITS.notes);
  nullable('howWeMet', 'how we met', CONTACT_LIMITS.howWeMet);
  nullable('linkedinUrl', 'LinkedIn URL', CONTACT_LIMITS.linkedinUrl);
  const values = (list: LabelledValue[], field: string, max: number): LabelledValue[] => {
    const kept: LabelledValue[] = [];
    for (const entry of list) {
      const problem = badText(entry.value, max);
      if (problem) {
        warn(field, `"${shown(entry.value)}" ${problem}; left out`);
        continue;
      }
      if (entry.label !== undefined && badText(entry.label, CONTACT_LIMITS.label)) {
        warn(`${field} label`, `"${shown(entry.label)}" ${badText(entry.label, CONTACT_LIMITS.label)}; the ${field} is kept without it`);
        kept.push({ value: entry.value });
        continue;
      }
      kept.push(entry);
    }
    if (kept.length > CONTACT_LIMITS.values) {
      warn(field, `${kept.length} values, more than ${CONTACT_LIMITS.values}: the first ${CONTACT_LIMITS.values} are kept`);
      kept.length = CONTACT_LIMITS.values;
    }
    return kept;
  };
  contact.emails = values(contact.emails, 'email', CONTACT_LIMITS.email);
  contact.phones = values(contact.phones, 'phone', CONTACT_LIMITS.phone);
  const tags: string[] = [];
  for (const tag of contact.tags) {
    const problem = badText(tag, CONTACT_LIMITS.tag);
    if (problem) warn('tag', `"${shown(tag)}" ${problem}; left out`);
    else tags.push(tag);
  }
  if (tags.length > CONTACT_LIMITS.tags) {
    warn('tag', `${tags.length} tags, more than ${CONTACT_LIMITS.tags}: the first ${CONTACT_LIMITS.tags} are kept`);
    tags.length = CONTACT_LIMITS.tags;
  }
  contact.tags = tags;
}

/** The refusal of a file with more records than the import takes, before the rest is read. */
export function tooManyRecords(max: number = IMPORT_MAX_RECORDS): string {
  return `The file has more than ${max.toLocaleString('en')} records, the most one import takes (LinkedIn's largest export has 30,000); nothing was imported. Split the file and import each part.`;
}

/** The record limit of a read, for the CSV table. */
export function recordLimits(options: ReadOptions): { maxRecords: number; tooMany: string } {
  const maxRecords = options.maxRecords ?? IMPORT_MAX_RECORDS;
  return { maxRecords, tooMany: tooManyRecords(maxRecords) };
}

/** Why a record was left out although it had values: they were all bad. */
export const NO_IDENTITY_LEFT = 'no name, email or organization once the bad values were left out';
export const NO_NAME = 'no name';

/**
 * Collects rows and skips for one file. A value a reader could not use is a warning on its
 * row and the person is kept; only a record that yields no person is skipped, with a reason.
 */
export class ReadResultBuilder {
  private readonly rows: ImportRow[] = [];
  private readonly skipped: ImportSkip[] = [];
  private readonly sink: ContactSink;

  constructor(
    private readonly format: ContactFileFormat,
    sink?: ContactSink,
  ) {
    this.sink = sink ?? { row: (row) => this.rows.push(row), skip: (skip) => this.skipped.push(skip) };
  }

  skip(line: number, reason: string, warnings?: ImportWarning[]): void {
    this.sink.skip(warnings && warnings.length > 0 ? { line, reason, warnings } : { line, reason });
  }

  addSkips(skips: ImportSkip[]): void {
    for (const skip of skips) this.sink.skip(skip);
  }

  /**
   * Keeps the person with their good values. `requireName`: a record of this kind is a person
   * only when it has a name (a LinkedIn connection always has one; without it the row is a
   * hidden member's, whatever company it names).
   */
  accept(line: number, contact: ImportedContact, issues: FieldIssue[], options: { requireName?: boolean } = {}): void {
    const warnings: ImportWarning[] = issues.map((issue) => ({ line: issue.line ?? line, field: issue.column, message: issue.message }));
    keepValidValues(contact, line, warnings);
    if (options.requireName && !contact.givenName && !contact.familyName) {
      this.skip(line, NO_NAME, warnings);
    } else if (!hasIdentity(contact)) {
      this.skip(line, warnings.length > 0 ? NO_IDENTITY_LEFT : NO_IDENTITY, warnings);
    } else {
      this.sink.row({ line, contact, warnings });
    }
  }

  /** Reads one record; a bug in a reader costs that record, not the whole import. */
  guard(line: number, read: () => void): void {
    try {
      read();
    } catch (error) {
      this.skip(line, `this record could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** What was collected (nothing when a sink took the records). */
  result(): ReadResult {
    return {
      format: this.format,
      rows: this.rows,
      skipped: this.skipped.sort((a, b) => a.line - b.line),
    };
  }
}

/** Every value left out of a file, of kept and of skipped records, by line. */
export function allWarnings(result: ReadResult): ImportWarning[] {
  const out: ImportWarning[] = [];
  for (const row of result.rows) out.push(...row.warnings);
  for (const skip of result.skipped) if (skip.warnings) out.push(...skip.warnings);
  return out.sort((a, b) => a.line - b.line);
}
