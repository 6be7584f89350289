import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { CopyIn } from './postgres-copy.js';

/**
 * Inserting tens of thousands of rows (an import) inside a transaction already open, the
 * fastest way each engine offers. Dialect-specific, so it lives here:
 *
 * - SQLite: Kysely's driver prepares every statement anew, and preparing a long multi-row
 *   INSERT costs about as much as running it. Here one better-sqlite3 statement of a fixed
 *   number of rows is prepared once per table and column list and run again and again, on
 *   the connection (and so in the transaction) Kysely holds. Statements of a few dozen rows
 *   beat single rows while the tables have triggers (each statement then opens a statement
 *   journal, see database.ts) and cost little more without them.
 * - PostgreSQL: `COPY … FROM STDIN` in text format, streamed in pieces of a thousand rows on
 *   the transaction's connection (postgres-copy.ts says how it reaches it). It takes a quarter
 *   to a third less time than the one-array-per-column `insert … select from unnest(…)` it
 *   replaced (30,000 contacts in `npm run bench`: 710–800 ms against 1,020–1,090), nearly
 *   all of it the server's own work (foreign keys, nine indexes, the change log's statement
 *   triggers, which COPY fires like an INSERT).
 *
 * Timestamps are ISO text in this schema, so values are strings, numbers or null.
 */

export interface BulkInserter {
  /**
   * Inserts the `count` rows of `rows` (objects keyed by column name; a missing value is null)
   * into `table`. `rows` may be a generator: rows are taken as they are sent, so that on
   * PostgreSQL building them overlaps the server's work on the rows sent before.
   * `onBatch` is told, every few thousand rows at most, how many were written since the
   * last call, and is awaited: the import reports progress and yields to the event loop there.
   */
  insert(
    trx: Transaction<Database>,
    table: string,
    columns: readonly string[],
    rows: Iterable<object>,
    count: number,
    onBatch?: (count: number) => Promise<void>,
  ): Promise<void>;
}

export function bulkInserter(db: Db): BulkInserter {
  if (db.engine === 'sqlite') {
    if (!db.sqlite) throw new Error('The SQLite bulk inserter needs the better-sqlite3 connection');
    return new SqliteBulkInserter(db.sqlite);
  }
  return new PostgresBulkInserter();
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Rows per SQLite statement: 24 columns × 50 = 1,200 parameters, far under SQLite's 32,766. */
const SQLITE_ROWS = 50;
/** Rows between two progress reports on SQLite (better-sqlite3 blocks the event loop meanwhile). */
const SQLITE_REPORT_EVERY = 1_000;
/** Rows between two progress reports on PostgreSQL: a tenth of the rows at most, so that progress moves (the web polls it). */
const postgresReportEvery = (total: number) => Math.min(5_000, Math.max(500, Math.ceil(total / 10)));

class SqliteBulkInserter implements BulkInserter {
  /** Prepared statements by SQL text; they stay valid across transactions (SQLite re-prepares after a schema change). */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  async insert(_trx: Transaction<Database>, table: string, names: readonly string[], source: Iterable<object>, count: number, onBatch?: (count: number) => Promise<void>): Promise<void> {
    if (count === 0) return;
    // Rows are pulled from the source batch by batch, never all made first: an import of
    // 100,000 contacts would otherwise hold every row (search text, JSON) at once.
    const iterator = source[Symbol.iterator]();
    let i = 0;
    const take = (): Record<string, unknown> => {
      const next = iterator.next();
      if (next.done) throw new Error(`bulk insert into ${table}: ${i} rows given, ${count} announced`);
      return next.value as Record<string, unknown>;
    };
    // The statements below bypass Kysely: they must land in the transaction it opened.
    if (!this.sqlite.inTransaction) throw new Error('bulk insert outside a transaction');
    const width = names.length;
    const many = this.statement(table, names, SQLITE_ROWS);
    const one = this.statement(table, names, 1);
    const parameters: unknown[] = new Array(SQLITE_ROWS * width);
    let sinceReport = 0;
    while (i < count) {
      const n = count - i >= SQLITE_ROWS ? SQLITE_ROWS : 1;
      const values = n === SQLITE_ROWS ? parameters : new Array<unknown>(width);
      let p = 0;
      for (let r = 0; r < n; r++) {
        const record = take();
        for (let c = 0; c < width; c++) values[p++] = record[names[c]!] ?? null;
      }
      (n === SQLITE_ROWS ? many : one).run(values);
      i += n;
      sinceReport += n;
      if (onBatch && (sinceReport >= SQLITE_REPORT_EVERY || i === count)) {
        await onBatch(sinceReport);
        sinceReport = 0;
      }
    }
    if (!iterator.next().done) throw new Error(`bulk insert into ${table}: more rows given than the ${count} announced`);
  }

  private statement(table: string, names: readonly string[], rows: number): BetterSqlite3.Statement {
    const group = `(${names.map(() => '?').join(', ')})`;
    const text = `insert into ${quoteId(table)} (${names.map(quoteId).join(', ')}) values ${Array.from({ length: rows }, () => group).join(', ')}`;
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.sqlite.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

class PostgresBulkInserter implements BulkInserter {
  async insert(trx: Transaction<Database>, table: string, columns: readonly string[], rows: Iterable<object>, count: number, onBatch?: (count: number) => Promise<void>): Promise<void> {
    if (count === 0) return;
    // COPY on a connection outside a transaction would commit on its own.
    if (!trx.isTransaction) throw new Error('bulk insert outside a transaction');
    const text = `copy ${quoteId(table)} (${columns.map(quoteId).join(', ')}) from stdin with (format text)`;
    const reportEvery = postgresReportEvery(count);
    const iterator = rows[Symbol.iterator]();
    let reported = 0;
    let sent = 0;
    async function* chunks(): AsyncGenerator<string> {
      for (;;) {
        const chunk = copyText(iterator, columns, COPY_CHUNK_ROWS);
        if (chunk.rows > 0) yield chunk.text;
        sent += chunk.rows;
        if (chunk.done) return;
        // The last rows are reported once the server has taken them all (below).
        if (onBatch && sent - reported >= reportEvery) {
          const written = sent - reported;
          reported = sent;
          await onBatch(written);
        }
      }
    }
    await trx.executeQuery(CompiledQuery.raw(text, [new CopyIn(chunks())]));
    if (sent !== count) throw new Error(`bulk insert into ${table}: ${sent} rows given, ${count} announced`);
    if (onBatch && sent > reported) await onBatch(sent - reported);
  }
}

/**
 * Rows per piece of COPY text sent (about 300 KB of contacts): small enough that building the
 * next piece overlaps the server's work on this one, large enough that the stream's per-chunk
 * cost vanishes.
 */
const COPY_CHUNK_ROWS = 1_000;

/** Up to `max` rows in COPY's text format: a tab between columns, a line feed after each row, `\N` for null. */
function copyText(rows: Iterator<object>, names: readonly string[], max: number): { text: string; rows: number; done: boolean } {
  let text = '';
  let n = 0;
  while (n < max) {
    const next = rows.next();
    if (next.done) return { text, rows: n, done: true };
    const record = next.value as Record<string, unknown>;
    for (let c = 0; c < names.length; c++) {
      if (c > 0) text += '\t';
      text += copyValue(record[names[c]!]);
    }
    text += '\n';
    n++;
  }
  return { text, rows: n, done: false };
}

// The characters COPY's text format gives a meaning to. NUL needs nothing: PostgreSQL refuses
// it in text whichever way it comes (an error, as with parameters), and imports refuse
// control characters before this (import.service.ts).
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value as pg would send it as a parameter (strings and numbers; null for a missing value), in COPY text. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (ch) => COPY_ESCAPES[ch]!) : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new TypeError(`bulk insert: a ${typeof value} value; columns are text or integer`);
}
