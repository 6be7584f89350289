import { damagedDatabaseError, migrateToLatest, openDatabase, type Db, type DatabaseConfig } from '../db/database.js';
import { createServices, type Services } from '../services/index.js';
import type { Clock, IdGenerator } from '../services/runtime.js';

export interface AppContext {
  db: Db;
  services: Services;
  /** The local workspace: local mode has exactly one. */
  workspaceId: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it to the latest schema and wires the services. Used by the server and every CLI command. */
export async function openContext(database: DatabaseConfig, options: { clock?: Clock; ids?: IdGenerator } = {}): Promise<AppContext> {
  const db = openDatabase(database);
  try {
    await migrateToLatest(db);
    const services = createServices({ db, ...options });
    const workspace = await services.workspaces.ensureLocal();
    return { db, services, workspaceId: workspace.id, close: () => db.close() };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw database.engine === 'sqlite' ? damagedDatabaseError(database.file, error) : error;
  }
}
