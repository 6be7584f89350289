import type { CsvField } from '../contracts/transfer.schema.js';
import { ColumnSamples, planColumns, type ColumnPlan } from './column-mapping.js';
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
  recordLimits,
  shown,
  splitFullName,
  uniqueTags,
  type Candidate,
  type FieldIssue,
} from './contact-fields.js';
import type { ImportedContact, ReadOptions, ReadResult } from './contact-import.types.js';
import { extraCellsProblem, isBlankRecord, readCsvTable, type CsvRecord, type TextInput } from './csv-table.js';
import { classifyCsvHeader } from './detect.js';

/**
 * Reads a CSV by its headers: Thunderbird's address book, and any other CSV whose columns the
 * synonyms table (column-mapping.ts) recognises or the user maps. Each record becomes a person
 * as the other readers make one: a bad value costs that value (a warning naming the column),
 * a record without a name, email or organization is skipped.
 */
export function readMappedCsv(input: TextInput, format: 'thunderbird' | 'csv', options: ReadOptions = {}): ReadResult {
  const table = readCsvTable(
    input,
    (cells) => {
      const flavour = classifyCsvHeader(cells);
      if (flavour === 'thunderbird' || flavour === 'csv') return flavour;
      // The user names the columns: the first line with several cells is the header (the
      // file's first line that is not blank, as detectFormat found).
      return (options.mapping || options.anyCsv) && flavour === null && cells.filter((c) => c.trim() !== '').length >= 2 ? 'csv' : null;
    },
    'Not a CSV whose columns can be recognised: no header row names a name, an email or an organization',
    recordLimits(options),
  );
  const plans = planColumns(table.columns.header, options.mapping);
  const reader = new MappedRecordReader(plans);
  const samples = new ColumnSamples(plans);
  const result = new ReadResultBuilder(format, options.sink);
  for (const record of table.records) {
    if (isBlankRecord(record.cells)) continue;
    samples.see(record.cells);
    result.guard(record.line, () => {
      const shifted = extraCellsProblem(record, table.columns);
      if (shifted) return result.skip(record.line, shifted);
      const issues: FieldIssue[] = [];
      result.accept(record.line, reader.read(record, issues), issues);
    });
  }
  result.addSkips(table.broken);
  return { ...result.result(), mapping: samples.report() };
}

// A job search cares where people work: the business address first.
const GROUP_ORDER = ['work', undefined, 'home', 'other'] as const;

/** Splits a cell holding several emails or tags: `a@x.org; b@y.org`, Google's ` ::: `. */
const LIST_SEPARATOR = /\s*(?:;|,|\s:::\s)\s*/;

class MappedRecordReader {
  private readonly byField = new Map<CsvField, ColumnPlan[]>();

  constructor(plans: ColumnPlan[]) {
    for (const plan of plans) {
      if (plan.field === 'ignore') continue;
      const list = this.byField.get(plan.field);
      if (list) list.push(plan);
      else this.byField.set(plan.field, [plan]);
    }
  }

  read(record: CsvRecord, issues: FieldIssue[]): ImportedContact {
    const cells = record.cells;
    const columns = (field: CsvField) => this.byField.get(field) ?? [];
    const value = (plan: ColumnPlan) => cells[plan.index] ?? '';
    const one = (field: CsvField) => {
      const plan = columns(field)[0];
      return plan ? value(plan) : '';
    };
    const contact = emptyContact();

    contact.givenName = cleanName(one('givenName'));
    contact.familyName = cleanName(one('familyName'));
    const middle = cleanName(one('middleName'));
    if (middle) contact.middleName = middle;
    const written = cleanName(one('fullName'));
    if (written && !isEmail(written.toLowerCase()) && /\p{L}/u.test(written)) {
      if (!contact.givenName && !contact.familyName) Object.assign(contact, splitFullName(written));
      else if (written !== [contact.givenName, contact.familyName].filter(Boolean).join(' ')) contact.fullName = written;
    }
    contact.organizationName = cleanLine(one('organization'));
    const department = cleanLine(one('department'));
    if (department && contact.organizationName) contact.department = department;
    contact.title = cleanLine(one('title'));

    const emails: Candidate[] = [];
    for (const plan of columns('email')) {
      for (const part of value(plan).split(LIST_SEPARATOR)) {
        const [email] = collectEmails([{ value: part, label: plan.label }], issues, plan.column);
        if (email) emails.push(email);
      }
    }
    contact.emails = collectEmails(emails, [], 'email');
    const phones: Candidate[] = [];
    for (const plan of columns('phone')) {
      for (const part of value(plan).split(/\s*(?:;|\s:::\s)\s*/)) {
        const [phone] = collectPhones([{ value: part, label: plan.label }], issues, plan.column);
        if (phone) phones.push(phone);
      }
    }
    contact.phones = collectPhones(phones, [], 'phone');

    contact.location = this.location(cells);
    contact.linkedinUrl = null;
    for (const plan of columns('website')) {
      contact.linkedinUrl = value(plan).split(/\s+/).map(canonicalLinkedInUrl).find((url) => url !== null) ?? null;
      if (contact.linkedinUrl) break;
    }
    contact.notes = cleanNotes(columns('notes').map(value).filter((v) => v.trim() !== '').join('\n\n'));
    contact.tags = uniqueTags(columns('tags').flatMap((plan) => value(plan).split(LIST_SEPARATOR)));
    contact.howWeMet = cleanNotes(one('howWeMet'));
    contact.birthday = this.birthday(cells, issues);
    return contact;
  }

  /** City, region and country of the first address that has any (work first); else a whole-location column. */
  private location(cells: string[]): string | null {
    const part = (field: CsvField, group: string | undefined) => {
      const plan = (this.byField.get(field) ?? []).find((p) => p.group === group && (cells[p.index] ?? '').trim() !== '');
      return plan ? (cells[plan.index] ?? '') : '';
    };
    for (const group of GROUP_ORDER) {
      const location = joinLocation([part('city', group), part('region', group), part('country', group)]);
      if (location) return location;
    }
    for (const plan of this.byField.get('location') ?? []) {
      const location = cleanLine(cells[plan.index]);
      if (location) return location;
    }
    return null;
  }

  private birthday(cells: string[], issues: FieldIssue[]): string | null {
    const first = (field: CsvField) => {
      const plan = this.byField.get(field)?.[0];
      return plan ? { plan, text: (cells[plan.index] ?? '').trim() } : undefined;
    };
    const whole = first('birthday');
    if (whole && whole.text !== '') {
      const birthday = parseBirthday(whole.text);
      if (birthday === undefined) issues.push({ column: whole.plan.column, message: `"${shown(whole.text)}" is not a date; left out` });
      return birthday ?? null;
    }
    // Thunderbird: Birth Year, Birth Month, Birth Day in three columns (the year may be empty).
    const year = first('birthYear');
    const month = first('birthMonth');
    const day = first('birthDay');
    if (!month?.text && !day?.text) return null;
    const parts = `${year?.text ? `${year.text.padStart(4, '0')}-` : '--'}${(month?.text ?? '').padStart(2, '0')}-${(day?.text ?? '').padStart(2, '0')}`;
    const birthday = /^(\d{4}-|--)\d{2}-\d{2}$/.test(parts) ? parseBirthday(parts) : undefined;
    if (birthday === undefined || birthday === null) {
      const column = [year, month, day].filter((c) => c?.text).map((c) => c!.plan.column).join(', ');
      issues.push({ column, message: `"${shown([year?.text, month?.text, day?.text].filter(Boolean).join('-'))}" is not a date; left out` });
      return null;
    }
    return birthday;
  }
}
