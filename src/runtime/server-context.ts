import { migrateToLatest, openDatabase, type Db } from '../db/database.js';
import { createServices, type Services } from '../services/index.js';
import type { PasswordHasher } from '../services/accounts/secrets.js';
import type { Clock, IdGenerator } from '../services/runtime.js';

export interface ServerContext {
  db: Db;
  services: Services;
  close(): Promise<void>;
}

/**
 * Server mode's context: the database migrated and the services wired, with no local workspace —
 * each account has its own, made when the account is.
 */
export async function openServerContext(database: { engine: 'postgres'; url: string }, options: { clock?: Clock; ids?: IdGenerator; hasher?: PasswordHasher } = {}): Promise<ServerContext> {
  const db = openDatabase(database);
  try {
    await migrateToLatest(db);
    return { db, services: createServices({ db, ...options }), close: () => db.close() };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
