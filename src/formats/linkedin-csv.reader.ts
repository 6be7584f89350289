import {
  ReadResultBuilder,
  canonicalLinkedInUrl,
  cleanLine,
  cleanName,
  collectEmails,
  emptyContact,
  linkedInHowWeMet,
  parseDate,
  shown,
  type FieldIssue,
} from './contact-fields.js';
import type { ReadResult } from './contact-import.types.js';
import { extraCellsProblem, isBlankRecord, readCsvTable, type CsvColumns, type CsvRecord } from './csv-table.js';
import { classifyCsvHeader } from './detect.js';
import { readOutlookTable } from './outlook-csv.reader.js';

/**
 * Reads LinkedIn's Connections.csv from every era (see FORMATS.md): with or without the
 * `Notes:` preamble and the URL column, dates as `09 Oct 2024`, `"1/8/18, 6:14 PM"` or
 * Excel's `5-Jan-26`, and the pre-2018 export that used Outlook's columns.
 */
export function readLinkedInCsv(text: string): ReadResult {
  const table = readCsvTable(
    text,
    (cells) => {
      const flavour = classifyCsvHeader(cells);
      return flavour === 'linkedin' || flavour === 'linkedin-outlook' ? flavour : null;
    },
    'Not a LinkedIn Connections.csv: no row with the headers First Name, Last Name and Connected On',
  );
  if (table.flavour === 'linkedin-outlook') return readOutlookTable(table, 'linkedin');

  const result = new ReadResultBuilder('linkedin');
  result.addSkips(table.broken);
  const layout = connectionColumns(table.columns);
  const dates: ConnectionDates = new Map();
  for (const record of table.records) {
    result.guard(record.line, () => readConnection(record, table.columns, layout, dates, result));
  }
  return result.result();
}

export const HIDDEN_MEMBER = 'hidden or deleted LinkedIn member';

/** Where each field is in this file; looked up once, not 30,000 times. */
interface ConnectionColumns {
  firstName: number | undefined;
  lastName: number | undefined;
  url: number | undefined;
  email: number | undefined;
  company: number | undefined;
  position: number | undefined;
  connectedOn: number | undefined;
  emailName: string;
}

function connectionColumns(columns: CsvColumns): ConnectionColumns {
  return {
    firstName: columns.indexOf('First Name'),
    lastName: columns.indexOf('Last Name'),
    url: columns.indexOf('URL', 'Profile URL'),
    email: columns.indexOf('Email Address', 'E-mail Address'),
    company: columns.indexOf('Company'),
    position: columns.indexOf('Position'),
    connectedOn: columns.indexOf('Connected On'),
    emailName: columns.name('Email Address', 'E-mail Address') ?? 'Email Address',
  };
}

/**
 * "Connected On" text → the date and the how-we-met line, for one file: a handful of people
 * connect on the same day, so a 30,000-row file has a few thousand distinct dates.
 */
type ConnectionDates = Map<string, { connectedOn: string | null; howWeMet: string }>;

function readConnection(record: CsvRecord, columns: CsvColumns, layout: ConnectionColumns, dates: ConnectionDates, result: ReadResultBuilder): void {
  if (isBlankRecord(record.cells)) return;
  const shifted = extraCellsProblem(record, columns);
  if (shifted) return result.skip(record.line, shifted);
  const cell = (index: number | undefined) => (index === undefined ? '' : (record.cells[index] ?? ''));

  const connectedOnText = cell(layout.connectedOn).trim();
  const { firstName, lastName, url, email, company, position } = layout;
  // LinkedIn keeps a row for members who hid themselves or left: only the date survives.
  if ([firstName, lastName, url, email, company, position].every((i) => cell(i).trim() === '')) {
    return result.skip(record.line, HIDDEN_MEMBER);
  }

  const issues: FieldIssue[] = [];
  const contact = emptyContact();
  contact.givenName = cleanName(cell(firstName));
  contact.familyName = cleanName(cell(lastName));
  contact.organizationName = cleanLine(cell(company));
  contact.title = cleanLine(cell(position));
  const emailText = cell(email);
  if (emailText.trim() !== '') contact.emails = collectEmails([{ value: emailText }], issues, layout.emailName);
  contact.linkedinUrl = readProfileUrl(cell(url), issues);
  let date = dates.get(connectedOnText);
  if (!date) {
    const connectedOn = connectedOnText === '' ? null : parseDate(connectedOnText);
    date = { connectedOn, howWeMet: linkedInHowWeMet(connectedOn) };
    dates.set(connectedOnText, date);
  }
  if (connectedOnText !== '' && !date.connectedOn) issues.push({ column: 'Connected On', message: `"${shown(connectedOnText)}" is not a date; left out` });
  contact.connectedOn = date.connectedOn;
  contact.howWeMet = date.howWeMet;
  // A connection is a person with a name: a row without one (`,,<url>,,Ghost Co,...`) is not
  // named after its company, it is skipped with the reason.
  result.accept(record.line, contact, issues, { requireName: true });
}

function readProfileUrl(raw: string, issues: FieldIssue[]): string | null {
  if (raw.trim() === '') return null;
  const url = canonicalLinkedInUrl(raw);
  if (!url) issues.push({ column: 'URL', message: `"${shown(raw)}" is not a LinkedIn profile URL; left out` });
  return url;
}
