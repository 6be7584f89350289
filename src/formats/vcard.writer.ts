import type { ExportableContact, LabelledValue } from './contact-import.types.js';

/**
 * Writes contacts as vCard 3.0 (RFC 2426: what Google, Apple and Outlook import best) or
 * 4.0 (RFC 6350). Rapport-only fields (how we met, connected on) travel as X- properties
 * so that exporting and re-importing loses nothing; other apps ignore them.
 */
export function writeVCards(contacts: ExportableContact[], version: '3.0' | '4.0'): string {
  return contacts.map((contact) => writeVCard(contact, version)).join('');
}

type Version = '3.0' | '4.0';

function writeVCard(contact: ExportableContact, version: Version): string {
  const lines: string[] = ['BEGIN:VCARD', `VERSION:${version}`, 'PRODID:-//Rapport//Rapport contacts//EN'];
  const hasName = Boolean(contact.givenName || contact.familyName || contact.middleName);
  // Without a person's name the card is the organization's; say so, or importers would
  // show the company name as if it were a person.
  if (!hasName && contact.organizationName) lines.push(version === '4.0' ? 'KIND:org' : 'X-ABShowAs:COMPANY');
  lines.push(`FN:${escapeSingle(formattedName(contact), version)}`);
  lines.push(`N:${[contact.familyName, contact.givenName, contact.middleName ?? '', '', ''].map((part) => escapeText(part)).join(';')}`);
  if (contact.organizationName) {
    lines.push(`ORG:${[contact.organizationName, ...(contact.department ? [contact.department] : [])].map((part) => escapeText(part)).join(';')}`);
  }
  if (contact.title) lines.push(`TITLE:${escapeSingle(contact.title, version)}`);

  const groups = new GroupCounter();
  contact.emails.forEach((email, i) => lines.push(...emailLines(email, i === 0, version, groups)));
  contact.phones.forEach((phone, i) => lines.push(...phoneLines(phone, i === 0 && contact.phones.length > 1, version, groups)));
  if (contact.location) lines.push(`ADR:${addressFromLocation(contact.location)}`);
  if (contact.birthday) lines.push(`BDAY:${birthdayValue(contact.birthday, version)}`);
  if (contact.linkedinUrl) {
    lines.push(`URL:${contact.linkedinUrl}`);
    lines.push(version === '4.0' ? `SOCIALPROFILE;SERVICE-TYPE=LinkedIn:${contact.linkedinUrl}` : `X-SOCIALPROFILE;TYPE=linkedin:${contact.linkedinUrl}`);
  }
  if (contact.notes) lines.push(`NOTE:${escapeSingle(contact.notes, version)}`);
  if (contact.tags.length > 0) lines.push(`CATEGORIES:${contact.tags.map((tag) => escapeSingle(tag, version)).join(',')}`);
  if (contact.howWeMet) lines.push(`X-RAPPORT-HOW-WE-MET:${escapeSingle(contact.howWeMet, version)}`);
  if (contact.connectedOn) lines.push(`X-RAPPORT-CONNECTED-ON:${contact.connectedOn}`);
  lines.push(uidLine(contact.id, version));
  const rev = revValue(contact.updatedAt, version);
  if (rev) lines.push(`REV:${rev}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function formattedName(contact: ExportableContact): string {
  if (contact.fullName) return contact.fullName;
  const name = [contact.givenName, contact.middleName, contact.familyName].filter(Boolean).join(' ');
  return name || contact.organizationName || contact.emails[0]?.value || contact.phones[0]?.value || 'Unnamed contact';
}

/** Backslash, comma, semicolon and line breaks escaped: what a component of N, ORG or ADR needs. */
export function escapeText(value: string, semicolons = true): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/,/g, '\\,');
  return semicolons ? escaped.replace(/;/g, '\\;') : escaped;
}

/**
 * Escaping for single text values (FN, NOTE, TITLE...). RFC 2426 (3.0) requires `\;`;
 * RFC 6350 (4.0) makes it optional outside compound properties, and ical.js (among others)
 * then keeps the backslash, so 4.0 leaves semicolons as they are.
 */
function escapeSingle(value: string, version: Version): string {
  return escapeText(value, version === '3.0');
}

/** Labels vCard has a TYPE for; any other label is kept through Apple's item.X-ABLabel group. */
const EMAIL_TYPES: Record<string, string> = { work: 'work', home: 'home' };
const PHONE_TYPES: Record<string, string> = { mobile: 'cell', cell: 'cell', work: 'work', home: 'home', fax: 'fax', pager: 'pager' };

class GroupCounter {
  private next = 1;
  take(): string {
    return `item${this.next++}`;
  }
}

function labelled(property: string, params: string[], value: string, label: string | undefined, groups: GroupCounter): string[] {
  const head = [property, ...params].join(';');
  if (!label) return [`${head}:${value}`];
  const group = groups.take();
  return [`${group}.${head}:${value}`, `${group}.X-ABLabel:${escapeText(label)}`];
}

function emailLines(email: LabelledValue, preferred: boolean, version: Version, groups: GroupCounter): string[] {
  const known = email.label ? EMAIL_TYPES[email.label.toLowerCase()] : undefined;
  const customLabel = email.label && !known ? email.label : undefined;
  const value = escapeText(email.value);
  if (version === '3.0') {
    const types = ['INTERNET', ...(known ? [known.toUpperCase()] : []), ...(preferred ? ['pref'] : [])];
    return labelled('EMAIL', [`TYPE=${types.join(',')}`], value, customLabel, groups);
  }
  const params = [...(known ? [`TYPE=${known}`] : []), ...(preferred ? ['PREF=1'] : [])];
  return labelled('EMAIL', params, value, customLabel, groups);
}

function phoneLines(phone: LabelledValue, preferred: boolean, version: Version, groups: GroupCounter): string[] {
  const known = phone.label ? PHONE_TYPES[phone.label.toLowerCase()] : undefined;
  const customLabel = phone.label && !known ? phone.label : undefined;
  if (version === '3.0') {
    const types = [...(known ? [known.toUpperCase()] : []), ...(preferred ? ['pref'] : [])];
    return labelled('TEL', types.length > 0 ? [`TYPE=${types.join(',')}`] : [], escapeText(phone.value), customLabel, groups);
  }
  const typeParams = [...(known ? [`TYPE=${known}`] : []), ...(preferred ? ['PREF=1'] : [])];
  // A tel: URI may not contain spaces; rewriting "+44 20 7946 0958" would change what the
  // user typed, so such numbers are written as text, which RFC 6350 allows.
  if (/^\+?[\d-]+$/.test(phone.value)) {
    return labelled('TEL', ['VALUE=uri', ...typeParams], `tel:${phone.value}`, customLabel, groups);
  }
  return labelled('TEL', ['VALUE=text', ...typeParams], escapeText(phone.value), customLabel, groups);
}

/**
 * A location is one line of text ("Lyon, Auvergne-Rhône-Alpes, France"); ADR wants
 * components. Up to three comma-separated parts are spread over locality, region and
 * country so that other apps show them well; the reader joins them back to the same text.
 */
function addressFromLocation(location: string): string {
  const parts = location.split(', ');
  const [locality = '', region = '', country = ''] =
    parts.length === 3 ? parts : parts.length === 2 ? [parts[0], '', parts[1]] : [location, '', ''];
  return ['', '', '', locality, region, '', country].map((part) => escapeText(part)).join(';');
}

function birthdayValue(birthday: string, version: Version): string {
  // 3.0 has no year-less date; `--MM-DD` is what Google and Apple write and read back.
  if (version === '3.0') return birthday;
  const yearless = /^--(\d{2})-(\d{2})$/.exec(birthday);
  return yearless ? `--${yearless[1]}${yearless[2]}` : birthday.replace(/-/g, '');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uidLine(id: string, version: Version): string {
  if (UUID.test(id)) return `UID:urn:uuid:${id.toLowerCase()}`;
  // In 4.0 UID is a URI unless said otherwise; a ULID or database id is plain text.
  return version === '4.0' ? `UID;VALUE=text:${escapeText(id)}` : `UID:${escapeText(id)}`;
}

function revValue(updatedAt: string | undefined, version: Version): string | null {
  if (!updatedAt) return null;
  const time = new Date(updatedAt);
  if (Number.isNaN(time.getTime())) return null;
  const iso = time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return version === '4.0' ? iso.replace(/[-:]/g, '') : iso;
}

const MAX_OCTETS = 75;

/**
 * Folds a content line at 75 octets (RFC 6350 §3.2): continuation lines start with a space,
 * which counts toward the 75. Splits only between code points, so a UTF-8 character is
 * never cut in two.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}
