import { sql, type Kysely } from 'kysely';
import { isPostgres } from './change-tracking.js';

/**
 * The contact search index (`services/contact-search.service.ts`) lives in memory and follows
 * the change log like the playbook does. Inserts, deletions and the columns the playbook reads
 * are logged already (as `contacts`); what a person is found by changes with other columns too
 * (a title, an email, the organization's name written into `search_text`). This logs those
 * updates as `contact_search` entries, without a new data version: Today does not depend on
 * them, and the playbook skips these entries.
 *
 * Same ordering rule as `change-log.ts`: on PostgreSQL the trigger locks the workspace row
 * before it takes a sequence number, so numbers are taken in commit order per workspace and a
 * reader that has seen number N never later finds a smaller one. A bulk write logs nothing per
 * row (its "everything changed" entry covers it); a statement of over 2,000 rows logs one
 * entry without a record, which makes the index load everything again.
 */
export const SEARCH_LOG_TABLE = 'contact_search';
const SEARCH_COLUMNS = ['search_text', 'sort_name', 'given_name', 'family_name'] as const;
const LARGE_STATEMENT = 2000;

export async function installSearchLog(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    const changed = SEARCH_COLUMNS.map((c) => `n.${c} is distinct from o.${c}`).join(' or ');
    const rows = `(select n.workspace_id, n.id from new_rows n join old_rows o on o.id = n.id
        where (${changed}) and n.workspace_id not in (select workspace_id from change_log_state where bulk_write = 1)) as changed`;
    await sql
      .raw(
        `create or replace function rapport_log_contact_search() returns trigger language plpgsql as $$
        declare changed_count integer;
        begin
          select count(*) into changed_count from ${rows};
          if changed_count = 0 then return null; end if;
          perform 1 from workspaces where id in (select workspace_id from ${rows}) for update;
          if changed_count > ${LARGE_STATEMENT} then
            insert into change_log (workspace_id, table_name, record_id)
              select distinct workspace_id, '${SEARCH_LOG_TABLE}', null from ${rows};
          else
            insert into change_log (workspace_id, table_name, record_id)
              select workspace_id, '${SEARCH_LOG_TABLE}', id from ${rows};
          end if;
          return null;
        end $$`,
      )
      .execute(db);
    await sql`create trigger contacts_search_log after update on contacts referencing new table as new_rows old table as old_rows for each statement execute function rapport_log_contact_search()`.execute(db);
    return;
  }
  const changed = SEARCH_COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or ');
  await sql
    .raw(
      `create trigger contacts_search_log after update on contacts
       when (${changed}) and coalesce((select bulk_write from change_log_state where workspace_id = new.workspace_id), 0) = 0
       begin insert into change_log (workspace_id, table_name, record_id) values (new.workspace_id, '${SEARCH_LOG_TABLE}', new.id); end`,
    )
    .execute(db);
}

export async function removeSearchLog(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists contacts_search_log on contacts`.execute(db);
    await sql`drop function if exists rapport_log_contact_search()`.execute(db);
  } else {
    await sql`drop trigger if exists contacts_search_log`.execute(db);
  }
}
