import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { isPostgres } from './change-tracking.js';

/**
 * The change log: every write to a table the playbook reads records which record changed, in
 * `change_log` (a sequence number, the workspace, the table and the record's key), and bumps
 * `workspaces.data_version` as before. The playbook keeps the facts of a workspace in memory
 * and, when the version moved, reloads only the records logged since the sequence number it
 * last saw — so Today after an edit does not reload 30,000 contacts. Writes to `actions` are
 * logged too (without bumping the data version: actions are not facts), so the playbook's
 * in-memory copy of its stored actions notices a "done" from the CLI in another process.
 *
 * Ordering: a reader that has seen sequence number N must never later find a record logged
 * with a smaller number. SQLite has one writer at a time, so numbers are taken in commit
 * order. On PostgreSQL the trigger first locks the workspace row (the `update workspaces` of the
 * data version, or `for update` for actions), so two transactions writing the same workspace
 * take their numbers one after the other, in commit order; the playbook takes the same lock
 * before it reads the log.
 *
 * Only what the playbook reads counts: an update that changes none of the columns it reads
 * (a contact's notes) is neither logged nor a new data version.
 *
 * Bulk writes (an import of 30,000 rows, a restore) need not log every row: inside their
 * transaction they call `beginBulkWrite`, which logs one "everything changed" entry (a null
 * record id) and switches the per-row work off for that workspace until `endBulkWrite`, before
 * the commit. Other connections never see the switch: it is part of the same transaction. On
 * PostgreSQL a statement that writes more than LARGE_STATEMENT rows also logs one null entry.
 */

interface LoggedTable {
  /** The column that names the changed record. */
  key: string;
  /** The primary key, to pair old and new rows of an update on PostgreSQL. */
  primaryKey: string;
  /**
   * The columns the playbook reads (`db/repositories/playbook-facts.repository.ts`): an update
   * that changes none of them (a contact's notes, a conversation's title) is not a change to
   * the playbook, so Today stays as it is. Keep in step with what the facts repository selects.
   */
  columns: readonly string[];
}

/** Tables the playbook reads. Events and stage changes reach it through contacts and opportunities. */
export const LOGGED_FACT_TABLES: Readonly<Record<string, LoggedTable>> = {
  contacts: { key: 'id', primaryKey: 'id', columns: ['display_name', 'given_name', 'organization_id', 'cadence_ideal_days', 'cadence_max_days', 'created_at', 'last_interaction_at', 'deleted_at'] },
  organizations: { key: 'id', primaryKey: 'id', columns: ['name', 'deleted_at'] },
  targets: { key: 'organization_id', primaryKey: 'organization_id', columns: ['rank', 'motivation', 'posting', 'status'] },
  conversations: { key: 'id', primaryKey: 'id', columns: ['kind', 'status', 'starts_at', 'direction', 'awaiting_reply', 'replied_at', 'opportunity_id', 'interview_round'] },
  conversation_participants: { key: 'conversation_id', primaryKey: '', columns: ['conversation_id', 'contact_id'] },
  referrals: { key: 'id', primaryKey: 'id', columns: ['from_contact_id', 'to_contact_id', 'to_organization_id', 'status', 'offered_at', 'status_changed_at'] },
  advice_items: { key: 'id', primaryKey: 'id', columns: ['contact_id', 'title', 'kind', 'status', 'done_at', 'update_sent_at', 'created_at'] },
  opportunities: { key: 'id', primaryKey: 'id', columns: ['title', 'organization_id', 'stage', 'stage_changed_at', 'referrer_contact_id', 'not_a_fit', 'rapport_interviewer_id'] },
  opportunity_interviewers: { key: 'opportunity_id', primaryKey: '', columns: ['opportunity_id', 'contact_id'] },
};
/** What the playbook keeps of a stored action (`StoredAction`). */
const LOGGED_TABLES: Readonly<Record<string, LoggedTable>> = {
  ...LOGGED_FACT_TABLES,
  actions: { key: 'id', primaryKey: 'id', columns: ['key', 'rule_id', 'status', 'due_on', 'snoozed_until', 'title', 'reason'] },
};

const LARGE_STATEMENT = 2000;

const isFacts = (table: string) => table !== 'actions';

export async function installChangeLog(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  for (const [table, spec] of Object.entries(LOGGED_TABLES)) {
    if (pg) await installPostgres(db, table, spec);
    else await installSqlite(db, table, spec);
  }
}

export async function removeChangeLog(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  for (const table of Object.keys(LOGGED_TABLES)) {
    for (const op of ['insert', 'update', 'delete']) {
      if (pg) await sql`drop trigger if exists ${sql.raw(`${table}_log_${op}`)} on ${sql.raw(table)}`.execute(db);
      else await sql`drop trigger if exists ${sql.raw(`${table}_log_${op}`)}`.execute(db);
    }
    if (pg) await sql`drop function if exists ${sql.raw(`rapport_log_${table}`)}()`.execute(db);
  }
}

async function installSqlite(db: Kysely<unknown>, table: string, { key, columns }: LoggedTable): Promise<void> {
  const name = `'${table}'`;
  const live = (row: 'new' | 'old') => `coalesce((select bulk_write from change_log_state where workspace_id = ${row}.workspace_id), 0) = 0`;
  const changed = columns.map((c) => `old.${c} is not new.${c}`).join(' or ');
  const bump = (row: 'new' | 'old') => (isFacts(table) ? `update workspaces set data_version = data_version + 1 where id = ${row}.workspace_id;` : '');
  const log = (row: 'new' | 'old') => `insert into change_log (workspace_id, table_name, record_id) values (${row}.workspace_id, ${name}, ${row}.${key});`;
  await sql.raw(`create trigger ${table}_log_insert after insert on ${table} when ${live('new')} begin ${bump('new')} ${log('new')} end`).execute(db);
  // A key that changes (a participant moved to another conversation) names both records.
  await sql
    .raw(
      `create trigger ${table}_log_update after update on ${table} when (${changed}) and ${live('new')} begin ${bump('new')} ${log('new')}
       insert into change_log (workspace_id, table_name, record_id) select old.workspace_id, ${name}, old.${key} where old.${key} is not new.${key}; end`,
    )
    .execute(db);
  await sql.raw(`create trigger ${table}_log_delete after delete on ${table} when ${live('old')} begin ${bump('old')} ${log('old')} end`).execute(db);
}

async function installPostgres(db: Kysely<unknown>, table: string, spec: LoggedTable): Promise<void> {
  await sql.raw(postgresLogFunction(table, spec)).execute(db);
  const fn = sql.raw(`rapport_log_${table}()`);
  const t = sql.raw(table);
  await sql`create trigger ${sql.raw(`${table}_log_insert`)} after insert on ${t} referencing new table as new_rows for each statement execute function ${fn}`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_log_update`)} after update on ${t} referencing new table as new_rows old table as old_rows for each statement execute function ${fn}`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_log_delete`)} after delete on ${t} referencing old table as old_rows for each statement execute function ${fn}`.execute(db);
}

/**
 * Rewrites the logging of these tables with the current column lists, for a migration that
 * adds a column the playbook reads: on SQLite the triggers (their `when` names the columns), on
 * PostgreSQL the functions (see `replacePostgresLogFunctions`).
 */
export async function reinstallLogging(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  if (isPostgres(db)) return replacePostgresLogFunctions(db, tables);
  for (const table of tables) {
    const spec = LOGGED_TABLES[table];
    if (!spec) throw new Error(`${table} is not a logged table`);
    for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.raw(`${table}_log_${op}`)}`.execute(db);
    await installSqlite(db, table, spec);
  }
}

/**
 * On PostgreSQL, rewrites the logging functions of these tables with the current code (the
 * triggers call them by name, so they need not change). For a migration that refines what is
 * logged. Nothing to do on SQLite, whose triggers a migration replaces itself.
 */
export async function replacePostgresLogFunctions(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  if (!isPostgres(db)) return;
  for (const table of tables) {
    const spec = LOGGED_TABLES[table];
    if (!spec) throw new Error(`${table} is not a logged table`);
    await sql.raw(postgresLogFunction(table, spec)).execute(db);
  }
}

function postgresLogFunction(table: string, { key, primaryKey, columns }: LoggedTable): string {
  const notBulk = `workspace_id not in (select workspace_id from change_log_state where bulk_write = 1)`;
  const lock = (rows: string) =>
    isFacts(table)
      ? `update workspaces set data_version = data_version + 1 where id in (select workspace_id from ${rows}) and id not in (select workspace_id from change_log_state where bulk_write = 1);`
      : `perform 1 from workspaces where id in (select workspace_id from ${rows}) for update;`;
  const log = (rows: string) => `
      if (select count(*) from ${rows}) > ${LARGE_STATEMENT} then
        insert into change_log (workspace_id, table_name, record_id)
          select distinct workspace_id, '${table}', null from ${rows} where ${notBulk};
      else
        insert into change_log (workspace_id, table_name, record_id)
          select distinct workspace_id, '${table}', ${key} from ${rows} where ${notBulk};
      end if;`;
  // An update counts when it changes a column the playbook reads: old and new rows are paired
  // by primary key. A link table has no single key and its columns are the record (a
  // participant is a conversation and a contact): the rows whose columns are not found
  // unchanged on the other side are the ones that moved, logged under their old owner and
  // their new one; an update of another column (a participant's role) pairs them all.
  const tuple = (alias: string) => `(${columns.map((c) => `${alias}.${c}`).join(', ')})`;
  const updated = primaryKey
    ? `(select n.workspace_id, n.${key} from new_rows n join old_rows o on o.${primaryKey} = n.${primaryKey}
         where ${tuple('n')} is distinct from ${tuple('o')}) as changed`
    : `(select n.workspace_id, n.${key} from new_rows n where not exists (select 1 from old_rows o where ${tuple('o')} is not distinct from ${tuple('n')})
        union select o.workspace_id, o.${key} from old_rows o where not exists (select 1 from new_rows n where ${tuple('n')} is not distinct from ${tuple('o')})) as changed`;
  return `create or replace function rapport_log_${table}() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          ${lock('old_rows')}
          ${log('old_rows')}
        elsif tg_op = 'UPDATE' then
          ${lock(updated)}
          ${log(updated)}
        else
          ${lock('new_rows')}
          ${log('new_rows')}
        end if;
        return null;
      end $$`;
}

/**
 * Inside a transaction that is about to write many rows of one workspace: logs one "everything
 * changed" entry, bumps the data version once, and switches the per-row logging off for that
 * workspace. Call `endBulkWrite` in the same transaction before it commits.
 */
export async function beginBulkWrite(db: Kysely<Database> | Transaction<Database>, workspaceId: string): Promise<void> {
  await sql`update workspaces set data_version = data_version + 1 where id = ${workspaceId}`.execute(db);
  await sql`insert into change_log (workspace_id, table_name, record_id) values (${workspaceId}, '*', null)`.execute(db);
  const updated = await sql`update change_log_state set bulk_write = 1 where workspace_id = ${workspaceId}`.execute(db);
  if (Number(updated.numAffectedRows ?? 0) === 0) await sql`insert into change_log_state (workspace_id, bulk_write, pruned_through) values (${workspaceId}, 1, 0)`.execute(db);
}

export async function endBulkWrite(db: Kysely<Database> | Transaction<Database>, workspaceId: string): Promise<void> {
  await sql`update change_log_state set bulk_write = 0 where workspace_id = ${workspaceId}`.execute(db);
}
