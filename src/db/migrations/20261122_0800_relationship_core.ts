import { sql, type Kysely } from 'kysely';

/**
 * The relationship core: organizations grow details, the target list, conversations with their
 * participants and outcomes, referrals, advice, events, and the contact change log.
 * Soft deletion (deleted_at) is how "delete but keep the history with the name" works: the
 * record leaves every list, while the conversations and referrals that mention it keep pointing
 * at a row that still has the name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('website', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('industry', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('location', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('notes', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('organizations').addColumn('deleted_at', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('deleted_at', 'text').execute();

  await db.schema
    .createTable('targets')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('motivation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posting', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('suggested_by_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('suggested_in_conversation_id', 'text')
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('targets_workspace_rank').on('targets').columns(['workspace_id', 'rank']).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_workspace_starts').on('events').columns(['workspace_id', 'starts_at']).execute();

  await db.schema
    .createTable('event_attendees')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('event_attendees_pk', ['event_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('event_attendees_contact').on('event_attendees').columns(['contact_id']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer')
    .addColumn('title', 'text')
    .addColumn('location', 'text')
    .addColumn('notes', 'text')
    .addColumn('direction', 'text', (c) => c.notNull().defaultTo('mutual'))
    .addColumn('awaiting_reply', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('replied_at', 'text')
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('event_id', 'text', (c) => c.references('events.id').onDelete('set null'))
    .addColumn('opportunity_id', 'text')
    .addColumn('interview_round', 'integer')
    .addColumn('feedback', 'text')
    .addColumn('next_steps', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_workspace_starts').on('conversations').columns(['workspace_id', 'starts_at']).execute();
  await db.schema.createIndex('conversations_organization').on('conversations').columns(['organization_id']).execute();

  await db.schema
    .createTable('conversation_participants')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('participant'))
    .addPrimaryKeyConstraint('conversation_participants_pk', ['conversation_id', 'contact_id'])
    .execute();
  // "Last interaction of a contact" reads this index by contact.
  await db.schema.createIndex('conversation_participants_contact').on('conversation_participants').columns(['contact_id', 'conversation_id']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('from_contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('to_contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('to_organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referrals_from').on('referrals').columns(['workspace_id', 'from_contact_id']).execute();
  await db.schema.createIndex('referrals_to').on('referrals').columns(['workspace_id', 'to_contact_id']).execute();

  await db.schema
    .createTable('advice_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('done_at', 'text')
    .addColumn('update_sent_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('advice_items_contact').on('advice_items').columns(['workspace_id', 'contact_id']).execute();

  await db.schema
    .createTable('contact_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_changes_contact').on('contact_changes').columns(['contact_id', 'at']).execute();

  // Lists hide soft-deleted rows; keep the common "live rows of a workspace" scans cheap.
  await sql`create index contacts_workspace_live on contacts (workspace_id, deleted_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['contact_changes', 'advice_items', 'referrals', 'conversation_participants', 'conversations', 'event_attendees', 'events', 'targets']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop index contacts_workspace_live`.execute(db);
  for (const column of ['website', 'industry', 'location', 'notes', 'version', 'deleted_at']) {
    await db.schema.alterTable('organizations').dropColumn(column).execute();
  }
  await db.schema.alterTable('contacts').dropColumn('deleted_at').execute();
}
