import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('the request log at level info', () => {
  let tdb: TestDatabase;
  let lines: string[];
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    const services = createServices({ db: tdb.db, clock: fixedClock('2026-03-03T09:00:00.000Z') });
    const { id: workspaceId } = await services.workspaces.ensureLocal();
    lines = [];
    app = await buildApp({ services, workspaceId, logLevel: 'info', logStream: { write: (line: string) => lines.push(line) } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await tdb.destroy();
  });

  it('logs each request without the calendar feed’s secret or what the user searched for', async () => {
    const { path } = (await app.inject({ url: '/api/calendar' })).json<{ path: string }>();
    const secret = /\/api\/calendar\/(.+)\.ics$/.exec(path)?.[1] ?? '';
    expect(secret.length).toBeGreaterThan(16);
    expect((await app.inject({ url: path })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/calendar/not-the-secret-but-still-private.ics' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/contacts?q=Therapist%20Dr%20Jones&limit=5' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/contacts/search-term-in-path?q=x' })).statusCode).toBe(404);

    const log = lines.join('');
    expect(log).toContain('incoming request');
    expect(log).toContain('/api/calendar/[redacted].ics');
    expect(log).toContain('/api/contacts?q=[redacted]&limit=[redacted]');
    expect(log).not.toContain(secret);
    expect(log).not.toContain('not-the-secret-but-still-private');
    expect(log).not.toMatch(/Therapist|Jones/);
  });
});
