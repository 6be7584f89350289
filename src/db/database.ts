import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type MigrationProvider,
  type MigrationResultSet,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { copyAwarePool } from './dialects/postgres-copy.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type DatabaseConfig =
  | {
      engine: 'sqlite';
      file: string;
      /** How long a write waits for another process's write (the CLI and the server share the file); default {@link SQLITE_BUSY_TIMEOUT_MS}. */
      busyTimeoutMs?: number;
    }
  | { engine: 'postgres'; url: string };

/**
 * Longer than the longest write Rapport makes (an import of 30,000 rows takes about a second,
 * a few under load), so that a second writer waits its turn instead of failing.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

/**
 * Kysely's SQLite driver starts transactions with a plain (deferred) `BEGIN`: the transaction
 * reads first and becomes a writer at its first write. When another process (the CLI importing
 * while the server edits) has written in between, SQLite cannot upgrade it and answers
 * SQLITE_BUSY at once, without waiting the busy timeout. `BEGIN IMMEDIATE` takes the write lock
 * up front, where the busy timeout applies, so a reader never has to become a writer.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * After a full disk (SQLITE_FULL, an I/O error) SQLite has already rolled the transaction back
   * itself; a second ROLLBACK then fails with "no transaction is active" and would hide the error
   * that matters (the disk is full) behind one that does not.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!(error instanceof Error && /no transaction is active/.test(error.message))) throw error;
    }
  }
}

/**
 * SQLite does run DDL inside transactions; Kysely's adapter says it does not, so its migrator
 * would run each migration's statements one by one, and a crash between two of them left a
 * half-made schema that no later start could get past. Saying yes makes the migrator wrap a
 * migration in a transaction, as it does on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class RapportSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Prepared statements kept per connection, by their SQL (the most recently used). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every statement anew, and compiling a statement is often
 * more of a query's cost than running it (a page of the contact list: 0.4 ms to compile, 0.2
 * to run). This hands the driver a connection whose `prepare` returns the statement already
 * compiled for the same SQL, unless that one is busy (a result still being iterated), which
 * gets a fresh one. SQLite itself recompiles a statement whose tables' schema changed.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      const known = cache.get(text);
      if (known && !known.busy) {
        cache.delete(text);
        cache.set(text, known);
        return known;
      }
      const statement = sqlite.prepare(text);
      if (!known) {
        cache.set(text, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
      }
      return statement;
    },
  };
}

export interface Db {
  kysely: Kysely<Database>;
  engine: DatabaseConfig['engine'];
  /**
   * The better-sqlite3 connection under `kysely` on SQLite, for db/dialects/bulk-insert.ts
   * only (it reuses prepared statements, which Kysely's driver does not). Same connection, so
   * the same transaction.
   */
  sqlite?: SQLite.Database;
  /** The SQLite file (absent on PostgreSQL and for `:memory:`). */
  file?: string;
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
    try {
      // busy_timeout first: switching to WAL itself waits for another process's lock.
      sqlite.pragma(`busy_timeout = ${config.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS}`);
      // WAL lets the CLI read and write while the server runs; busy_timeout waits for the other
      // writer instead of failing at once.
      sqlite.pragma('journal_mode = WAL');
    } catch (error) {
      sqlite.close();
      throw damagedDatabaseError(config.file, error);
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // A statement that fires triggers (every write to a logged table) keeps a statement journal
    // of the pages it changes; on disk that is a temporary file written for every statement of a
    // bulk import (about a third of the insert's time). In memory it is a few pages per statement;
    // large sorts and temporary tables stay in memory too, small at a job search's scale.
    sqlite.pragma('temp_store = MEMORY');
    // SQLite's advice for long-lived connections: gather statistics that are missing or stale
    // on opening (cheap: it samples), and again after bulk writes (`optimize`).
    sqlite.pragma('optimize = 0x10002');
    const kysely = new Kysely<Database>({ dialect: new RapportSqliteDialect({ database: withStatementCache(sqlite) }) });
    // 0x10002, not SQLite's default 0x10012 (nor any `analysis_limit`): sampled statistics
    // make a workspace look small (2,001 contacts for 29,121 after an import), and SQLite then
    // runs the import's 500-id `update … where workspace_id = ? and id in (…)` through a
    // workspace index. The full analysis costs 35–50 ms after a 30,000-row import.
    const optimize = async () => {
      sqlite.pragma('optimize = 0x10002');
    };
    return {
      kysely,
      engine: 'sqlite',
      sqlite,
      ...(config.file === ':memory:' ? {} : { file: config.file }),
      optimize,
      close: () => kysely.destroy(),
    };
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

/** The database file cannot be read (not a database, or damaged): said plainly, with where the copies are. */
export class DamagedDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DamagedDatabaseError';
  }
}

/** The copies kept beside the database file before each upgrade, newest first. */
export function copiesBeforeUpgrade(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.before-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.bak'));
  } catch {
    return [];
  }
  return names.map((n) => path.join(dir, n)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** A damaged or foreign SQLite file becomes a {@link DamagedDatabaseError}; any other error is returned as it is. */
export function damagedDatabaseError(file: string, error: unknown): unknown {
  const code = sqliteCode(error);
  if (!DAMAGED_CODES.has(code) && !code.startsWith('SQLITE_CORRUPT')) return error;
  const copy = copiesBeforeUpgrade(file)[0];
  const where = copy
    ? `The last copy Rapport kept is ${copy} (made before the last upgrade); a backup you made with \`rapport backup\` can be restored too.`
    : 'Restore a backup you made with `rapport backup` (into a new RAPPORT_DATA_DIR, then `rapport restore <file>`).';
  return new DamagedDatabaseError(
    `The database file ${file} is damaged or is not a Rapport database (${error instanceof Error ? error.message : String(error)}). Rapport did not change it. ${where}`,
    { cause: error },
  );
}

/**
 * The disk refused a write: it is full, a quota or file-size limit was reached (ENOSPC, EDQUOT,
 * EFBIG; SQLite's SQLITE_FULL, or the I/O error it gives when the write itself fails; PostgreSQL's
 * disk_full). The transaction was rolled back: nothing of it was written.
 */
export function isDiskFull(error: unknown): boolean {
  const code = sqliteCode(error);
  return ['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_TRUNCATE', 'SQLITE_IOERR_SHMSIZE', '53100'].includes(code);
}

/** What a person is told when the disk refused a write (the CLI and the API say the same). */
export const DISK_FULL_MESSAGE =
  'Rapport could not write to the disk: it is full, or a size limit was reached. Nothing was changed — the database is as it was. Free some space and try again.';

/**
 * Another writer held the database longer than we wait (SQLite's busy timeout; a lock or
 * serialization conflict on PostgreSQL). Nothing was written: the request may be retried.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '55P03' || code === '40001' || code === '40P01';
}

export interface MigrateOptions {
  /** Defaults to Rapport's migrations; tests pass their own. */
  provider?: MigrationProvider;
  /** Where to say that a copy was kept (stderr by default). */
  log?: (message: string) => void;
}

/**
 * Runs every pending migration; safe to call on every start. Each migration runs in its own
 * transaction on both engines, so a failure or a crash half-way leaves the schema as the last
 * whole migration left it. Before migrating a SQLite database that already holds a schema, a
 * copy is made with SQLite's backup API beside the file.
 */
export async function migrateToLatest(db: Db, options: MigrateOptions = {}): Promise<MigrationResultSet['results']> {
  const migrator = new Migrator({ db: db.kysely, provider: options.provider ?? migrationProvider });
  if (db.sqlite && db.file) {
    const migrations = await migrator.getMigrations();
    const pending = migrations.filter((m) => !m.executedAt);
    if (pending.length > 0 && pending.length < migrations.length) {
      const copy = `${db.file}.before-${pending[0]?.name ?? 'upgrade'}.bak`;
      await db.sqlite.backup(copy);
      (options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(`Rapport: upgrading the database; a copy of it as it was is kept at ${copy}`);
    }
  }
  const results: NonNullable<MigrationResultSet['results']> = [];
  // One migration per call: the migrator wraps each call in one transaction.
  for (;;) {
    const { error, results: step } = await migrator.migrateUp();
    results.push(...(step ?? []));
    if (error) {
      const failed = step?.find((r) => r.status === 'Error');
      throw new MigrationError(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
    }
    if (!step || step.length === 0) return results;
  }
}
