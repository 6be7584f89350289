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
  /** Read lazily, once: each record is parsed when the loop asks for it. */
  records: Iterable<CsvRecord>;
  /** Records that could not be read at all (a quote never closed), filled as `records` is read. */
  broken: ImportSkip[];
}

type Delimiter = ',' | ';' | '\t';
// Excel in a comma-decimal locale (German, French, ...) re-saves "CSV" with semicolons.
const DELIMITERS: Delimiter[] = [',', ';', '\t'];
// LinkedIn puts three preamble lines before the header; a few blank lines may precede them.
export const HEADER_SEARCH_LINES = 50;

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

/** Text handed over in pieces: a decoded file in slices, an archive entry as it inflates. */
export type TextInput = string | Iterable<string>;

/** Slices of at most `size` characters; V8 shares the parent's memory for each slice. */
export function* slices(text: string, size = 1 << 20): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * Chunks with the BOM removed and CRLF / lone CR turned into LF, also when a CR ends one chunk
 * and its LF starts the next.
 */
export function* normalisedChunks(input: TextInput): Generator<string> {
  const chunks = typeof input === 'string' ? slices(input) : input;
  let first = true;
  let heldCr = false;
  for (let chunk of chunks) {
    if (chunk === '') continue;
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    if (heldCr) chunk = `\r${chunk}`;
    heldCr = chunk.endsWith('\r');
    if (heldCr) chunk = chunk.slice(0, -1);
    if (chunk !== '') yield normaliseText(chunk);
  }
  if (heldCr) yield '\n';
}

// The header is among the first lines: this much text is enough to find it.
const HEADER_PREFIX_CHARS = 256 * 1024;

/**
 * Finds the header with `classify` in the first lines and returns the records after it, read
 * lazily from `input`: records are parsed as the reader asks for them, so a reader that turns
 * each into a contact at once holds one record at a time, never the file's records.
 */
export function readCsvTable<F>(input: TextInput, classify: (cells: string[]) => F | null, notFound: string, limits: CsvLimits = {}): CsvTable<F> {
  const chunks = normalisedChunks(input)[Symbol.iterator]();
  let prefix = '';
  while (prefix.length < HEADER_PREFIX_CHARS && countNewlines(prefix) < HEADER_SEARCH_LINES) {
    const next = chunks.next();
    if (next.done) break;
    prefix += next.value;
  }
  const header = findHeader(prefix, classify);
  if (!header) throw new FormatError(notFound);
  const broken: ImportSkip[] = [];
  const body = prefix.slice(header.bodyOffset);
  function* rest(): Generator<string> {
    yield body;
    for (let next = chunks.next(); !next.done; next = chunks.next()) yield next.value;
  }
  return {
    flavour: header.flavour,
    headerLine: header.line,
    columns: new CsvColumns(header.cells),
    records: csvRecords(rest(), header.line + 1, header.delimiter, broken, limits),
    broken,
  };
}

export const UNCLOSED_QUOTE = 'a quoted cell is never closed (a missing ")';
export const TOO_MANY_BROKEN_QUOTES = 'More than 50 records cannot be read (quotes never closed): this is not a CSV file a program wrote';
/** A record longer than this is broken (a quote never closed, or no line breaks at all). */
export const MAX_RECORD_CHARS = 1 << 20;
export const RECORD_TOO_LONG = `a record longer than ${MAX_RECORD_CHARS / (1 << 20)} MiB (a quote never closed?)`;
const QUOTE = 34;
const NEWLINE = 10;
// A file with this many broken records is not a contact export: it is refused, not rescanned.
const MAX_UNCLOSED_QUOTES = 50;

export interface CsvLimits {
  /** More records than this refuse the file (FormatError) as soon as the next one is met. */
  maxRecords?: number | undefined;
  /** The message of that refusal. */
  tooMany?: string | undefined;
}

/** Parses CSV text (see {@link csvRecords}) that is all in memory. */
export function parseCsvRecords(text: string, firstLine: number, delimiter: Delimiter = ','): { records: CsvRecord[]; broken: ImportSkip[] } {
  const broken: ImportSkip[] = [];
  const records = [...csvRecords(slices(text), firstLine, delimiter, broken)];
  return { records, broken };
}

type Parsed = { kind: 'record'; cells: string[]; end: number; lines: number } | { kind: 'incomplete' } | { kind: 'unclosed' };

/**
 * Parses one record starting at `pos`. `atEnd`: no text follows `text`, so a record that runs
 * to its end is complete (or its quote unclosed); otherwise it is incomplete until more comes.
 */
function parseRecord(text: string, pos: number, separator: number, atEnd: boolean): Parsed {
  const length = text.length;
  const cells: string[] = [];
  let lines = 0;
  for (;;) {
    let cell: string;
    if (text.charCodeAt(pos) === QUOTE) {
      // Quoted cell: "" is a quote, line breaks are part of the cell.
      let value = '';
      let from = pos + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) return atEnd ? { kind: 'unclosed' } : { kind: 'incomplete' };
        // A quote at the very end may be the first of "": wait for the next character.
        if (close + 1 >= length && !atEnd) return { kind: 'incomplete' };
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
        } else {
          pos = close + 1;
          break;
        }
      }
      lines += countNewlines(value);
      // Anything between the closing quote and the next separator is kept, not lost.
      const end = cellEnd(text, pos, separator);
      if (end >= length && !atEnd) return { kind: 'incomplete' };
      cell = value + text.slice(pos, end);
      pos = end;
    } else {
      const end = cellEnd(text, pos, separator);
      if (end >= length && !atEnd) return { kind: 'incomplete' };
      cell = text.slice(pos, end);
      pos = end;
    }
    cells.push(cell);
    if (pos < length && text.charCodeAt(pos) === separator) {
      pos++;
      continue;
    }
    return { kind: 'record', cells, end: pos + 1, lines: lines + 1 };
  }
}

/**
 * Yields the records of CSV text (LF line breaks) whose first line is physical line
 * `firstLine`, pulling chunks from `input` only as records are asked for. RFC 4180 with the
 * leniency real exports need: a quote inside an unquoted cell is a character, and text after a
 * closing quote is kept. A quoted cell that is never closed would swallow the rest of the
 * file: its record is reported in `broken` on the line where it starts, and reading resumes
 * on the next line; so is a record longer than MAX_RECORD_CHARS, which bounds what is held.
 * Past MAX_UNCLOSED_QUOTES broken records, or `limits.maxRecords` records, the file is
 * refused (FormatError) before the rest is read.
 */
export function* csvRecords(input: Iterable<string>, firstLine: number, delimiter: Delimiter, broken: ImportSkip[], limits: CsvLimits = {}): Generator<CsvRecord> {
  const source = input[Symbol.iterator]();
  const separator = delimiter.charCodeAt(0);
  const maxRecords = limits.maxRecords ?? Infinity;
  let text = '';
  let pos = 0;
  let ended = false;
  let line = firstLine;
  let count = 0;
  /** Keeps the text from `pos` on and appends the next chunk; false at the end of the input. */
  const pull = (): boolean => {
    text = pos < text.length ? text.slice(pos) : '';
    pos = 0;
    for (;;) {
      const next = source.next();
      if (next.done) {
        ended = true;
        return false;
      }
      if (next.value !== '') {
        text += next.value;
        return true;
      }
    }
  };
  const counted = () => {
    if (++count > maxRecords) throw new FormatError(limits.tooMany ?? `More than ${maxRecords.toLocaleString('en')} records`, line);
  };
  /** Drops the rest of the record's first line, however long, and goes on after it. */
  const skipLine = (startLine: number, reason: string) => {
    broken.push({ line: startLine, reason });
    if (broken.length > MAX_UNCLOSED_QUOTES) throw new FormatError(TOO_MANY_BROKEN_QUOTES, startLine);
    for (;;) {
      const newline = text.indexOf('\n', pos);
      if (newline >= 0) {
        pos = newline + 1;
        break;
      }
      pos = text.length;
      if (!pull()) break;
    }
    line = startLine + 1;
  };

  for (;;) {
    if (pos >= text.length && (ended || !pull())) return;
    const parsed = parseRecord(text, pos, separator, ended);
    if (parsed.kind === 'incomplete') {
      if (text.length - pos > MAX_RECORD_CHARS) {
        counted();
        skipLine(line, RECORD_TOO_LONG);
      } else {
        pull();
      }
      continue;
    }
    counted();
    if (parsed.kind === 'unclosed') {
      skipLine(line, UNCLOSED_QUOTE);
      continue;
    }
    const record = { line, cells: parsed.cells };
    pos = parsed.end;
    line += parsed.lines;
    yield record;
  }
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
