import { damagedDatabaseError, migrateToLatest, openDatabase, type Db, type DatabaseConfig } from '../db/database.js';
import { createServices, type Services } from '../services/index.js';
import { startingClock, systemClock, type Clock, type IdGenerator } from '../services/runtime.js';
import type { RuntimeConfig } from './config.js';

/** Local mode (the CLI, `rapport serve` without --server) opened a database that serves accounts. */
export class ServerDatabaseError extends Error {
  constructor() {
    super('This database serves accounts (server mode): local commands would not know whose workspace to use. Start it with `rapport serve --server`, or use `rapport admin`.');
    this.name = 'ServerDatabaseError';
  }
}

export interface AppContext {
  db: Db;
  services: Services;
  /** The services' clock: what "now" means for this process (RAPPORT_CLOCK_START in tests). */
  clock: Clock;
  /** The local workspace: local mode has exactly one. */
  workspaceId: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it to the latest schema and wires the services. Used by the server and every CLI command. */
export async function openContext(database: DatabaseConfig, options: { clock?: Clock; ids?: IdGenerator } = {}): Promise<AppContext> {
  const db = openDatabase(database);
  const clock = options.clock ?? systemClock;
  try {
    await migrateToLatest(db);
    const services = createServices({ db, ...options, clock });
    // A server-mode database holds many people's workspaces: local mode must not pick one.
    if (await services.accounts.hasAccounts()) throw new ServerDatabaseError();
    const workspace = await services.workspaces.ensureLocal();
    return { db, services, clock, workspaceId: workspace.id, close: () => db.close() };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw database.engine === 'sqlite' ? damagedDatabaseError(database.file, error) : error;
  }
}

/** The clock a process runs on: the system's, or one starting at RAPPORT_CLOCK_START. */
export function clockFor(config: Pick<RuntimeConfig, 'clockStart'>): Clock {
  return config.clockStart ? startingClock(config.clockStart) : systemClock;
}
