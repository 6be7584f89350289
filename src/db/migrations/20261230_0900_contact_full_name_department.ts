import type { Kysely } from 'kysely';

/**
 * Two things a contact file says that Rapport used to drop (issue 13): the name as the person
 * writes it (vCard FN, "Mr. John Richter James Doe Sr."), shown instead of first + last name
 * when set, and the department within the organization (vCard ORG's unit, Outlook's and
 * Google's Department). Both nullable: every existing contact has neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('full_name', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('department', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').dropColumn('department').execute();
  await db.schema.alterTable('contacts').dropColumn('full_name').execute();
}
