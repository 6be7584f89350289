import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The first version of change tracking, kept as the migrations of 22 Nov 2026 installed it (a
 * migration must do tomorrow what it did the day it was written); `change-log.ts` replaced it
 * in the migration of 1 Dec 2026.
 *
 * Every write to the tables the playbook reads bumps `workspaces.data_version`, whoever makes
 * it (the API, the CLI in another process, an import, a restore). Today then recomputes only
 * when the facts changed (or the day did), and otherwise just reads the stored actions.
 *
 * Dialect-specific, so it lives here: SQLite has only row-level triggers; PostgreSQL uses
 * statement-level triggers with transition tables, so a 30,000-row import bumps the version
 * once per statement instead of once per row.
 */
export const TRACKED_TABLES = ['contacts', 'organizations', 'targets', 'conversations', 'conversation_participants', 'referrals', 'advice_items', 'events', 'event_attendees'] as const;

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function installChangeTracking(db: Kysely<unknown>, tables: readonly string[] = TRACKED_TABLES): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      create or replace function rapport_touch_workspaces() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          update workspaces set data_version = data_version + 1 where id in (select distinct workspace_id from old_rows);
        else
          update workspaces set data_version = data_version + 1 where id in (select distinct workspace_id from new_rows);
        end if;
        return null;
      end $$`.execute(db);
    for (const table of tables) {
      const t = sql.raw(table);
      await sql`create trigger ${sql.raw(`${table}_touch_insert`)} after insert on ${t} referencing new table as new_rows for each statement execute function rapport_touch_workspaces()`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_touch_update`)} after update on ${t} referencing new table as new_rows for each statement execute function rapport_touch_workspaces()`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_touch_delete`)} after delete on ${t} referencing old table as old_rows for each statement execute function rapport_touch_workspaces()`.execute(db);
    }
    return;
  }
  for (const table of tables) {
    const t = sql.raw(table);
    await sql`create trigger ${sql.raw(`${table}_touch_insert`)} after insert on ${t} begin update workspaces set data_version = data_version + 1 where id = new.workspace_id; end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_touch_update`)} after update on ${t} begin update workspaces set data_version = data_version + 1 where id = new.workspace_id; end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_touch_delete`)} after delete on ${t} begin update workspaces set data_version = data_version + 1 where id = old.workspace_id; end`.execute(db);
  }
}

export async function removeChangeTracking(db: Kysely<unknown>, tables: readonly string[] = TRACKED_TABLES): Promise<void> {
  for (const table of tables) {
    for (const op of ['insert', 'update', 'delete']) {
      if (isPostgres(db)) await sql`drop trigger if exists ${sql.raw(`${table}_touch_${op}`)} on ${sql.raw(table)}`.execute(db);
      else await sql`drop trigger if exists ${sql.raw(`${table}_touch_${op}`)}`.execute(db);
    }
  }
  if (isPostgres(db)) await sql`drop function if exists rapport_touch_workspaces()`.execute(db);
}
