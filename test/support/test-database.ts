import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.js';

export type TestEngine = 'sqlite' | 'postgres';

export const testEngine: TestEngine = process.env.RAPPORT_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** The server the PostgreSQL suites create their databases on (trust auth on this machine). */
export const postgresAdminUrl = process.env.RAPPORT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let postgresReachable: Promise<boolean> | undefined;

/**
 * Whether the PostgreSQL suites can run. Locally a missing server skips them with a loud
 * message; under CI=true it is a failure, never a silent skip.
 */
export function isPostgresReachable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (process.env.CI) throw new Error(`PostgreSQL is required under CI=true but unreachable at ${postgresAdminUrl}: ${String(error)}`);
      console.warn(`\n!!! PostgreSQL unreachable at ${postgresAdminUrl}: PostgreSQL suites are SKIPPED (${String(error)})\n`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresReachable;
}

export interface TestDatabase {
  db: Db;
  engine: TestEngine;
  /** Connection settings another process (the CLI, a second server) can use to reach the same data. */
  env: Record<string, string>;
  destroy(): Promise<void>;
}

/** A fresh, migrated database for one test file: a temporary SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(engine: TestEngine = testEngine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
    const file = path.join(dir, 'rapport.sqlite');
    const db = openDatabase({ engine: 'sqlite', file });
    if (migrate) await migrateToLatest(db);
    return {
      db,
      engine,
      env: { RAPPORT_DATA_DIR: dir },
      destroy: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `rapport_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ engine: 'postgres', url: url.toString() });
  if (migrate) await migrateToLatest(db);
  return {
    db,
    engine,
    env: { DATABASE_URL: url.toString() },
    destroy: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: postgresAdminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Whether this suite's engine is available (always true for SQLite). */
export async function engineAvailable(engine: TestEngine = testEngine): Promise<boolean> {
  return engine === 'sqlite' ? true : isPostgresReachable();
}
