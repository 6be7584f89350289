import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { SESSION_COOKIE } from '../../src/server/auth/server-mode.js';
import type { Role } from '../../src/contracts/account.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { PgBossJobs } from '../../src/services/pg-boss-jobs.js';
import { fixedClock, uuidV7Ids } from '../../src/services/runtime.js';
import { openDatabase } from '../../src/db/database.js';
import { checkAnswersAgainstOpenApi } from './openapi-check.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const PUBLIC_URL = 'https://rapport.example.test';
export const TEST_PASSWORD = 'correct horse battery staple';
/** Tests run at a fixed instant: nothing depends on the day or hour they run. */
export const TEST_NOW = '2026-03-03T09:00:00.000Z';

export interface ServerTestApp {
  app: FastifyInstance;
  services: Services;
  tdb: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  /** The PostgreSQL job queue this instance's imports run through (as `rapport serve --server` wires it). */
  jobs: PgBossJobs;
  close(): Promise<void>;
}

/**
 * The whole HTTP app in server mode, in-process, on a fresh PostgreSQL database and a fixed
 * clock, with its own job queue workers. Given `tdb`, a second instance on the same database
 * (its own pool, memory and workers), as a second server process behind the load balancer;
 * `work: false`, an instance that takes no work from the queue.
 */
export async function createServerTestApp(options: { loginRateLimit?: { max: number; timeWindowMs: number }; tdb?: TestDatabase; work?: boolean } = {}): Promise<ServerTestApp> {
  const tdb = options.tdb ?? (await createTestDatabase('postgres'));
  const clock = fixedClock(TEST_NOW);
  // A second instance gets its own pool, as a second process would.
  const db = options.tdb ? openDatabase({ engine: 'postgres', url: tdb.env.DATABASE_URL! }) : tdb.db;
  const jobs = new PgBossJobs({ db, ids: uuidV7Ids, url: tdb.env.DATABASE_URL!, pollingSeconds: 0.5 });
  const services = createServices({ db, clock, jobs });
  await jobs.start({ work: options.work ?? true });
  const app = await buildApp({
    services,
    server: { publicUrl: new URL(PUBLIC_URL), ...(options.loginRateLimit ? { loginRateLimit: options.loginRateLimit } : {}) },
    logLevel: 'silent',
  });
  // Every answer is checked against the OpenAPI document (test/support/openapi-setup.ts fails the test).
  checkAnswersAgainstOpenApi(app, { documentKey: 'server' });
  await app.ready();
  return {
    app,
    services,
    tdb,
    clock,
    jobs,
    close: async () => {
      await app.close();
      await jobs.stop();
      if (options.tdb) await db.close();
      else await tdb.destroy();
    },
  };
}

/** A browser's view of the app: its session cookie and CSRF token, sent with every request. */
export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    private readonly app: FastifyInstance,
    readonly address = '203.0.113.1',
  ) {}

  async request(method: string, url: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && options.csrf !== false) headers['x-csrf-token'] = this.csrf;
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      remoteAddress: this.address,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const set = response.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value || null;
    const json = response.headers['content-type']?.toString().includes('json') ? (response.json() as { csrfToken?: unknown }) : null;
    if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown, options?: { csrf?: boolean }) => this.request('POST', url, body ?? {}, options);
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async login(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/api/auth/login', { email, password });
  }
}

export interface TestAccount {
  userId: string;
  workspaceId: string;
  organizationId: string;
  email: string;
  browser: Browser;
}

/** Creates an account directly (as `rapport admin create-user` does) and signs it in. */
export async function signedIn(t: ServerTestApp, email: string, role: Role = 'seeker', organizationName = 'Northside Career Centre', displayName?: string): Promise<TestAccount> {
  const { user } = await t.services.accounts.createUser({ email, displayName: displayName ?? email.split('@')[0] ?? email, password: TEST_PASSWORD, organizationName, role });
  const browser = new Browser(t.app);
  const response = await browser.login(email);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const row = await t.tdb.db.kysely.selectFrom('users').select('workspace_id').where('id', '=', user.id).executeTakeFirstOrThrow();
  return { userId: user.id, workspaceId: row.workspace_id, organizationId: user.memberships[0]?.organizationId ?? '', email, browser };
}
