import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/services/index.js';
import { startingClock, type Clock } from '../../src/services/runtime.js';
import { testNow } from './clock.js';
import { checkAnswersAgainstOpenApi } from './openapi-check.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  workspaceId: string;
  tdb: TestDatabase;
  close(): Promise<void>;
}

/**
 * The whole HTTP app in-process on a fresh database (SQLite unless told), for `app.inject`
 * tests; on the tests' clock (`testNow`, advancing in real time) unless given another.
 */
export async function createTestApp(options: { clock?: Clock; engine?: TestEngine } = {}): Promise<TestApp> {
  const tdb = await createTestDatabase(options.engine ?? 'sqlite');
  const services = createServices({ db: tdb.db, clock: options.clock ?? startingClock(testNow()) });
  const { id: workspaceId } = await services.workspaces.ensureLocal();
  const app = await buildApp({ services, workspaceId, logLevel: 'silent' });
  // Every answer is checked against the OpenAPI document (test/support/openapi-setup.ts fails the test).
  checkAnswersAgainstOpenApi(app, { documentKey: 'local' });
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
