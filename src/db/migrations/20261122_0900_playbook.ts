import type { Kysely } from 'kysely';
import { installChangeTracking, removeChangeTracking } from '../dialects/change-tracking.js';

/**
 * The playbook: stored actions (so that done, snoozed and dismissed survive recomputation),
 * the records each action concerns, workspace settings, the calendar feed's secret token, and
 * each contact's last interaction kept on the contact (the keep-in-touch rule reads it for
 * 30,000 contacts without aggregating 150,000 conversations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('workspaces').addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('workspaces').addColumn('calendar_token', 'text').execute();
  await db.schema.alterTable('workspaces').addColumn('playbook_computed_at', 'text').execute();
  // Bumped by triggers on every write the playbook depends on; the playbook remembers the version it computed.
  await db.schema.alterTable('workspaces').addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('workspaces').addColumn('playbook_version', 'integer').execute();
  await db.schema.alterTable('workspaces').addColumn('playbook_summary', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('last_interaction_at', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('cadence_ideal_days', 'integer').execute();
  await db.schema.alterTable('contacts').addColumn('cadence_max_days', 'integer').execute();
  await db.schema.createIndex('contacts_workspace_last_interaction').on('contacts').columns(['workspace_id', 'last_interaction_at']).execute();
  await db.schema.createIndex('workspaces_calendar_token').on('workspaces').column('calendar_token').unique().execute();

  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    // The idempotency key of a rule's action (rule id + the records concerned); null for manual actions.
    .addColumn('key', 'text')
    .addColumn('rule_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text')
    .addColumn('subjects', 'text', (c) => c.notNull().defaultTo('[]'))
    // Who the message goes to, and the facts its template is filled from (JSON).
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('template_context', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('snoozed_until', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('actions_workspace_key', ['workspace_id', 'key'])
    .execute();
  await db.schema.createIndex('actions_workspace_status_due').on('actions').columns(['workspace_id', 'status', 'due_on']).execute();

  await db.schema
    .createTable('action_subjects')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_subjects_pk', ['action_id', 'record_type', 'record_id'])
    .execute();
  await db.schema.createIndex('action_subjects_record').on('action_subjects').columns(['workspace_id', 'record_id']).execute();
  await installChangeTracking(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await removeChangeTracking(db);
  await db.schema.dropTable('action_subjects').execute();
  await db.schema.dropTable('actions').execute();
  await db.schema.dropIndex('workspaces_calendar_token').execute();
  await db.schema.dropIndex('contacts_workspace_last_interaction').execute();
  for (const column of ['last_interaction_at', 'cadence_ideal_days', 'cadence_max_days']) {
    await db.schema.alterTable('contacts').dropColumn(column).execute();
  }
  for (const column of ['settings', 'calendar_token', 'playbook_computed_at', 'data_version', 'playbook_version', 'playbook_summary']) {
    await db.schema.alterTable('workspaces').dropColumn(column).execute();
  }
}
