import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';

describe('faults over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a write that finds the database busy past its wait is a 503 with Retry-After, never a 500, and writes nothing', async () => {
    const file = t.tdb.db.file ?? '';
    // Another process holds the write lock longer than this one waits.
    t.tdb.db.sqlite?.pragma('busy_timeout = 100');
    const other = new SQLite(file);
    other.exec('begin immediate');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Grace', familyName: 'Hopper' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.json()).toMatchObject({ error: { code: 'busy', message: expect.stringContaining('try again') } });
    } finally {
      other.exec('rollback');
      other.close();
      t.tdb.db.sqlite?.pragma('busy_timeout = 15000');
    }
    expect((await t.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total).toBe(0);
    const retried = await t.app.inject({ method: 'POST', url: '/api/contacts', payload: { givenName: 'Grace', familyName: 'Hopper' } });
    expect(retried.statusCode).toBe(201);
  });
});
