/**
 * The shapes every contact-file reader returns and every writer accepts. Readers are pure:
 * bytes or text in, these values out; the import service decides what to store.
 */

import type { ColumnMapping, ImportMapping } from '../contracts/transfer.schema.js';

export type ContactFileFormat = 'linkedin' | 'google' | 'outlook' | 'thunderbird' | 'csv' | 'vcard';

export interface LabelledValue {
  value: string;
  label?: string | undefined;
}

export interface ImportedContact {
  givenName: string; // may be '' when only a family name or only an org exists
  familyName: string;
  middleName?: string | undefined;
  /** The name as written when it is more than given + family name (vCard FN "Dr. Ada M. Quill, PhD"). */
  fullName?: string | undefined;
  emails: LabelledValue[]; // lower-cased, trimmed, de-duplicated, primary first
  phones: LabelledValue[];
  linkedinUrl: string | null; // canonical https://www.linkedin.com/in/<slug>
  organizationName: string | null;
  /** The department within the organization (vCard ORG's unit, Google's and Outlook's Department). */
  department?: string | undefined;
  title: string | null;
  location: string | null;
  notes: string | null;
  howWeMet: string | null;
  connectedOn: string | null; // ISO YYYY-MM-DD (LinkedIn)
  birthday: string | null; // YYYY-MM-DD or --MM-DD
  tags: string[];
}

/**
 * A value the reader left out of a contact it kept: a bad value costs only that value.
 * `line` is the physical line of the value (a vCard property) or of its record; `field` is
 * the column or property as the file names it.
 */
export interface ImportWarning {
  line: number;
  field: string;
  message: string;
}

/** line = 1-based physical line where the record starts. */
export interface ImportRow {
  line: number;
  contact: ImportedContact;
  /** The values of this record that were left out, and why. */
  warnings: ImportWarning[];
}

/** A record that yields no person (or cannot be read at all): left out whole, with the reason. */
export interface ImportSkip {
  line: number;
  reason: string;
  /** The values that were left out before nothing was left (a card whose only email was bad). */
  warnings?: ImportWarning[] | undefined;
}

/**
 * Where a reader delivers each record as soon as it is read, so that the caller can turn it
 * into what it keeps (a draft) and the reader holds none of them.
 */
export interface ContactSink {
  row(row: ImportRow): void;
  skip(skip: ImportSkip): void;
}

export interface ReadOptions {
  /** Without a sink the reader collects rows and skips into its ReadResult. */
  sink?: ContactSink | undefined;
  /** More records than this refuse the file before the rest is read (default IMPORT_MAX_RECORDS). */
  maxRecords?: number | undefined;
  /**
   * For a CSV read by its headers: the user's field for these columns (by header), over what
   * the synonyms table guesses. With a mapping, a CSV no header of which is recognised is read
   * with its first line as the header.
   */
  mapping?: ColumnMapping | undefined;
  /**
   * Read a CSV no header of which is recognised (its first line the header, every column not
   * read) instead of refusing it, so that the user can say what its columns hold.
   */
  anyCsv?: boolean | undefined;
}

export interface ReadResult {
  format: ContactFileFormat;
  rows: ImportRow[];
  skipped: ImportSkip[];
  /** For a CSV read by its headers: how each column was read. */
  mapping?: ImportMapping | undefined;
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

/** A mapping of columns that cannot be applied: each problem names the column. */
export class MappingError extends FormatError {
  constructor(
    message: string,
    readonly issues: Array<{ column: string; message: string }>,
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

export type ExportableContact = ImportedContact & { id: string; updatedAt?: string | undefined };
