import type { Kysely } from 'kysely';

/**
 * Where an imported conversation came from: a mail message (its Message-ID) or a calendar event
 * occurrence (its UID and recurrence), hashed — the key is for recognising the same message or
 * event again (a re-import changes nothing; a reply in a later file finds the message it
 * answers; an updated invitation updates its meeting), not for reading. `sequence` is the
 * invitation's SEQUENCE, so an older copy never overwrites a newer one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversation_sources')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_sources_pk', ['workspace_id', 'source_key'])
    .execute();
  await db.schema.createIndex('conversation_sources_conversation').on('conversation_sources').columns(['conversation_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conversation_sources').execute();
}
