import iconv from 'iconv-lite';
import {
  ReadResultBuilder,
  canonicalLinkedInUrl,
  cleanLine,
  cleanName,
  cleanNotes,
  collectEmails,
  collectPhones,
  emptyContact,
  isEmail,
  joinLocation,
  parseBirthday,
  parseDate,
  recordLimits,
  shown,
  splitFullName,
  uniqueTags,
  type Candidate,
  type FieldIssue,
} from './contact-fields.js';
import { FormatError, type ImportedContact, type ReadOptions, type ReadResult } from './contact-import.types.js';
import { normalisedChunks, type TextInput } from './csv-table.js';

/*
 * A small line-based parser rather than ical.js: ical.js reads vCard 3.0/4.0 well but throws
 * on the first line it dislikes (so one bad card would lose the whole file, with no line
 * number to show), and it does not understand vCard 2.1 quoted-printable soft line breaks or
 * CHARSET, which Outlook still writes. Here every card is read on its own, a broken card
 * becomes an ImportProblem, and 2.1, 3.0 and 4.0 share one code path. The tests parse the
 * writer's output with ical.js to keep us honest about the standard.
 */

interface VProperty {
  line: number;
  group: string | null;
  name: string;
  params: Map<string, string[]>;
  /** Still vCard-escaped; quoted-printable and CHARSET already decoded. */
  value: string;
}

interface VCard {
  line: number;
  properties: VProperty[];
  /** No END:VCARD before the next card or the end of the file: it may have been cut off. */
  unclosed?: boolean;
  /** More than MAX_PROPERTIES properties: the rest were not read. */
  truncated?: boolean;
}

interface LogicalLine {
  line: number;
  text: string;
  /** Decided once from the property's head, so a long folded value is never rescanned. */
  quotedPrintable?: boolean;
}

export function readVCards(input: TextInput, options: ReadOptions = {}): ReadResult {
  const result = new ReadResultBuilder('vcard', options.sink);
  const { maxRecords, tooMany } = recordLimits(options);
  let count = 0;
  for (const card of splitCards(logicalLines(physicalLines(normalisedChunks(input))))) {
    if (++count > maxRecords) throw new FormatError(tooMany, card.line);
    result.guard(card.line, () => {
      const issues: FieldIssue[] = [];
      if (card.unclosed) issues.push({ column: 'END:VCARD', message: 'missing: the card may be cut off; what it holds is kept' });
      if (card.truncated) issues.push({ column: 'vCard', message: `more than ${MAX_PROPERTIES.toLocaleString('en')} properties: the rest were not read` });
      const contact = cardToContact(card, issues);
      result.accept(card.line, contact, issues);
    });
  }
  return result.result();
}

const QUOTED_PRINTABLE = /^[^:]*QUOTED-PRINTABLE/i;
/** Longer physical or logical lines are cut here: no property Rapport reads is this long. */
const MAX_LINE_CHARS = 1 << 20;
/** A card with more properties than this is not an address-book entry; the rest are ignored. */
const MAX_PROPERTIES = 1_000;
// Binary payloads (photos, logos, sounds, keys) are not read: their folded lines are not joined.
const BINARY_PROPERTY = /^(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]/i;

/** Physical lines of the text, pulled chunk by chunk; each at most MAX_LINE_CHARS long. */
function* physicalLines(chunks: Iterable<string>): Generator<string> {
  let pending = '';
  let overlong = false;
  for (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
      const line = overlong ? pending : pending + chunk.slice(start, newline);
      yield line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
      pending = '';
      overlong = false;
      start = newline + 1;
    }
    if (!overlong) {
      pending += chunk.slice(start);
      if (pending.length > MAX_LINE_CHARS) {
        pending = pending.slice(0, MAX_LINE_CHARS);
        overlong = true;
      }
    }
  }
  yield pending;
}

/**
 * Joins folded lines (a continuation starts with a space or tab) and quoted-printable soft
 * line breaks (a value ending in `=` continues on the next line, whatever it starts with).
 * vCard 2.1 keeps the folding whitespace; 3.0 and 4.0 drop exactly one character of it.
 */
function* logicalLines(physical: Iterable<string>): Generator<LogicalLine> {
  let current: LogicalLine | null = null;
  let skipping = false;
  let version21 = false;
  let lineNumber = 0;
  for (const content of physical) {
    lineNumber++;
    if (current?.quotedPrintable && current.text.endsWith('=')) {
      if (!skipping && current.text.length < MAX_LINE_CHARS) current.text = current.text.slice(0, -1) + content;
      else if (!content.endsWith('=')) current.text = current.text.slice(0, -1);
    } else if (current && /^[ \t]/.test(content)) {
      if (!skipping && current.text.length < MAX_LINE_CHARS) current.text += version21 ? content : content.slice(1);
    } else {
      if (current) {
        const done: LogicalLine = current;
        current = null;
        if (/^BEGIN:VCARD\s*$/i.test(done.text)) version21 = false;
        else if (/^VERSION:\s*2\.1\s*$/i.test(done.text)) version21 = true;
        yield done;
      }
      if (content.trim() !== '') {
        current = { line: lineNumber, text: content, quotedPrintable: QUOTED_PRINTABLE.test(content) };
        skipping = BINARY_PROPERTY.test(content);
      }
    }
  }
  if (current) yield current;
}

/** Cards in file order; one without END:VCARD (a truncated file) is kept, marked unclosed. */
function* splitCards(lines: Iterable<LogicalLine>): Generator<VCard> {
  let current: VCard | null = null;
  for (const { line, text } of lines) {
    const keyword = text.trim().toUpperCase();
    if (keyword === 'BEGIN:VCARD') {
      if (current) yield { ...current, unclosed: true };
      current = { line, properties: [] };
    } else if (keyword === 'END:VCARD') {
      if (current) yield current;
      current = null;
    } else if (current) {
      if (current.properties.length >= MAX_PROPERTIES) {
        current.truncated = true;
        continue;
      }
      // Lines that are not properties (2.1 base64 photo data, stray text) carry nothing we use.
      const property = parseProperty(text, line);
      if (property) current.properties.push(property);
    }
  }
  if (current) yield { ...current, unclosed: true };
}

// vCard 2.1 writes parameters without a name: `TEL;WORK;VOICE:` or `;QUOTED-PRINTABLE:`.
const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);

function parseProperty(text: string, line: number): VProperty | null {
  const colon = indexOutsideQuotes(text, ':');
  if (colon < 0) return null;
  const [groupAndName = '', ...rawParams] = splitOutsideQuotes(text.slice(0, colon), ';');
  const dot = groupAndName.lastIndexOf('.');
  const name = groupAndName.slice(dot + 1).trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return null;
  const params = new Map<string, string[]>();
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    const key = eq < 0 ? (BARE_ENCODINGS.has(raw.trim().toUpperCase()) ? 'ENCODING' : 'TYPE') : raw.slice(0, eq).trim().toUpperCase();
    const values = eq < 0 ? [raw] : splitOutsideQuotes(raw.slice(eq + 1), ',');
    params.set(key, [...(params.get(key) ?? []), ...values.map((v) => v.trim().replace(/^"|"$/g, ''))]);
  }
  let value = text.slice(colon + 1);
  if (params.get('ENCODING')?.some((e) => e.toUpperCase() === 'QUOTED-PRINTABLE')) {
    value = decodeQuotedPrintable(value, params.get('CHARSET')?.[0]);
  }
  return { line, group: dot > 0 ? groupAndName.slice(0, dot).trim().toLowerCase() : null, name, params, value };
}

function indexOutsideQuotes(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === char && !quoted) return i;
  }
  return -1;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * `=XX` escapes are bytes in the property's CHARSET (Outlook: Windows-1252 or UTF-8). Other
 * characters were already decoded with the file, so they are re-encoded in that charset to
 * rebuild the original byte string before decoding it once.
 */
function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  const encoding = charset && iconv.encodingExists(charset) ? charset : undefined;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '=' ? value.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    const codePoint = value.codePointAt(i)!;
    const char = String.fromCodePoint(codePoint);
    if (codePoint < 0x80) bytes.push(codePoint);
    else bytes.push(...iconv.encode(char, encoding ?? 'utf-8'));
    i += char.length - 1;
  }
  const buffer = Buffer.from(bytes);
  if (encoding) return iconv.decode(buffer, encoding);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'windows-1252');
  }
}

/** Splits on a separator that is not escaped with a backslash; parts stay escaped. */
function splitEscaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function unescapeText(value: string): string {
  return value.replace(/\\(.)/gs, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A structured value (N, ADR, ORG) as unescaped components; a component's list joins with spaces. */
function components(property: VProperty | undefined): string[] {
  if (!property) return [];
  return splitEscaped(property.value, ';').map((part) =>
    splitEscaped(part, ',')
      .map((v) => unescapeText(v).trim())
      .filter(Boolean)
      .join(' '),
  );
}

class CardView {
  constructor(private readonly card: VCard) {}

  all(name: string): VProperty[] {
    return this.card.properties.filter((p) => p.name === name);
  }

  first(name: string): VProperty | undefined {
    return this.card.properties.find((p) => p.name === name);
  }

  text(name: string): string {
    const property = this.first(name);
    return property ? unescapeText(property.value).trim() : '';
  }

  /** Apple and Google attach a free-text label to a property through a group: item1.X-ABLabel. */
  groupLabel(property: VProperty): string | undefined {
    if (!property.group) return undefined;
    const label = this.card.properties.find((p) => p.group === property.group && p.name === 'X-ABLABEL');
    if (!label) return undefined;
    const text = unescapeText(label.value).trim();
    const builtIn = /^_\$!<(.*)>!\$_$/.exec(text);
    return builtIn ? builtIn[1]!.toLowerCase() : text;
  }
}

function cardToContact(card: VCard, issues: FieldIssue[]): ImportedContact {
  const view = new CardView(card);
  const contact = emptyContact();
  // ORG is the organization, then its units: `ORG:Acme;Robotics Lab` is Acme's Robotics Lab.
  const [orgName, ...units] = components(view.first('ORG'));
  const organization = cleanLine(orgName);
  const department = cleanLine(units.map(cleanName).filter(Boolean).join(', '));
  const isOrganization = view.text('KIND').toLowerCase() === 'org' || view.text('X-ABSHOWAS').toUpperCase() === 'COMPANY';

  contact.emails = collectEmails(readValues(view, 'EMAIL', EMAIL_TYPES_IGNORED, collectEmails, issues), [], 'EMAIL');
  contact.phones = collectPhones(readValues(view, 'TEL', TEL_TYPES_IGNORED, collectPhones, issues), [], 'TEL');
  readNames(view, contact, isOrganization, organization);
  contact.organizationName = organization ?? (isOrganization ? cleanLine(view.text('FN')) : null);
  if (department && contact.organizationName) contact.department = department;
  contact.title = cleanLine(view.text('TITLE'));
  contact.notes = cleanNotes(view.all('NOTE').map((p) => unescapeText(p.value)).join('\n\n'));
  contact.tags = uniqueTags(
    view
      .all('CATEGORIES')
      .flatMap((p) => splitEscaped(p.value, ',').map(unescapeText))
      .filter((tag) => !SYSTEM_CATEGORIES.has(tag.trim().toLowerCase())),
  );
  contact.location = readLocation(view);
  contact.linkedinUrl = readLinkedInUrl(view);
  contact.birthday = readBirthday(view, issues);
  contact.howWeMet = cleanNotes(view.text('X-RAPPORT-HOW-WE-MET'));
  contact.connectedOn = readConnectedOn(view, issues);
  return contact;
}

/**
 * Given and family name come from N (they sort and find the person); FN, the name as the
 * address book shows it, is kept as the full name when it says more ("Mr. John Richter James
 * Doe Sr." for N:Doe;John;Richter James;Mr.;Sr.).
 */
function readNames(view: CardView, contact: ImportedContact, isOrganization: boolean, organization: string | null): void {
  if (isOrganization) return;
  const [family = '', given = '', middle = ''] = components(view.first('N'));
  contact.familyName = cleanName(family);
  contact.givenName = cleanName(given);
  if (cleanName(middle)) contact.middleName = cleanName(middle);
  // FN is not a name when it merely repeats the organization, an email address or a phone
  // number (what phones write for a nameless card).
  const written = cleanName(view.text('FN'));
  const isName = written !== '' && written !== organization && !isEmail(written.toLowerCase()) && /\p{L}/u.test(written);
  if (!isName) return;
  if (contact.givenName || contact.familyName) {
    if (written !== [contact.givenName, contact.familyName].filter(Boolean).join(' ')) contact.fullName = written;
    return;
  }
  // vCard 4.0 makes N optional; FN then carries the name.
  Object.assign(contact, splitFullName(written));
}

type Collector = (candidates: Candidate[], issues: FieldIssue[], column: string) => Array<{ value: string; label?: string | undefined }>;

/** Checks each EMAIL or TEL on its own so that a problem points at the line it is on. */
function readValues(view: CardView, name: string, ignored: Set<string>, collect: Collector, issues: FieldIssue[]): Candidate[] {
  const out: Candidate[] = [];
  for (const property of view.all(name)) {
    const found = candidate(view, property, ignored);
    const own: FieldIssue[] = [];
    const [value] = collect([found], own, name);
    issues.push(...own.map((issue) => ({ ...issue, line: property.line })));
    if (value) out.push({ ...value, rank: found.rank });
  }
  return out;
}

// Google's vCard export lists its system groups as categories; the user never chose them.
const SYSTEM_CATEGORIES = new Set(['mycontacts', 'starred']);

const EMAIL_TYPES_IGNORED = new Set(['internet', 'pref', 'x400', 'x-internet']);
const TEL_TYPES_IGNORED = new Set(['voice', 'pref', 'msg']);

function candidate(view: CardView, property: VProperty, ignored: Set<string>): Candidate {
  const types = (property.params.get('TYPE') ?? []).flatMap((t) => t.split(',')).map((t) => t.trim().toLowerCase());
  const type = types.find((t) => t !== '' && !ignored.has(t));
  const pref = Number(property.params.get('PREF')?.[0]);
  const rank = Number.isFinite(pref) && pref > 0 ? pref : types.includes('pref') ? 1 : 101;
  const label = view.groupLabel(property) ?? type;
  return { value: unescapeText(property.value), label, rank };
}

function readLocation(view: CardView): string | null {
  const addresses = view.all('ADR');
  const preferred =
    addresses.find((a) => a.params.has('PREF') || (a.params.get('TYPE') ?? []).some((t) => /(^|,)pref(,|$)/i.test(t))) ??
    addresses[0];
  const [, , , locality, region, , country] = components(preferred);
  return joinLocation([locality, region, country]);
}

function readLinkedInUrl(view: CardView): string | null {
  for (const profile of [...view.all('SOCIALPROFILE'), ...view.all('X-SOCIALPROFILE')]) {
    const url = canonicalLinkedInUrl(unescapeText(profile.value));
    if (url) return url;
    // Apple writes `X-SOCIALPROFILE;type=linkedin;x-user=jdoe:x-apple:jdoe`; RFC 9554 allows
    // `SOCIALPROFILE;SERVICE-TYPE=LinkedIn;VALUE=text:jdoe`.
    const service = [...(profile.params.get('TYPE') ?? []), ...(profile.params.get('SERVICE-TYPE') ?? [])].join(',');
    if (/linkedin/i.test(service)) {
      const user = profile.params.get('X-USER')?.[0] ?? unescapeText(profile.value).replace(/^x-apple:/i, '');
      const fromUser = /^[\p{L}\p{N}_.%-]+$/u.test(user.trim()) ? canonicalLinkedInUrl(`https://www.linkedin.com/in/${user.trim()}`) : null;
      if (fromUser) return fromUser;
    }
  }
  for (const property of view.all('URL')) {
    const url = canonicalLinkedInUrl(unescapeText(property.value));
    if (url) return url;
  }
  return null;
}

function readBirthday(view: CardView, issues: FieldIssue[]): string | null {
  const property = view.first('BDAY');
  if (!property || property.params.get('VALUE')?.[0]?.toLowerCase() === 'text') return null;
  const raw = unescapeText(property.value);
  const birthday = parseBirthday(raw, property.params.has('X-APPLE-OMIT-YEAR'));
  if (birthday === undefined) issues.push({ column: 'BDAY', message: `"${shown(raw)}" is not a date; left out`, line: property.line });
  return birthday ?? null;
}

function readConnectedOn(view: CardView, issues: FieldIssue[]): string | null {
  const property = view.first('X-RAPPORT-CONNECTED-ON');
  const raw = property ? unescapeText(property.value).trim() : '';
  if (!property || raw === '') return null;
  const date = parseDate(raw);
  if (!date) issues.push({ column: 'X-RAPPORT-CONNECTED-ON', message: `"${shown(raw)}" is not a date; left out`, line: property.line });
  return date;
}
