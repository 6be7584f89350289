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
  parseBirthday,
  recordLimits,
  shown,
  splitFullName,
  uniqueTags,
  type Candidate,
  type FieldIssue,
} from './contact-fields.js';
import type { LabelledValue, ReadOptions, ReadResult } from './contact-import.types.js';
import { extraCellsProblem, isBlankRecord, readCsvTable, type CsvColumns, type CsvRecord, type TextInput } from './csv-table.js';
import { classifyCsvHeader } from './detect.js';

/**
 * Reads Google Contacts CSV, current (`First Name,...,Labels,E-mail 1 - Label,...`) and
 * legacy (`Name,Given Name,...,Group Membership,E-mail 1 - Type,...`). Google repeats a
 * block of columns per value and still packs extra values into one cell joined by ` ::: `.
 */
export function readGoogleCsv(text: TextInput, options: ReadOptions = {}): ReadResult {
  const table = readCsvTable(
    text,
    (cells) => (classifyCsvHeader(cells) === 'google' ? 'google' : null),
    'Not a Google contacts CSV: no row with the headers First Name or Given Name and E-mail 1 - Value',
    recordLimits(options),
  );
  const blocks = findBlocks(table.columns);
  const result = new ReadResultBuilder('google', options.sink);
  for (const record of table.records) {
    result.guard(record.line, () => readGoogleRecord(record, table.columns, blocks, result));
  }
  result.addSkips(table.broken);
  return result.result();
}

/** One numbered group of columns, e.g. `E-mail 2 - Label` + `E-mail 2 - Value`. */
interface Block {
  label?: number | undefined;
  value?: number | undefined;
  city?: number | undefined;
  region?: number | undefined;
  country?: number | undefined;
  formatted?: number | undefined;
  valueName: string;
}

interface Blocks {
  email: Block[];
  phone: Block[];
  address: Block[];
  website: Block[];
}

const BLOCK_COLUMN = /^(E-mail|Phone|Address|Website) (\d+) - (Label|Type|Value|City|Region|Country|Formatted)$/i;

function findBlocks(columns: CsvColumns): Blocks {
  const byKind = new Map<string, Map<number, Block>>();
  for (const { name, index, match } of columns.matching(BLOCK_COLUMN)) {
    const kind = match[1]!.toLowerCase();
    const number = Number(match[2]);
    const part = match[3]!.toLowerCase();
    const blocks = byKind.get(kind) ?? new Map<number, Block>();
    byKind.set(kind, blocks);
    const block = blocks.get(number) ?? { valueName: name };
    blocks.set(number, block);
    if (part === 'label' || part === 'type') block.label = index;
    else if (part === 'value') Object.assign(block, { value: index, valueName: name });
    else block[part as 'city' | 'region' | 'country' | 'formatted'] = index;
  }
  const ordered = (kind: string) => [...(byKind.get(kind) ?? new Map<number, Block>()).entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
  return { email: ordered('e-mail'), phone: ordered('phone'), address: ordered('address'), website: ordered('website') };
}

/** Google joins several values in one cell with " ::: ". */
function splitValues(cell: string): string[] {
  return cell.split(':::').map((v) => v.trim());
}

// Google marks the primary value, or the label of the primary block, with a leading "* ".
const PRIMARY = /^\*\s+/;

function readGoogleRecord(record: CsvRecord, columns: CsvColumns, blocks: Blocks, result: ReadResultBuilder): void {
  if (isBlankRecord(record.cells)) return;
  const shifted = extraCellsProblem(record, columns);
  if (shifted) return result.skip(record.line, shifted);
  const cell = (...names: string[]) => columns.get(record.cells, ...names);
  const at = (index: number | undefined) => (index === undefined ? '' : (record.cells[index] ?? ''));

  const issues: FieldIssue[] = [];
  const contact = emptyContact();
  contact.givenName = cleanName(cell('First Name', 'Given Name'));
  contact.familyName = cleanName(cell('Last Name', 'Family Name'));
  if (!contact.givenName && !contact.familyName) Object.assign(contact, splitFullName(cell('Name')));
  const middleName = cleanName(cell('Middle Name', 'Additional Name'));
  if (middleName) contact.middleName = middleName;
  contact.organizationName = cleanLine(firstValue(cell('Organization Name', 'Organization 1 - Name')));
  contact.title = cleanLine(firstValue(cell('Organization Title', 'Organization 1 - Title')));
  const department = contact.organizationName ? cleanLine(firstValue(cell('Organization Department', 'Organization 1 - Department'))) : null;
  if (department) contact.department = department;
  contact.notes = cleanNotes(cell('Notes'));
  contact.tags = readLabels(cell('Labels', 'Group Membership'));

  contact.emails = collectEmails(readBlocks(blocks.email, at, collectEmails, issues), [], 'E-mail');
  contact.phones = collectPhones(readBlocks(blocks.phone, at, collectPhones, issues), [], 'Phone');
  contact.location = readLocation(blocks.address, at);
  contact.linkedinUrl = readLinkedInWebsite(blocks.website, at);
  const birthday = parseBirthday(cell('Birthday'));
  if (birthday === undefined) issues.push({ column: 'Birthday', message: `"${shown(cell('Birthday'))}" is not a date; left out` });
  contact.birthday = birthday ?? null;
  result.accept(record.line, contact, issues);
}

/** Splits ` ::: ` values; a `* ` before a value or before the block's label marks the primary. */
function blockCandidates(labelCell: string, valueCell: string): Candidate[] {
  if (valueCell.trim() === '') return [];
  const labels = splitValues(labelCell);
  const values = splitValues(valueCell);
  const zipped = labels.length === values.length;
  return values.map((raw, i) => {
    const rawLabel = zipped ? labels[i]! : labels[0]!;
    // A starred label marks its own value, or the first value when one label covers several.
    const primary = PRIMARY.test(raw.trim()) || (PRIMARY.test(rawLabel) && (zipped || i === 0));
    return { value: raw.trim().replace(PRIMARY, ''), label: rawLabel.replace(PRIMARY, ''), rank: primary ? 0 : 100 };
  });
}

type Collector = (candidates: Candidate[], issues: FieldIssue[], column: string) => LabelledValue[];

/**
 * Checks each value of each block on its own, so that a problem names the column it came
 * from, and keeps its primary rank for the final ordering.
 */
function readBlocks(blocks: Block[], at: (i: number | undefined) => string, collect: Collector, issues: FieldIssue[]): Candidate[] {
  const out: Candidate[] = [];
  for (const block of blocks) {
    for (const candidate of blockCandidates(at(block.label), at(block.value))) {
      const [value] = collect([candidate], issues, block.valueName);
      if (value) out.push({ ...value, rank: candidate.rank });
    }
  }
  return out;
}

function firstValue(cell: string): string {
  return splitValues(cell)[0] ?? '';
}

// Google adds system groups (`* myContacts`, `* starred`, legacy `System Group: ...`) and an
// `Imported on 5/1/26` label on every import: none of them is something the user chose.
function readLabels(cell: string): string[] {
  const labels = splitValues(cell).filter((l) => l !== '' && !PRIMARY.test(l) && !/^System Group:/i.test(l) && !/^Imported on /i.test(l));
  return uniqueTags(labels);
}

function readLocation(blocks: Block[], at: (i: number | undefined) => string): string | null {
  for (const block of blocks) {
    const location = joinLocation([block.city, block.region, block.country].map((i) => firstValue(at(i))));
    if (location) return location;
  }
  for (const block of blocks) {
    const lines = firstValue(at(block.formatted)).split('\n');
    const location = joinLocation(lines);
    if (location) return location;
  }
  return null;
}

function readLinkedInWebsite(blocks: Block[], at: (i: number | undefined) => string): string | null {
  for (const block of blocks) {
    for (const raw of splitValues(at(block.value))) {
      const url = canonicalLinkedInUrl(raw.replace(PRIMARY, ''));
      if (url) return url;
    }
  }
  return null;
}
