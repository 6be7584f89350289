import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { copyAwarePool } from './dialects/postgres-copy.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type DatabaseConfig = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export interface Db {
  kysely: Kysely<Database>;
  engine: DatabaseConfig['engine'];
  /**
   * The better-sqlite3 connection under `kysely` on SQLite, for db/dialects/bulk-insert.ts
   * only (it reuses prepared statements, which Kysely's driver does not). Same connection, so
   * the same transaction.
   */
  sqlite?: SQLite.Database;
  /**
   * Refreshes the query planner's statistics after many rows changed (an import, a restore).
   * SQLite: without them it reads `workspace_id = ? and id in (…)` through the workspace index,
   * every contact of the workspace, instead of the ids. PostgreSQL's autovacuum keeps its own.
   */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

// PostgreSQL returns COUNT(*) and BIGINT as strings; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** Opens the database. Call {@link migrateToLatest} before use. */
export function openDatabase(config: DatabaseConfig): Db {
  if (config.engine === 'sqlite') {
    if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const sqlite = new SQLite(config.file);
    // WAL lets the CLI read and write while the server runs; busy_timeout waits for the other
    // writer instead of failing at once.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // A statement that fires triggers (every write to a logged table) keeps a statement journal
    // of the pages it changes; on disk that is a temporary file written for every statement of a
    // bulk import (about a third of the insert's time). In memory it is a few pages per statement;
    // large sorts and temporary tables stay in memory too, small at a job search's scale.
    sqlite.pragma('temp_store = MEMORY');
    // SQLite's advice for long-lived connections: gather statistics that are missing or stale
    // on opening (cheap: it samples), and again after bulk writes (`optimize`).
    sqlite.pragma('optimize = 0x10002');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    // 0x10002, not SQLite's default 0x10012 (nor any `analysis_limit`): sampled statistics
    // make a workspace look small (2,001 contacts for 29,121 after an import), and SQLite then
    // runs the import's 500-id `update … where workspace_id = ? and id in (…)` through a
    // workspace index. The full analysis costs 35–50 ms after a 30,000-row import.
    const optimize = async () => {
      sqlite.pragma('optimize = 0x10002');
    };
    return { kysely, engine: 'sqlite', sqlite, optimize, close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  let closing = false;
  // An idle pooled connection that the server drops (a restart, or a test dropping its
  // database) emits 'error'; without a listener that would crash the process.
  pool.on('error', (error) => {
    if (!closing) process.stderr.write(`PostgreSQL connection lost: ${error.message}\n`);
  });
  // Kysely gets the pool through a wrapper that lets a transaction run COPY on its own
  // connection (dialects/postgres-copy.ts, for the bulk insert of imports).
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyAwarePool(pool) }) });
  return {
    kysely,
    engine: 'postgres',
    optimize: async () => undefined,
    close: () => {
      closing = true;
      return kysely.destroy();
    },
  };
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Runs every pending migration; safe to call on every start. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet['results']> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return results;
}
