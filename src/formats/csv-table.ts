import { normaliseText } from './decode.js';
import { FormatError, type ImportSkip } from './contact-import.types.js';

/**
 * The CSV plumbing the LinkedIn, Google and Outlook readers share: find the header row,
 * parse the records after it with their physical line numbers, and look cells up by header
 * name. Exports move columns around between eras, so nothing here works by position.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvTable<F> {
  flavour: F;
  headerLine: number;
  columns: CsvColumns;
  records: CsvRecord[];
  /** Records that could not be read at all (a quote never closed), with the reason. */
  broken: ImportSkip[];
}

type Delimiter = ',' | ';' | '\t';
// Excel in a comma-decimal locale (German, French, ...) re-saves "CSV" with semicolons.
const DELIMITERS: Delimiter[] = [',', ';', '\t'];
// LinkedIn puts three preamble lines before the header; a few blank lines may precede them.
const HEADER_SEARCH_LINES = 50;

export function headerKey(name: string): string {
  return name.replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Cells looked up by header name, case- and spacing-insensitively. */
export class CsvColumns {
  private readonly index = new Map<string, number>();
  // Readers ask for the same few names on every row of a 30,000-row file: remember answers.
  private readonly lookups = new Map<string, number | undefined>();

  constructor(readonly header: string[]) {
    header.forEach((name, i) => {
      const key = headerKey(name);
      if (key && !this.index.has(key)) this.index.set(key, i);
    });
  }

  /** Position of the first of `names` this file has. */
  indexOf(...names: string[]): number | undefined {
    const cacheKey = names.join('\u0000');
    if (this.lookups.has(cacheKey)) return this.lookups.get(cacheKey);
    const found = names.map((n) => this.index.get(headerKey(n))).find((i) => i !== undefined);
    this.lookups.set(cacheKey, found);
    return found;
  }

  has(name: string): boolean {
    return this.indexOf(name) !== undefined;
  }

  /** The first of `names` this file has, spelled as in the file (for problem messages). */
  name(...names: string[]): string | undefined {
    const i = this.indexOf(...names);
    return i === undefined ? undefined : this.header[i]!.trim();
  }

  /** The cell under the first of `names` this file has, or '' when none is there. */
  get(cells: string[], ...names: string[]): string {
    const i = this.indexOf(...names);
    return i === undefined ? '' : (cells[i] ?? '');
  }

  /** Header names matching a pattern, with their positions, in file order. */
  matching(pattern: RegExp): Array<{ name: string; index: number; match: RegExpExecArray }> {
    const out: Array<{ name: string; index: number; match: RegExpExecArray }> = [];
    this.header.forEach((name, index) => {
      const match = pattern.exec(name.trim());
      if (match) out.push({ name: name.trim(), index, match });
    });
    return out;
  }
}

/**
 * Splits one physical line into cells (quotes honoured, no line breaks inside). Only used to
 * recognise the header row, which never spans lines.
 */
export function splitCsvLine(line: string, delimiter: Delimiter = ','): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

export interface HeaderMatch<F> {
  flavour: F;
  cells: string[];
  line: number;
  delimiter: Delimiter;
  /** Offset of the first character after the header line. */
  bodyOffset: number;
}

/**
 * Scans the first lines for a header row `classify` recognises. Feeding a LinkedIn preamble
 * to a CSV parser would make the sentence the header and yield zero rows, hence the scan.
 */
export function findHeader<F>(text: string, classify: (cells: string[]) => F | null): HeaderMatch<F> | null {
  let start = 0;
  for (let line = 1; line <= HEADER_SEARCH_LINES && start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const content = text.slice(start, end);
    if (content.trim() !== '') {
      for (const delimiter of DELIMITERS) {
        if (!content.includes(delimiter)) continue;
        const cells = splitCsvLine(content, delimiter);
        const flavour = classify(cells);
        if (flavour !== null) return { flavour, cells, line, delimiter, bodyOffset: Math.min(end + 1, text.length) };
      }
    }
    if (newline < 0) break;
    start = end + 1;
  }
  return null;
}

/** Finds the header with `classify` and parses every record after it. */
export function readCsvTable<F>(rawText: string, classify: (cells: string[]) => F | null, notFound: string): CsvTable<F> {
  const text = normaliseText(rawText);
  const header = findHeader(text, classify);
  if (!header) throw new FormatError(notFound);
  const { records, broken } = parseCsvRecords(text.slice(header.bodyOffset), header.line + 1, header.delimiter);
  return {
    flavour: header.flavour,
    headerLine: header.line,
    columns: new CsvColumns(header.cells),
    records,
    broken,
  };
}

export const UNCLOSED_QUOTE = 'a quoted cell is never closed (a missing ")';
export const TOO_MANY_BROKEN_QUOTES = 'More than 50 quoted cells are never closed: this is not a CSV file a program wrote';
const QUOTE = 34;
const NEWLINE = 10;
// A file with this many broken quotes is not a contact export: it is refused, not rescanned.
const MAX_UNCLOSED_QUOTES = 50;

/**
 * Parses CSV text (LF line breaks) whose first line is physical line `firstLine`, RFC 4180
 * with the leniency real exports need: a quote inside an unquoted cell is a character, and
 * text after a closing quote is kept. A quoted cell that is never closed would swallow the
 * rest of the file: it is reported on the line where its record starts, and reading resumes
 * on the next line. Past MAX_UNCLOSED_QUOTES of them the file is refused (FormatError).
 */
export function parseCsvRecords(
  text: string,
  firstLine: number,
  delimiter: Delimiter = ',',
): { records: CsvRecord[]; broken: ImportSkip[] } {
  const records: CsvRecord[] = [];
  const broken: ImportSkip[] = [];
  const separator = delimiter.charCodeAt(0);
  const length = text.length;
  let pos = 0;
  let line = firstLine;
  while (pos < length) {
    const start = pos;
    const startLine = line;
    const cells: string[] = [];
    let unclosed = false;
    for (;;) {
      let cell: string;
      if (text.charCodeAt(pos) === QUOTE) {
        // Quoted cell: "" is a quote, line breaks are part of the cell.
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            unclosed = true;
            break;
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        if (unclosed) break;
        line += countNewlines(value);
        // Anything between the closing quote and the next separator is kept, not lost.
        const end = cellEnd(text, pos, separator);
        cell = value + text.slice(pos, end);
        pos = end;
      } else {
        const end = cellEnd(text, pos, separator);
        cell = text.slice(pos, end);
        pos = end;
      }
      cells.push(cell);
      if (pos < length && text.charCodeAt(pos) === separator) {
        pos++;
        continue;
      }
      pos++; // the line break (or past the end)
      line++;
      break;
    }
    if (unclosed) {
      broken.push({ line: startLine, reason: UNCLOSED_QUOTE });
      if (broken.length > MAX_UNCLOSED_QUOTES) throw new FormatError(TOO_MANY_BROKEN_QUOTES, startLine);
      const next = text.indexOf('\n', start);
      if (next < 0) break;
      pos = next + 1;
      line = startLine + 1;
      continue;
    }
    records.push({ line: startLine, cells });
  }
  return { records, broken };
}

function cellEnd(text: string, from: number, separator: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === separator || c === NEWLINE) return i;
  }
  return text.length;
}

function countNewlines(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) count++;
  return count;
}

/** True when every cell is empty or whitespace: Excel's `,,,,,,` filler rows. */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Cells beyond the header that hold data: a comma outside quotes shifted the row. */
export function extraCellsProblem(record: CsvRecord, columns: CsvColumns): string | null {
  const extra = record.cells.slice(columns.header.length).filter((c) => c.trim() !== '');
  if (extra.length === 0) return null;
  return `${record.cells.length} cells but the header has ${columns.header.length} (a comma outside quotes?)`;
}
