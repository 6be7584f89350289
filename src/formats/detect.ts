import { guessField, isRecognisableHeader } from './column-mapping.js';
import { findHeader, headerKey } from './csv-table.js';
import { normaliseText } from './decode.js';
import { FormatError, type ContactFileFormat } from './contact-import.types.js';

/**
 * Recognises a contact file by its content. File names are useless here: every export is
 * called `contacts.csv` or `Connections.csv` once it has been downloaded twice.
 */

export const UNRECOGNISED_FILE =
  'Unrecognised file: expected a LinkedIn Connections.csv, a Google, Outlook or Thunderbird contacts CSV, a CSV with columns such as Name and Email, or a vCard file. A CSV with other column names is read once its columns are named (rapport import --map "COLUMN=FIELD")';
export const EMPTY_FILE =
  'The file is empty: expected a LinkedIn Connections.csv, a Google or Outlook contacts CSV, or a vCard file';

/**
 * The CSV dialects the readers know. `linkedin-outlook` is LinkedIn's pre-2018 export, which
 * used Outlook's columns: it is read like Outlook but reported as LinkedIn.
 */
export type CsvFlavour = 'linkedin' | 'linkedin-outlook' | 'google' | 'outlook' | 'thunderbird' | 'csv';

const FORMAT_OF: Record<CsvFlavour, ContactFileFormat> = {
  linkedin: 'linkedin',
  'linkedin-outlook': 'linkedin',
  google: 'google',
  outlook: 'outlook',
  thunderbird: 'thunderbird',
  csv: 'csv',
};

/**
 * `mappingGiven`: the user names the columns, so a CSV none of whose headers is recognised is
 * still read (as `csv`, its first line the header) instead of refused.
 */
export function detectFormat(rawText: string, options: { anyCsv?: boolean } = {}): ContactFileFormat {
  const text = normaliseText(rawText);
  if (text.trim() === '') throw new FormatError(EMPTY_FILE);
  if (looksLikeVCard(text)) return 'vcard';
  const header = findHeader(text, classifyCsvHeader);
  if (header) return FORMAT_OF[header.flavour];
  if (options.anyCsv && startsWithCsvHeader(text)) return 'csv';
  throw new FormatError(UNRECOGNISED_FILE);
}

/** The first line that is not blank has two or more named cells: a CSV whose columns can be named. */
export function startsWithCsvHeader(text: string): boolean {
  const first = /^\s*([^\n]*)/.exec(text)?.[1] ?? '';
  return looksLikeHeaderRow(first);
}

export function looksLikeHeaderRow(line: string): boolean {
  // Printable text only: a binary file's first "line" is not a header.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(line)) return false;
  return [',', ';', '\t'].some((d) => line.split(d).filter((c) => c.trim() !== '').length >= 2);
}

/** A vCard file starts (after blank lines) with BEGIN:VCARD. */
export function looksLikeVCard(text: string): boolean {
  const firstContent = /^\s*(\S[^\n]*)/.exec(text)?.[1] ?? '';
  return /^BEGIN:VCARD\s*$/i.test(firstContent);
}

// Outlook writes translated headers; these are the German and French names of the columns
// that identify a person. Column lookups in the Outlook reader use the same lists.
export const OUTLOOK_GIVEN = ['First Name', 'Vorname', 'Prénom'];
export const OUTLOOK_FAMILY = ['Last Name', 'Nachname', 'Nom'];
export const OUTLOOK_EMAIL = ['E-mail Address', 'E-Mail-Adresse', 'Adresse de messagerie'];
export const OUTLOOK_COMPANY = ['Company', 'Firma', 'Société'];
export const OUTLOOK_JOB_TITLE = ['Job Title', 'Position', 'Fonction'];
export const OUTLOOK_DEPARTMENT = ['Department', 'Abteilung', 'Service'];

export const OUTLOOK_EMAILS: Array<{ address: string[]; type: string[] }> = [
  { address: OUTLOOK_EMAIL, type: ['E-mail Type', 'E-Mail-Typ', 'Type de messagerie'] },
  { address: ['E-mail 2 Address', 'E-Mail 2: Adresse', 'Adresse de messagerie 2'], type: ['E-mail 2 Type', 'E-Mail 2: Typ'] },
  { address: ['E-mail 3 Address', 'E-Mail 3: Adresse', 'Adresse de messagerie 3'], type: ['E-mail 3 Type', 'E-Mail 3: Typ'] },
];

export const OUTLOOK_PHONES: Array<{ names: string[]; label: string; rank?: number }> = [
  { names: ['Primary Phone', 'Haupttelefon', 'Téléphone principal'], label: 'main', rank: 0 },
  { names: ['Mobile Phone', 'Mobiltelefon', 'Tél. mobile'], label: 'mobile' },
  { names: ['Business Phone', 'Telefon geschäftlich', 'Téléphone bureau'], label: 'work' },
  { names: ['Business Phone 2', 'Telefon geschäftlich 2', 'Téléphone 2 bureau'], label: 'work' },
  { names: ['Home Phone', 'Telefon privat', 'Téléphone domicile'], label: 'home' },
  { names: ['Home Phone 2', 'Telefon privat 2', 'Téléphone 2 domicile'], label: 'home' },
  { names: ['Company Main Phone', 'Telefon Firma', 'Téléphone société'], label: 'company' },
  { names: ['Other Phone', 'Weiteres Telefon', 'Autre téléphone'], label: 'other' },
  { names: ["Assistant's Phone", 'Telefon Assistent', "Téléphone de l'assistant(e)"], label: 'assistant' },
  { names: ['Car Phone', 'Autotelefon', 'Téléphone voiture'], label: 'car' },
  { names: ['Pager'], label: 'pager' },
  { names: ['Business Fax', 'Fax geschäftlich', 'Télécopie bureau'], label: 'work fax' },
  { names: ['Home Fax', 'Fax privat', 'Télécopie domicile'], label: 'home fax' },
  { names: ['Other Fax', 'Weiteres Fax', 'Télécopie (autre)'], label: 'other fax' },
];

/** Every email and phone column the Outlook reader reads, as header keys. */
const OUTLOOK_CONTACT_COLUMNS: ReadonlySet<string> = new Set([...OUTLOOK_EMAILS.flatMap((e) => e.address), ...OUTLOOK_PHONES.flatMap((p) => p.names)].map(headerKey));

const GOOGLE_BLOCK = /^(e-mail|phone|address|website|organization|relation|event|im|custom field) \d+ - /;

/** Names the CSV dialect of a header row, or null when the row is not a contact header. */
export function classifyCsvHeader(cells: string[]): CsvFlavour | null {
  const keys = new Set(cells.map(headerKey).filter((k) => k !== ''));
  const has = (name: string) => keys.has(headerKey(name));
  const hasAny = (names: string[]) => names.some(has);

  if (has('First Name') && has('Last Name') && (has('Connected On') || (has('Email Address') && has('Position')))) {
    return 'linkedin';
  }
  const googleBlocks = [...keys].some((k) => GOOGLE_BLOCK.test(k));
  if ((has('Given Name') && has('Family Name')) || has('Group Membership') || (has('Labels') && has('First Name')) || googleBlocks) {
    return 'google';
  }
  // Thunderbird's address book has Outlook's name and job columns but its own email columns.
  if (hasAny(THUNDERBIRD_PRIMARY_EMAIL) && (has('Display Name') || has('Secondary Email') || has('Anzeigename') || has('Nom à afficher'))) return 'thunderbird';
  if (hasAny(OUTLOOK_GIVEN) && hasAny(OUTLOOK_FAMILY) && (hasAny(OUTLOOK_EMAIL) || hasAny(OUTLOOK_COMPANY) || hasAny(OUTLOOK_JOB_TITLE))) {
    if (isLinkedInOutlookExport(cells)) return 'linkedin-outlook';
    // Outlook's names with someone else's email or phone columns ("Email", "Telefon"): the
    // Outlook reader would lose them (as it lost Thunderbird's), so the file is read by header.
    if (!losesContactColumns(cells)) return 'outlook';
  }
  // Any other CSV whose headers name people (in one of several languages): read by header.
  if (isRecognisableHeader(cells)) return 'csv';
  return null;
}

function losesContactColumns(cells: string[]): boolean {
  return cells.some((cell) => {
    const guess = guessField(cell);
    return (guess?.field === 'email' || guess?.field === 'phone') && !guess.fallback && !OUTLOOK_CONTACT_COLUMNS.has(headerKey(cell));
  });
}

const THUNDERBIRD_PRIMARY_EMAIL = ['Primary Email', 'Primäre E-Mail-Adresse', 'Adresse électronique principale'];

/**
 * LinkedIn's pre-2018 export put the e-mail columns right after Suffix; Outlook itself puts
 * Company there (desktop) or Nickname (Outlook.com). That order is the only LinkedIn trait.
 */
function isLinkedInOutlookExport(cells: string[]): boolean {
  const start = cells.slice(0, 6).map(headerKey);
  return start.join('|') === 'title|first name|middle name|last name|suffix|e-mail address';
}
