import { sql, type Kysely } from 'kysely';
import { installChangeLog, removeChangeLog } from '../dialects/change-log.js';
import { installChangeTracking, isPostgres, removeChangeTracking, TRACKED_TABLES } from '../dialects/change-tracking.js';

const OPPORTUNITY_TABLES = ['opportunities', 'opportunity_stage_changes', 'opportunity_interviewers'];

/**
 * The change log (db/dialects/change-log.ts): which records changed, so that the playbook
 * reloads only those. Replaces the triggers that only counted writes; `data_version` keeps
 * its meaning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const seq = isPostgres(db) ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  await sql`create table change_log (seq ${seq}, workspace_id text not null references workspaces(id) on delete cascade, table_name text not null, record_id text)`.execute(db);
  await db.schema.createIndex('change_log_workspace_seq').on('change_log').columns(['workspace_id', 'seq']).execute();
  await db.schema
    .createTable('change_log_state')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    // 1 only inside a bulk write's own transaction (never seen by another connection).
    .addColumn('bulk_write', 'integer', (c) => c.notNull().defaultTo(0))
    // Entries up to this sequence number were deleted: a reader behind it reloads everything.
    .addColumn('pruned_through', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await removeChangeTracking(db, [...TRACKED_TABLES, ...OPPORTUNITY_TABLES]);
  await installChangeLog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await removeChangeLog(db);
  await installChangeTracking(db, [...TRACKED_TABLES, ...OPPORTUNITY_TABLES]);
  await db.schema.dropTable('change_log_state').execute();
  await db.schema.dropTable('change_log').execute();
}
