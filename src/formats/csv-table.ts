import { parse, type CsvError } from 'csv-parse/sync';
import { normaliseText } from './decode.js';
import { FormatError, type ImportProblem } from './contact-import.types.js';

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
  problems: ImportProblem[];
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

  constructor(readonly header: string[]) {
    header.forEach((name, i) => {
      const key = headerKey(name);
      if (key && !this.index.has(key)) this.index.set(key, i);
    });
  }

  has(name: string): boolean {
    return this.index.has(headerKey(name));
  }

  /** The first of `names` this file has, spelled as in the file (for problem messages). */
  name(...names: string[]): string | undefined {
    for (const name of names) {
      const i = this.index.get(headerKey(name));
      if (i !== undefined) return this.header[i]!.trim();
    }
    return undefined;
  }

  /** The cell under the first of `names` this file has, or '' when none is there. */
  get(cells: string[], ...names: string[]): string {
    for (const name of names) {
      const i = this.index.get(headerKey(name));
      if (i !== undefined) return cells[i] ?? '';
    }
    return '';
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
  const { records, problems } = parseCsvRecords(text.slice(header.bodyOffset), header.line + 1, header.delimiter);
  return {
    flavour: header.flavour,
    headerLine: header.line,
    columns: new CsvColumns(header.cells),
    records,
    problems,
  };
}

/**
 * Parses CSV text (LF line breaks) whose first line is physical line `firstLine`. A quoted
 * cell that is never closed would swallow the rest of the file: it is reported as a problem
 * on the line where its record starts, and reading resumes on the next line.
 */
export function parseCsvRecords(
  body: string,
  firstLine: number,
  delimiter: Delimiter = ',',
): { records: CsvRecord[]; problems: ImportProblem[] } {
  const records: CsvRecord[] = [];
  const problems: ImportProblem[] = [];
  let remaining = body;
  let lineOffset = firstLine - 1;
  while (remaining.length > 0) {
    const unclosedAt = parseChunk(remaining, lineOffset, delimiter, records, problems);
    if (unclosedAt === null) break;
    problems.push({ line: lineOffset + unclosedAt, message: 'A quoted cell is never closed (a missing ")' });
    const resumeAt = offsetAfterLines(remaining, unclosedAt);
    remaining = remaining.slice(resumeAt);
    lineOffset += unclosedAt;
  }
  return { records, problems };
}

/** Returns the chunk-relative line of an unclosed quote, or null when the chunk parsed to the end. */
function parseChunk(
  text: string,
  lineOffset: number,
  delimiter: Delimiter,
  records: CsvRecord[],
  problems: ImportProblem[],
): number | null {
  // csv-parse reports the line where a record ENDS; the next record starts on the line after.
  let lastEnd = 0;
  let unclosedAt: number | null = null;
  try {
    parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      on_record: (record: string[], context) => {
        records.push({ line: lineOffset + lastEnd + 1, cells: record });
        lastEnd = context.lines;
        return null;
      },
      on_skip: (error: CsvError | undefined) => {
        if (error?.code === 'CSV_QUOTE_NOT_CLOSED') {
          unclosedAt = lastEnd + 1;
          return undefined;
        }
        problems.push({ line: lineOffset + lastEnd + 1, message: `This line is not valid CSV (${error?.message ?? 'unknown error'})` });
        const errorLine = typeof error?.['lines'] === 'number' ? error['lines'] : lastEnd + 1;
        lastEnd = Math.max(lastEnd + 1, errorLine);
        return undefined;
      },
    });
  } catch (error) {
    problems.push({
      line: lineOffset + lastEnd + 1,
      message: `The rest of the file is not valid CSV (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  return unclosedAt;
}

function offsetAfterLines(text: string, lines: number): number {
  let offset = 0;
  for (let i = 0; i < lines; i++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return offset;
}

/** True when every cell is empty or whitespace: Excel's `,,,,,,` filler rows. */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Cells beyond the header that hold data: a comma outside quotes shifted the row. */
export function extraCellsProblem(record: CsvRecord, columns: CsvColumns): string | null {
  const extra = record.cells.slice(columns.header.length).filter((c) => c.trim() !== '');
  if (extra.length === 0) return null;
  return `This row has ${record.cells.length} cells but the header has ${columns.header.length}: a comma outside quotes?`;
}
