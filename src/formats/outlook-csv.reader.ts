import {
  ReadResultBuilder,
  canonicalLinkedInUrl,
  cleanLine,
  cleanName,
  cleanNotes,
  collectEmails,
  collectPhones,
  emptyContact,
  joinLocation,
  linkedInHowWeMet,
  parseBirthday,
  recordLimits,
  shown,
  uniqueTags,
  type Candidate,
  type FieldIssue,
} from './contact-fields.js';
import type { ContactFileFormat, LabelledValue, ReadOptions, ReadResult } from './contact-import.types.js';
import { extraCellsProblem, isBlankRecord, readCsvTable, type CsvColumns, type CsvRecord, type CsvTable, type TextInput } from './csv-table.js';
import {
  OUTLOOK_COMPANY,
  OUTLOOK_DEPARTMENT,
  OUTLOOK_EMAILS as EMAILS,
  OUTLOOK_PHONES as PHONES,
  OUTLOOK_FAMILY,
  OUTLOOK_GIVEN,
  OUTLOOK_JOB_TITLE,
  classifyCsvHeader,
  type CsvFlavour,
} from './detect.js';

/**
 * Reads Outlook contact CSVs: Outlook.com (`First Name,Middle Name,Last Name,Title,...`) and
 * classic desktop (every field quoted, Windows code page), with English, German or French
 * headers. Outlook's `Title` is the honorific (Mr., Dr.), never the job title.
 */
export function readOutlookCsv(text: TextInput, options: ReadOptions = {}): ReadResult {
  const table = readCsvTable(
    text,
    (cells) => {
      const flavour = classifyCsvHeader(cells);
      return flavour === 'outlook' || flavour === 'linkedin-outlook' ? flavour : null;
    },
    'Not an Outlook contacts CSV: no row with the headers First Name, Last Name and E-mail Address or Company',
    recordLimits(options),
  );
  return readOutlookTable(table, 'outlook', options);
}

/** Also reads LinkedIn's pre-2018 export, which used Outlook's columns. */
export function readOutlookTable(table: CsvTable<CsvFlavour>, format: ContactFileFormat, options: ReadOptions = {}): ReadResult {
  const result = new ReadResultBuilder(format, options.sink);
  for (const record of table.records) {
    result.guard(record.line, () => readOutlookRecord(record, table.columns, format, result));
  }
  result.addSkips(table.broken);
  return result.result();
}

const MIDDLE = ['Middle Name', 'Weitere Vornamen', 'Deuxième prénom'];
const NOTES = ['Notes', 'Notizen'];
const CATEGORIES = ['Categories', 'Kategorien', 'Catégories'];
const BIRTHDAY = ['Birthday', 'Geburtstag', 'Anniversaire'];
const WEB_PAGES = ['Web Page', 'Personal Web Page', 'Webseite', 'Page Web', 'Page Web personnelle'];

// Business address first: for a job search the work city is the one that matters.
const ADDRESSES: string[][][] = [
  [
    ['Business City', 'Ort geschäftlich', 'Ville (bureau)'],
    ['Business State', 'Bundesland/Kanton geschäftlich', 'Region geschäftlich', 'Dép/Région (bureau)'],
    ['Business Country/Region', 'Business Country', 'Land/Region geschäftlich', 'Pays/Région (bureau)'],
  ],
  [
    ['Home City', 'Ort privat', 'Ville (domicile)'],
    ['Home State', 'Bundesland/Kanton privat', 'Region privat', 'Dép/Région (domicile)'],
    ['Home Country/Region', 'Home Country', 'Land/Region privat', 'Pays/Région (domicile)'],
  ],
  [
    ['Other City', 'Weiterer Ort', 'Ville (autre)'],
    ['Other State', 'Weiteres/r Bundesland/Kanton', 'Dép/Région (autre)'],
    ['Other Country/Region', 'Other Country', 'Weiteres/r Land/Region', 'Pays/Région (autre)'],
  ],
];

function readOutlookRecord(record: CsvRecord, columns: CsvColumns, format: ContactFileFormat, result: ReadResultBuilder): void {
  if (isBlankRecord(record.cells)) return;
  const shifted = extraCellsProblem(record, columns);
  if (shifted) return result.skip(record.line, shifted);
  const cell = (names: string[]) => columns.get(record.cells, ...names);

  const issues: FieldIssue[] = [];
  const contact = emptyContact();
  contact.givenName = cleanName(cell(OUTLOOK_GIVEN));
  contact.familyName = cleanName(cell(OUTLOOK_FAMILY));
  const middleName = cleanName(cell(MIDDLE));
  if (middleName) contact.middleName = middleName;
  contact.organizationName = cleanLine(cell(OUTLOOK_COMPANY));
  contact.title = cleanLine(cell(OUTLOOK_JOB_TITLE));
  const department = contact.organizationName ? cleanLine(cell(OUTLOOK_DEPARTMENT)) : null;
  if (department) contact.department = department;
  contact.notes = cleanNotes(cell(NOTES));
  contact.tags = uniqueTags(cell(CATEGORIES).split(/[;,]/));
  contact.location = readLocation(record.cells, columns);
  contact.emails = readEmails(record.cells, columns, issues);
  contact.phones = readPhones(record.cells, columns, issues);
  contact.linkedinUrl = WEB_PAGES.map((name) => canonicalLinkedInUrl(cell([name]))).find((url) => url !== null) ?? null;
  contact.birthday = readBirthday(cell(BIRTHDAY), columns.name(...BIRTHDAY) ?? 'Birthday', issues);
  if (format === 'linkedin') contact.howWeMet = linkedInHowWeMet(null);
  // LinkedIn's old export lists connections, people with names; Outlook's may hold a company card.
  result.accept(record.line, contact, issues, { requireName: format === 'linkedin' });
}

function readEmails(cells: string[], columns: CsvColumns, issues: FieldIssue[]): LabelledValue[] {
  const emails: LabelledValue[] = [];
  for (const { address, type } of EMAILS) {
    const value = columns.get(cells, ...address).trim();
    // Exchange accounts export an X.500 path (/o=ExchangeLabs/ou=.../cn=...) instead of an
    // address; it cannot be mailed from outside, so it is left out rather than reported.
    if (value === '' || value.startsWith('/') || columns.get(cells, ...type).trim().toUpperCase() === 'EX') continue;
    emails.push(...collectEmails([{ value }], issues, columns.name(...address) ?? address[0]!));
  }
  return collectEmails(emails, [], 'E-mail Address');
}

function readPhones(cells: string[], columns: CsvColumns, issues: FieldIssue[]): LabelledValue[] {
  const candidates: Array<Candidate & { column: string }> = [];
  for (const { names, label, rank } of PHONES) {
    const value = columns.get(cells, ...names);
    if (value.trim() !== '') candidates.push({ value, label, rank, column: columns.name(...names) ?? names[0]! });
  }
  const phones: Candidate[] = [];
  for (const candidate of candidates) {
    const [phone] = collectPhones([candidate], issues, candidate.column);
    if (phone) phones.push({ ...phone, rank: candidate.rank });
  }
  return collectPhones(phones, [], 'Phone');
}

function readLocation(cells: string[], columns: CsvColumns): string | null {
  for (const address of ADDRESSES) {
    const location = joinLocation(address.map((names) => columns.get(cells, ...names)));
    if (location) return location;
  }
  return null;
}

function readBirthday(raw: string, column: string, issues: FieldIssue[]): string | null {
  const birthday = parseBirthday(raw);
  if (birthday === undefined) {
    issues.push({ column, message: `"${shown(raw)}" is not a date; left out` });
    return null;
  }
  return birthday;
}
