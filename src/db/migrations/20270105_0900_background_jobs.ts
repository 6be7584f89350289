import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialects/change-tracking.js';

/**
 * Background jobs (imports between their preview and their end) and the uploaded files they
 * wait with, kept in the database so that every server process sees them: a file uploaded
 * through one process is previewed again, committed and polled through any other, and run by
 * whichever process's worker takes it from the queue (pg-boss, server mode). Local mode keeps
 * both in its own memory and temporary folder and never writes these tables; they exist on
 * both engines so that the schema is one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('background_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    /** contact-import | mail-import */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** ready | running | done | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    /** The service's own JSON: the preview, the staged file's key, the user's choices. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    /** { code, message } as JSON, for the person. */
    .addColumn('error', 'text')
    /** The unexpected error behind a failure, for the server log (read once). */
    .addColumn('failure', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** Wall-clock time of the last request or progress; idle jobs go after an hour, a silent running one is taken as lost. */
    .addColumn('touched_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('background_jobs_workspace').on('background_jobs').columns(['workspace_id', 'kind', 'touched_at']).execute();
  await db.schema.createIndex('background_jobs_touched').on('background_jobs').columns(['touched_at']).execute();

  await db.schema
    .createTable('staged_files')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('bytes', isPostgres(db) ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staged_files_pk', ['id', 'part'])
    .execute();
  await db.schema.createIndex('staged_files_created').on('staged_files').columns(['created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staged_files').execute();
  await db.schema.dropTable('background_jobs').execute();
}
