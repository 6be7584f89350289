import type { Kysely } from 'kysely';

/**
 * The first schema. Every table carries workspace_id from the start: local mode is one
 * workspace, server mode has many, and every query filters by it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('organizations_workspace_name_key', ['workspace_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sort_name', 'text', (c) => c.notNull())
    .addColumn('emails', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('phones', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('linkedin_url', 'text')
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('title', 'text')
    .addColumn('location', 'text')
    .addColumn('notes', 'text')
    .addColumn('shared_interests', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('how_we_met', 'text')
    .addColumn('introduced_by_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The list's sort orders, each led by workspace_id so that a page is an index range scan.
  await db.schema.createIndex('contacts_workspace_sort_name').on('contacts').columns(['workspace_id', 'sort_name', 'id']).execute();
  await db.schema.createIndex('contacts_workspace_updated').on('contacts').columns(['workspace_id', 'updated_at']).execute();
  await db.schema.createIndex('contacts_workspace_created').on('contacts').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('contacts_workspace_organization').on('contacts').columns(['workspace_id', 'organization_id']).execute();
  await db.schema.createIndex('contacts_workspace_linkedin').on('contacts').columns(['workspace_id', 'linkedin_url']).execute();
  await db.schema.createIndex('contacts_introduced_by').on('contacts').columns(['introduced_by_id']).execute();

  await db.schema
    .createTable('contact_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag_key'])
    .execute();
  await db.schema.createIndex('contact_tags_workspace_tag').on('contact_tags').columns(['workspace_id', 'tag_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contact_tags').execute();
  await db.schema.dropTable('contacts').execute();
  await db.schema.dropTable('organizations').execute();
  await db.schema.dropTable('workspaces').execute();
}
