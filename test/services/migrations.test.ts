import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, migrateToLatest, type Db } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createServices } from '../../src/services/index.js';
import { contactListQuerySchema } from '../../src/contracts/contact.schema.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

const realMigrations = await migrationProvider.getMigrations();
const realNames = Object.keys(realMigrations).sort();

function provider(migrations: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => migrations };
}

async function tableNames(db: Db): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
  return tables.map((t) => t.name).sort();
}

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables();
  return tables.find((t) => t.name === table)?.columns.map((c) => c.name).sort() ?? [];
}

/** A migration that does part of its work and then fails, as a crash or a bug would stop it. */
const failingHalfWay: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('half_made').addColumn('id', 'text', (c) => c.primaryKey()).execute();
    await db.schema.alterTable('contacts').addColumn('half_made_column', 'text').execute();
    await sql`insert into half_made (id) values ('x')`.execute(db);
    throw new Error('disk on fire');
  },
};

describe.skipIf(!available)(`migrations on ${testEngine}`, () => {
  let tdb: TestDatabase | undefined;
  afterEach(async () => {
    await tdb?.destroy();
    tdb = undefined;
  });

  it('a migration that fails half-way leaves the schema and the data as they were, and the next start succeeds', async () => {
    tdb = await createTestDatabase(testEngine);
    const services = createServices({ db: tdb.db });
    const { id: workspaceId } = await services.workspaces.ensureLocal();
    await services.contacts.create({ workspaceId }, buildContact({ givenName: 'Ada', familyName: 'Byron' }));
    const before = await tableNames(tdb.db);
    const contactColumns = await columnsOf(tdb.db, 'contacts');

    await expect(migrateToLatest(tdb.db, { provider: provider({ ...realMigrations, '29990101_0000_broken': failingHalfWay }), log: () => undefined })).rejects.toThrow(
      MigrationError,
    );

    expect(await tableNames(tdb.db)).toEqual(before);
    expect(await columnsOf(tdb.db, 'contacts')).toEqual(contactColumns);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(tdb.db.kysely);
    expect(recorded.rows.map((r) => r.name)).toEqual(realNames);
    // The next start (the real migrations) opens the database and finds the data.
    await migrateToLatest(tdb.db, { log: () => undefined });
    const page = await services.contacts.list({ workspaceId }, contactListQuerySchema.parse({}));
    expect(page.items.map((c) => c.givenName)).toEqual(['Ada']);
  });

  it('a first start stopped inside its first migration leaves no half-made schema: the next start creates it whole', async () => {
    tdb = await createTestDatabase(testEngine, { migrate: false });
    const first = realNames[0] ?? '';
    const initial = realMigrations[first];
    if (!initial) throw new Error('no initial migration');
    const stopped: Migration = {
      async up(db) {
        await initial.up(db);
        throw new Error('killed');
      },
    };
    await expect(migrateToLatest(tdb.db, { provider: provider({ [first]: stopped }), log: () => undefined })).rejects.toThrow(MigrationError);
    expect((await tableNames(tdb.db)).filter((t) => !t.startsWith('kysely_'))).toEqual([]);

    // Before each migration ran in a transaction, this said `table "workspaces" already exists` for good.
    await migrateToLatest(tdb.db, { log: () => undefined });
    const services = createServices({ db: tdb.db });
    expect((await services.workspaces.ensureLocal()).id).toBeTruthy();
  });
});

// Registered on SQLite only (not skipped on PostgreSQL: under CI nothing may skip).
if (testEngine === 'sqlite') describe('the copy kept before upgrading a SQLite database', () => {
  let tdb: TestDatabase | undefined;
  afterEach(async () => {
    await tdb?.destroy();
    tdb = undefined;
  });

  it('an upgrade of a database that holds data first keeps a copy of it beside the file and says where', async () => {
    tdb = await createTestDatabase('sqlite', { migrate: false });
    const older = Object.fromEntries(realNames.slice(0, -1).map((n) => [n, realMigrations[n] as Migration]));
    const logs: string[] = [];
    await migrateToLatest(tdb.db, { provider: provider(older), log: (m) => logs.push(m) });
    expect(logs).toEqual([]); // a new, empty database has nothing to keep
    const services = createServices({ db: tdb.db });
    const { id: workspaceId } = await services.workspaces.ensureLocal();
    // Written as the older schema has it (the last migration may change the contacts table).
    const now = '2026-03-03T09:00:00.000Z';
    await sql`insert into contacts (id, workspace_id, given_name, family_name, display_name, sort_name, emails, phones, shared_interests, search_text, version, created_at, updated_at)
      values ('grace', ${workspaceId}, 'Grace', 'Hopper', 'Grace Hopper', 'hopper', '[]', '[]', '[]', 'grace hopper', 1, ${now}, ${now})`.execute(tdb.db.kysely);

    await migrateToLatest(tdb.db, { log: (m) => logs.push(m) });

    const last = realNames[realNames.length - 1] ?? '';
    const copy = `${tdb.db.file ?? ''}.before-${last}.bak`;
    expect(fs.existsSync(copy)).toBe(true);
    expect(logs).toEqual([expect.stringContaining(copy)]);
    const kept = new SQLite(copy, { readonly: true });
    try {
      expect(kept.prepare('select given_name from contacts').all()).toEqual([{ given_name: 'Grace' }]);
      expect(kept.prepare('select count(*) as n from kysely_migration').get()).toEqual({ n: realNames.length - 1 });
    } finally {
      kept.close();
    }
    // Already up to date: no new copy, nothing said.
    await migrateToLatest(tdb.db, { log: (m) => logs.push(m) });
    expect(logs).toHaveLength(1);
  });
});
