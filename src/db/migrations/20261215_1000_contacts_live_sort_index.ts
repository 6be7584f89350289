import { sql, type Kysely } from 'kysely';

/**
 * The contact list's default order over live contacts only, so that a page anywhere in the list
 * (and the count of live contacts) is read from this index alone, without visiting each row to
 * check `deleted_at`. A partial index: SQLite and PostgreSQL both have them. `deleted_at` is
 * in it (always null) because SQLite counts an index as covering only when it holds every
 * column the query names, the partial index's own condition included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contacts_live_sort_name on contacts (workspace_id, sort_name, id, deleted_at) where deleted_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_live_sort_name`.execute(db);
}
