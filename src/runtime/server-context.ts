import { migrateToLatest, openDatabase, type Db } from '../db/database.js';
import { createServices, type Services } from '../services/index.js';
import type { PasswordHasher } from '../services/accounts/secrets.js';
import { PgBossJobs } from '../services/pg-boss-jobs.js';
import { uuidV7Ids, type Clock, type IdGenerator } from '../services/runtime.js';

export interface ServerContext {
  db: Db;
  services: Services;
  jobs: PgBossJobs;
  close(): Promise<void>;
}

export interface ServerContextOptions {
  clock?: Clock;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
  /** Take imports from the job queue (a server process); a command such as `rapport admin` does not. */
  runJobs?: boolean;
  /** How often an idle worker asks the queue for work, in seconds (pg-boss's default here: 1). */
  jobPollingSeconds?: number;
  onJobError?: (error: unknown) => void;
}

/**
 * Server mode's context: the database migrated and the services wired, with no local workspace —
 * each account has its own, made when the account is. Imports wait and run through the
 * PostgreSQL job queue (services/pg-boss-jobs.ts), so that any number of server processes can
 * share the database: whichever receives a request answers it.
 */
export async function openServerContext(database: { engine: 'postgres'; url: string }, options: ServerContextOptions = {}): Promise<ServerContext> {
  const db = openDatabase(database);
  const ids = options.ids ?? uuidV7Ids;
  const jobs = new PgBossJobs({
    db,
    ids,
    url: database.url,
    ...(options.jobPollingSeconds === undefined ? {} : { pollingSeconds: options.jobPollingSeconds }),
    ...(options.onJobError ? { onError: options.onJobError } : {}),
  });
  try {
    await migrateToLatest(db);
    const services = createServices({ db, ids, jobs, ...(options.clock ? { clock: options.clock } : {}), ...(options.hasher ? { hasher: options.hasher } : {}) });
    if (options.runJobs) await jobs.start();
    return {
      db,
      services,
      jobs,
      close: async () => {
        await jobs.stop();
        await db.close();
      },
    };
  } catch (error) {
    await jobs.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}
