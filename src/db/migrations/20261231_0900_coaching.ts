import type { Kysely } from 'kysely';

/**
 * Server mode's coaching: what each seeker shares with each coach (a level they change or revoke
 * at any time), the log of what a coach opened (the seeker reads it), a coach's private notes on
 * a client, and the mark on actions a coach suggested (`actions.suggested_by`, shown in Today).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shares')
    .addColumn('seeker_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('coach_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** health | pipeline | network: (a), (b) = (a) + opportunities and targets, (c) = (b) + contacts and conversations */
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shares_pk', ['seeker_id', 'coach_id'])
    .execute();
  await db.schema.createIndex('shares_coach').on('shares').columns(['coach_id']).execute();

  await db.schema
    .createTable('coach_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seeker_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('coach_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** What was opened: health, opportunities, opportunity, targets, contacts, contact, conversations, conversation, report. */
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coach_views_seeker').on('coach_views').columns(['seeker_id', 'at']).execute();

  await db.schema
    .createTable('coach_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('coach_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seeker_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coach_notes_coach_seeker').on('coach_notes').columns(['coach_id', 'seeker_id', 'created_at']).execute();

  // The coach who suggested an action: their account (what the coach's list and report match
  // on — two coaches may share a name, and a name may change) and their name as it was then
  // (what the seeker's Today shows). Null for the playbook's actions and the seeker's own. No
  // foreign key: actions are workspace data that a backup carries to another server.
  await db.schema.alterTable('actions').addColumn('suggested_by', 'text').execute();
  await db.schema.alterTable('actions').addColumn('suggested_by_user_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actions').dropColumn('suggested_by_user_id').execute();
  await db.schema.alterTable('actions').dropColumn('suggested_by').execute();
  for (const table of ['coach_notes', 'coach_views', 'shares']) await db.schema.dropTable(table).execute();
}
