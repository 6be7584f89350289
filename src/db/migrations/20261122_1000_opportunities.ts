import type { Kysely } from 'kysely';
import { installChangeTracking, removeChangeTracking } from '../dialects/change-tracking.js';

/**
 * Opportunities: a position pursued at an organization, its source and referrer, its stage
 * with the date of every change kept, the interviewers (and the one you had rapport with), and
 * the conversations that were its interview rounds (conversations.opportunity_id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('referrer_contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_changed_at', 'text', (c) => c.notNull())
    .addColumn('board_position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('competing_candidates', 'integer')
    .addColumn('not_a_fit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rapport_interviewer_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('posting_url', 'text')
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opportunities_workspace_stage').on('opportunities').columns(['workspace_id', 'stage', 'board_position']).execute();
  await db.schema.createIndex('opportunities_organization').on('opportunities').columns(['organization_id']).execute();

  await db.schema
    .createTable('opportunity_stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id').onDelete('cascade'))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opportunity_stage_changes_opportunity').on('opportunity_stage_changes').columns(['opportunity_id', 'at']).execute();
  await db.schema.createIndex('opportunity_stage_changes_workspace_at').on('opportunity_stage_changes').columns(['workspace_id', 'at']).execute();

  await db.schema
    .createTable('opportunity_interviewers')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('opportunity_interviewers_pk', ['opportunity_id', 'contact_id'])
    .execute();

  await installChangeTracking(db, ['opportunities', 'opportunity_stage_changes', 'opportunity_interviewers']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await removeChangeTracking(db, ['opportunities', 'opportunity_stage_changes', 'opportunity_interviewers']);
  await db.schema.dropTable('opportunity_interviewers').execute();
  await db.schema.dropTable('opportunity_stage_changes').execute();
  await db.schema.dropTable('opportunities').execute();
}
