import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/services/index.js';
import { startingClock, type Clock } from '../../src/services/runtime.js';
import { testNow } from './clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  workspaceId: string;
  tdb: TestDatabase;
  close(): Promise<void>;
}

/**
 * The whole HTTP app in-process on a fresh SQLite database, for `app.inject` tests; on the
 * tests' clock (`testNow`, advancing in real time) unless given another.
 */
export async function createTestApp(options: { clock?: Clock } = {}): Promise<TestApp> {
  const tdb = await createTestDatabase('sqlite');
  const services = createServices({ db: tdb.db, clock: options.clock ?? startingClock(testNow()) });
  const { id: workspaceId } = await services.workspaces.ensureLocal();
  const app = await buildApp({ services, workspaceId, logLevel: 'silent' });
  await app.ready();
  return {
    app,
    services,
    workspaceId,
    tdb,
    close: async () => {
      await app.close();
      await tdb.destroy();
    },
  };
}
