import { findHeader, headerKey } from './csv-table.js';
import { normaliseText } from './decode.js';
import { FormatError, type ContactFileFormat } from './contact-import.types.js';

/**
 * Recognises a contact file by its content. File names are useless here: every export is
 * called `contacts.csv` or `Connections.csv` once it has been downloaded twice.
 */

export const UNRECOGNISED_FILE =
  'Unrecognised file: expected a LinkedIn Connections.csv, a Google or Outlook contacts CSV, or a vCard file';
export const EMPTY_FILE =
  'The file is empty: expected a LinkedIn Connections.csv, a Google or Outlook contacts CSV, or a vCard file';

/**
 * The CSV dialects the readers know. `linkedin-outlook` is LinkedIn's pre-2018 export, which
 * used Outlook's columns: it is read like Outlook but reported as LinkedIn.
 */
export type CsvFlavour = 'linkedin' | 'linkedin-outlook' | 'google' | 'outlook';

const FORMAT_OF: Record<CsvFlavour, ContactFileFormat> = {
  linkedin: 'linkedin',
  'linkedin-outlook': 'linkedin',
  google: 'google',
  outlook: 'outlook',
};

export function detectFormat(rawText: string): ContactFileFormat {
  const text = normaliseText(rawText);
  if (text.trim() === '') throw new FormatError(EMPTY_FILE);
  if (looksLikeVCard(text)) return 'vcard';
  const header = findHeader(text, classifyCsvHeader);
  if (header) return FORMAT_OF[header.flavour];
  throw new FormatError(UNRECOGNISED_FILE);
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
  if (hasAny(OUTLOOK_GIVEN) && hasAny(OUTLOOK_FAMILY) && (hasAny(OUTLOOK_EMAIL) || hasAny(OUTLOOK_COMPANY) || hasAny(OUTLOOK_JOB_TITLE))) {
    return isLinkedInOutlookExport(cells) ? 'linkedin-outlook' : 'outlook';
  }
  return null;
}

/**
 * LinkedIn's pre-2018 export put the e-mail columns right after Suffix; Outlook itself puts
 * Company there (desktop) or Nickname (Outlook.com). That order is the only LinkedIn trait.
 */
function isLinkedInOutlookExport(cells: string[]): boolean {
  const start = cells.slice(0, 6).map(headerKey);
  return start.join('|') === 'title|first name|middle name|last name|suffix|e-mail address';
}
