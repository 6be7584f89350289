import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';

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
 * - PostgreSQL: `insert … select * from unnest($1::text[], $2::int4[], …)`, one array per
 *   column, so a statement carries thousands of rows in a couple dozen parameters (parsing
 *   and binding 12,000 positional parameters was a good part of the time).
 *
 * Timestamps are ISO text in this schema, so columns are text or integer.
 */
export interface BulkColumn {
  name: string;
  type: 'text' | 'integer';
}

export interface BulkInserter {
  /**
   * Inserts `rows` (objects keyed by column name; a missing value is null) into `table`.
   * `onBatch` is told, every few thousand rows at most, how many were written since the
   * last call, and is awaited: the import reports progress and yields to the event loop there.
   */
  insert(trx: Transaction<Database>, table: string, columns: readonly BulkColumn[], rows: readonly object[], onBatch?: (count: number) => Promise<void>): Promise<void>;
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
/**
 * Rows per PostgreSQL statement: thousands, so that round trips and parsing vanish, but a
 * tenth of the rows at most, so that progress still moves (the web polls it).
 */
const postgresRows = (total: number) => Math.min(5_000, Math.max(500, Math.ceil(total / 10)));

class SqliteBulkInserter implements BulkInserter {
  /** Prepared statements by SQL text; they stay valid across transactions (SQLite re-prepares after a schema change). */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  async insert(_trx: Transaction<Database>, table: string, columns: readonly BulkColumn[], rows: readonly object[], onBatch?: (count: number) => Promise<void>): Promise<void> {
    if (rows.length === 0) return;
    // The statements below bypass Kysely: they must land in the transaction it opened.
    if (!this.sqlite.inTransaction) throw new Error('bulk insert outside a transaction');
    const names = columns.map((c) => c.name);
    const width = names.length;
    const many = this.statement(table, names, SQLITE_ROWS);
    const one = this.statement(table, names, 1);
    const parameters: unknown[] = new Array(SQLITE_ROWS * width);
    let sinceReport = 0;
    let i = 0;
    while (i < rows.length) {
      const n = rows.length - i >= SQLITE_ROWS ? SQLITE_ROWS : 1;
      const values = n === SQLITE_ROWS ? parameters : new Array<unknown>(width);
      let p = 0;
      for (let r = i; r < i + n; r++) {
        const record = rows[r] as Record<string, unknown>;
        for (let c = 0; c < width; c++) values[p++] = record[names[c]!] ?? null;
      }
      (n === SQLITE_ROWS ? many : one).run(values);
      i += n;
      sinceReport += n;
      if (onBatch && (sinceReport >= SQLITE_REPORT_EVERY || i === rows.length)) {
        await onBatch(sinceReport);
        sinceReport = 0;
      }
    }
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
  async insert(trx: Transaction<Database>, table: string, columns: readonly BulkColumn[], rows: readonly object[], onBatch?: (count: number) => Promise<void>): Promise<void> {
    if (rows.length === 0) return;
    const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'integer' ? 'int4' : 'text'}[]`);
    const text = `insert into ${quoteId(table)} (${columns.map((c) => quoteId(c.name)).join(', ')}) select * from unnest(${arrays.join(', ')})`;
    const size = postgresRows(rows.length);
    for (let start = 0; start < rows.length; start += size) {
      const end = Math.min(rows.length, start + size);
      const parameters = columns.map((c) => {
        const values: unknown[] = new Array(end - start);
        for (let r = start; r < end; r++) values[r - start] = (rows[r] as Record<string, unknown>)[c.name] ?? null;
        return values;
      });
      await trx.executeQuery(CompiledQuery.raw(text, parameters));
      await onBatch?.(end - start);
    }
  }
}
