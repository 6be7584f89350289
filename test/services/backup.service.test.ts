import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_TABLE_ORDER, BOOKKEEPING_TABLES, backupDocumentSchema, backupTableSchemas, type BackupDocument } from '../../src/contracts/transfer.schema.js';
import type { Db } from '../../src/db/database.js';
import { ACCOUNT_TABLES } from '../../src/db/schema.accounts.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock, uuidV7Ids } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, isPostgresReachable, testEngine, type TestDatabase, type TestEngine } from '../support/test-database.js';

const available = await engineAvailable();
const fixtures = path.resolve(import.meta.dirname, '../fixtures/imports');

/**
 * A workspace with rows in every table, every optional column set on one row and empty on
 * another, text in several scripts, JSON columns and integers: what a lossless backup must keep.
 */
async function seedWorkspace(services: Services, db: Db, workspaceId: string): Promise<void> {
  const scope = { workspaceId };
  await services.imports.importFile(scope, fs.readFileSync(path.join(fixtures, 'linkedin/connections-2024.csv')));
  await services.imports.importFile(scope, fs.readFileSync(path.join(fixtures, 'google/contacts-current.csv')));
  const stan = await services.contacts.create(scope, buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme', tags: ['adviser', 'Ωμέγα'], sharedInterests: ['oenophile'], notes: 'Line one\nline "two" \\ three' }));
  // Introduced by someone listed after them (ids are time-ordered): the restore must link afterwards.
  const roger = await services.contacts.create(scope, buildContact({ givenName: 'Roger', familyName: 'Dale', introducedById: stan.id }));
  await services.contacts.update(scope, stan.id, { version: 1, introducedById: roger.id, title: 'Director' });
  const k = db.kysely;
  await k.updateTable('contacts').set({ cadence_ideal_days: 30, cadence_max_days: 90, last_interaction_at: '2026-01-05T10:00:00.000Z' }).where('id', '=', stan.id).execute();
  await k.updateTable('workspaces').set({ settings: JSON.stringify({ timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5] }), calendar_token: `token-${workspaceId}`, playbook_computed_at: '2026-03-03T08:00:00.000Z' }).where('id', '=', workspaceId).execute();
  const acme = await k.selectFrom('organizations').select('id').where('workspace_id', '=', workspaceId).where('name_key', '=', 'acme').executeTakeFirstOrThrow();
  await k.updateTable('organizations').set({ website: 'https://acme.test', industry: 'Robotics', location: 'Denver', notes: 'Hiring', version: 3 }).where('id', '=', acme.id).execute();
  const at = '2026-02-01T09:30:00.000Z';
  const eventId = uuidV7Ids.newId();
  await k.insertInto('events').values({ id: eventId, workspace_id: workspaceId, name: 'Tuesday networking', kind: 'meetup', starts_at: at, time_zone: 'America/Denver', place: 'Library', notes: null, created_at: at, updated_at: at }).execute();
  await k.insertInto('event_attendees').values({ workspace_id: workspaceId, event_id: eventId, contact_id: roger.id }).execute();
  const conversationId = uuidV7Ids.newId();
  await k
    .insertInto('conversations')
    .values({
      id: conversationId,
      workspace_id: workspaceId,
      kind: 'job-interview',
      status: 'done',
      starts_at: at,
      time_zone: 'America/Denver',
      duration_minutes: 45,
      title: 'Round 2',
      location: 'Zoom',
      notes: 'Went well',
      direction: 'outbound',
      awaiting_reply: 1,
      replied_at: null,
      organization_id: acme.id,
      event_id: eventId,
      opportunity_id: 'opp-1',
      interview_round: 2,
      feedback: 'Strong',
      next_steps: 'Send references',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await k.insertInto('conversation_participants').values([
    { workspace_id: workspaceId, conversation_id: conversationId, contact_id: stan.id, role: 'interviewer' },
    { workspace_id: workspaceId, conversation_id: conversationId, contact_id: roger.id, role: 'participant' },
  ]).execute();
  await k.insertInto('conversation_sources').values({ workspace_id: workspaceId, source_key: 'mail:hash-of-a-message-id', conversation_id: conversationId, sequence: 0, created_at: at }).execute();
  await k.insertInto('targets').values({ organization_id: acme.id, workspace_id: workspaceId, rank: 1, motivation: 3, posting: 2, status: 'active', suggested_by_id: stan.id, suggested_in_conversation_id: conversationId, notes: 'Top', added_at: at, updated_at: at }).execute();
  await k.insertInto('referrals').values({ id: uuidV7Ids.newId(), workspace_id: workspaceId, from_contact_id: stan.id, to_contact_id: roger.id, to_organization_id: acme.id, conversation_id: conversationId, status: 'met', note: 'Call him', offered_at: at, status_changed_at: at, created_at: at, updated_at: at }).execute();
  await k.insertInto('advice_items').values({ id: uuidV7Ids.newId(), workspace_id: workspaceId, contact_id: stan.id, conversation_id: conversationId, kind: 'book', title: 'Read it', notes: null, status: 'done', done_at: at, update_sent_at: null, created_at: at, updated_at: at }).execute();
  const actionId = uuidV7Ids.newId();
  await k
    .insertInto('actions')
    .values({ id: actionId, workspace_id: workspaceId, key: `thank-you:${conversationId}`, rule_id: 'thank-you', title: 'Thank Stan', reason: 'You met Stan', due_on: '2026-02-02', channel: 'email', template_id: 'thank-you', subjects: JSON.stringify([{ type: 'contact', id: stan.id }]), recipients: JSON.stringify([stan.id]), template_context: '{"a":1}', note: 'n', status: 'snoozed', snoozed_until: '2026-02-04', completed_at: null, created_at: at, updated_at: at })
    .execute();
  await k.insertInto('action_subjects').values({ workspace_id: workspaceId, action_id: actionId, record_type: 'contact', record_id: stan.id }).execute();
  const opportunityId = uuidV7Ids.newId();
  await k
    .insertInto('opportunities')
    .values({ id: opportunityId, workspace_id: workspaceId, organization_id: acme.id, title: 'Staff Engineer', source: 'referral', referrer_contact_id: stan.id, stage: 'interviewing', stage_changed_at: at, board_position: 2, competing_candidates: 4, not_a_fit: 0, rapport_interviewer_id: roger.id, posting_url: 'https://acme.test/jobs/1', notes: 'Round 2 next', created_at: at, updated_at: at })
    .execute();
  await k.insertInto('opportunity_stage_changes').values([
    { id: uuidV7Ids.newId(), workspace_id: workspaceId, opportunity_id: opportunityId, from_stage: null, to_stage: 'lead', at },
    { id: uuidV7Ids.newId(), workspace_id: workspaceId, opportunity_id: opportunityId, from_stage: 'lead', to_stage: 'interviewing', at },
  ]).execute();
  await k.insertInto('opportunity_interviewers').values({ workspace_id: workspaceId, opportunity_id: opportunityId, contact_id: roger.id }).execute();
}

/** Every table of a workspace, rows sorted, workspace ids left out (a restore keeps the target's). */
async function tablesOf(db: Db, workspaceId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of BACKUP_TABLE_ORDER) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db.kysely);
    out[table] = rows.map(({ workspace_id: _ws, ...rest }) => JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))))).sort();
  }
  return out;
}

/** The workspace's row without its id and its calendar secret (a restore never keeps that: see below). */
async function workspaceRow(db: Db, id: string) {
  const { id: _id, calendar_token: _secret, ...rest } = await db.kysely.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return rest;
}

describe.skipIf(!available)(`backup and restore on ${testEngine}`, () => {
  let source: TestDatabase;
  let services: Services;
  let workspaceId: string;
  let backup: BackupDocument;
  const clock = fixedClock('2026-03-03T09:00:00.000Z');

  beforeAll(async () => {
    source = await createTestDatabase();
    services = createServices({ db: source.db, clock });
    workspaceId = (await services.workspaces.ensureLocal()).id;
    await seedWorkspace(services, source.db, workspaceId);
    backup = await services.backups.backup({ workspaceId });
  });
  afterAll(async () => {
    await source?.destroy();
  });

  it('writes every table of the migrated schema and every column', async () => {
    const tables = await source.db.kysely.introspection.getTables();
    const ours = tables.filter((t) => !t.name.startsWith('kysely_') && t.name !== 'workspaces' && !BOOKKEEPING_TABLES.includes(t.name) && !(ACCOUNT_TABLES as readonly string[]).includes(t.name));
    expect(ours.map((t) => t.name).sort()).toEqual([...BACKUP_TABLE_ORDER].sort());
    for (const table of ours) {
      const schema = backupTableSchemas[table.name as keyof typeof backupTableSchemas];
      expect(Object.keys(schema.shape).sort(), table.name).toEqual(table.columns.map((c) => c.name).sort());
    }
    const workspaces = tables.find((t) => t.name === 'workspaces')!;
    expect(Object.keys(backup.workspace).sort()).toEqual(workspaces.columns.map((c) => c.name).sort());
  });

  it('is a versioned document of the whole workspace', () => {
    expect(backupDocumentSchema.parse(backup)).toEqual(backup);
    expect(backup).toMatchObject({ format: 'rapport-backup', formatVersion: 1, createdAt: '2026-03-03T09:00:00.000Z', schemaVersion: expect.stringMatching(/^\d{8}_\d{4}_/) });
    for (const table of BACKUP_TABLE_ORDER) expect(backup.tables[table].length, table).toBeGreaterThan(0);
  });

  it('restores into an empty database exactly, ids kept', async () => {
    const target = await createTestDatabase();
    try {
      const other = createServices({ db: target.db, clock });
      const { id } = await other.workspaces.ensureLocal();
      const result = await other.backups.restore({ workspaceId: id }, JSON.parse(JSON.stringify(backup)));
      expect(result.counts.contacts).toBe(backup.tables.contacts.length);
      expect(await tablesOf(target.db, id)).toEqual(await tablesOf(source.db, workspaceId));
      expect(await workspaceRow(target.db, id)).toEqual(await workspaceRow(source.db, workspaceId));
      // And the restored workspace works: search, and a backup of it is the same document.
      expect((await other.contacts.list({ workspaceId: id }, { q: 'fields', limit: 5, offset: 0, sort: 'name' })).items.map((c) => c.displayName)).toEqual(['Stan Fields']);
      const again = await other.backups.backup({ workspaceId: id });
      expect({ ...again.tables }).toEqual(JSON.parse(JSON.stringify(backup.tables).replaceAll(workspaceId, id)));
    } finally {
      await target.destroy();
    }
  });

  it('does not carry the calendar feed’s secret: a backup file is not a key to the feed, and a restored workspace gets a new one', async () => {
    expect(backup.workspace.calendar_token).toBeNull();
    expect(JSON.stringify(backup)).not.toContain(`token-${workspaceId}`);
    // A backup written before this rule carries the secret; the restore still does not keep it.
    const older = JSON.parse(JSON.stringify(backup)) as BackupDocument;
    older.workspace.calendar_token = 'an-old-secret-from-a-backup-file';
    const target = await createTestDatabase();
    try {
      const other = createServices({ db: target.db, clock });
      const { id } = await other.workspaces.ensureLocal();
      await other.backups.restore({ workspaceId: id }, older);
      const secret = await other.playbook.calendarToken({ workspaceId: id });
      expect(secret).not.toBe('an-old-secret-from-a-backup-file');
      expect(secret.length).toBeGreaterThan(16);
      expect(await other.playbook.workspaceOfCalendarToken('an-old-secret-from-a-backup-file')).toBeNull();
      expect(await other.playbook.workspaceOfCalendarToken(secret)).toBe(id);
    } finally {
      await target.destroy();
    }
  });

  it('refuses to restore into a workspace that holds anything, and changes nothing', async () => {
    const before = await tablesOf(source.db, workspaceId);
    await expect(services.backups.restore({ workspaceId }, backup)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/empty workspace/) });
    expect(await tablesOf(source.db, workspaceId)).toEqual(before);
  });

  it('checks the whole document before writing anything', async () => {
    const empty = (await services.workspaces.create('empty')).id;
    const broken = JSON.parse(JSON.stringify(backup)) as { tables: { contacts: Array<Record<string, unknown>>; referrals: Array<Record<string, unknown>> } };
    broken.tables.contacts[1]!.version = 'two';
    delete broken.tables.contacts[2]!.search_text;
    const invalid = await services.backups.restore({ workspaceId: empty }, broken).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'invalid' });
    expect((invalid as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['tables.contacts.1.version', 'tables.contacts.2.search_text']);

    const dangling = JSON.parse(JSON.stringify(backup)) as typeof broken;
    dangling.tables.referrals[0]!.to_contact_id = 'nobody';
    await expect(services.backups.restore({ workspaceId: empty }, dangling)).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'tables.referrals.0.to_contact_id' }] });
    await expect(services.backups.restore({ workspaceId: empty }, { format: 'rapport-backup', formatVersion: 9 })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/newer Rapport/) });
    await expect(services.backups.restore({ workspaceId: empty }, 'not a backup')).rejects.toMatchObject({ code: 'invalid' });
    // A SQLite database could hold a NUL; PostgreSQL cannot, and a lone surrogate would not come back as it was.
    const damaged = JSON.parse(JSON.stringify(backup)) as typeof broken;
    damaged.tables.contacts[0]!.notes = 'before\u0000after';
    damaged.tables.referrals[0]!.note = 'half \udc00 a character';
    const refused = await services.backups.restore({ workspaceId: empty }, damaged).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'invalid' });
    expect((refused as { issues: { path: string; message: string }[] }).issues).toEqual([
      { path: 'tables.contacts.0.notes', message: expect.stringMatching(/U\+0000/) as unknown as string },
      { path: 'tables.referrals.0.note', message: expect.stringMatching(/U\+DC00/) as unknown as string },
    ]);
    expect(Object.values(await services.backups.recordCounts({ workspaceId: empty })).every((n) => n === 0)).toBe(true);
  });

  it('refuses, as a conflict, a backup whose records already live in another workspace of the database', async () => {
    const empty = (await services.workspaces.create('second')).id;
    await expect(services.backups.restore({ workspaceId: empty }, backup)).rejects.toMatchObject({ code: 'conflict' });
    expect(Object.values(await services.backups.recordCounts({ workspaceId: empty })).every((n) => n === 0)).toBe(true);
  });
});

const crossEngine: TestEngine = 'postgres';
// Registered only in the PostgreSQL run (it needs both engines); a suite merely skipped in the
// SQLite run would count as skipped, which CI refuses.
const crossEngineSuite = testEngine === crossEngine ? describe.skipIf(!available) : null;
crossEngineSuite?.('backup from SQLite, restore into PostgreSQL', () => {
  it('reproduces every table', async () => {
    if (!(await isPostgresReachable())) return;
    const sqliteDb = await createTestDatabase('sqlite');
    const pgDb = await createTestDatabase('postgres');
    try {
      const clock = fixedClock('2026-03-03T09:00:00.000Z');
      const from = createServices({ db: sqliteDb.db, clock });
      const fromId = (await from.workspaces.ensureLocal()).id;
      await seedWorkspace(from, sqliteDb.db, fromId);
      await from.imports.importFile({ workspaceId: fromId }, fs.readFileSync(path.join(fixtures, 'vcard/apple-google-3.0.vcf')));
      const document = JSON.parse(JSON.stringify(await from.backups.backup({ workspaceId: fromId }))) as unknown;

      const to = createServices({ db: pgDb.db, clock });
      const toId = (await to.workspaces.ensureLocal()).id;
      await to.backups.restore({ workspaceId: toId }, document);
      const expected = await tablesOf(sqliteDb.db, fromId);
      const actual = await tablesOf(pgDb.db, toId);
      for (const table of BACKUP_TABLE_ORDER) expect(actual[table], table).toEqual(expected[table]);
      expect(await workspaceRow(pgDb.db, toId)).toEqual(await workspaceRow(sqliteDb.db, fromId));
    } finally {
      await sqliteDb.destroy();
      await pgDb.destroy();
    }
  });
});
