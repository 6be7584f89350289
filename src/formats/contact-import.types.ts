/**
 * The shapes every contact-file reader returns and every writer accepts. Readers are pure:
 * bytes or text in, these values out; the import service decides what to store.
 */

export type ContactFileFormat = 'linkedin' | 'google' | 'outlook' | 'vcard';

export interface LabelledValue {
  value: string;
  label?: string | undefined;
}

export interface ImportedContact {
  givenName: string; // may be '' when only a family name or only an org exists
  familyName: string;
  middleName?: string | undefined;
  emails: LabelledValue[]; // lower-cased, trimmed, de-duplicated, primary first
  phones: LabelledValue[];
  linkedinUrl: string | null; // canonical https://www.linkedin.com/in/<slug>
  organizationName: string | null;
  title: string | null;
  location: string | null;
  notes: string | null;
  howWeMet: string | null;
  connectedOn: string | null; // ISO YYYY-MM-DD (LinkedIn)
  birthday: string | null; // YYYY-MM-DD or --MM-DD
  tags: string[];
}

/** line = 1-based physical line where the record starts. */
export interface ImportRow {
  line: number;
  contact: ImportedContact;
}

export interface ImportSkip {
  line: number;
  reason: string;
}

/** A malformed record: it is reported here and never also returned as a row. */
export interface ImportProblem {
  line: number;
  column?: string | undefined;
  message: string;
}

export interface ReadResult {
  format: ContactFileFormat;
  rows: ImportRow[];
  skipped: ImportSkip[];
  problems: ImportProblem[];
}

/** The only error a reader throws: the file as a whole cannot be read. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

export type ExportableContact = ImportedContact & { id: string; updatedAt?: string | undefined };
