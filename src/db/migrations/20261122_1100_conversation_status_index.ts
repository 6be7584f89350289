import type { Kysely } from 'kysely';

/** Today asks for the next scheduled and the last done interview: an index by status and time answers both directly. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conversations_workspace_status_starts').on('conversations').columns(['workspace_id', 'status', 'starts_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversations_workspace_status_starts').execute();
}
