import { sql, type Kysely, type Transaction } from 'kysely';
import type { ActionTable, Database } from '../schema.js';
import type { Insertable, Selectable, Updateable } from 'kysely';

type Executor = Kysely<Database> | Transaction<Database>;
export type ActionRow = Selectable<ActionTable>;
// A coach's account id is for matching their own suggestions (coaching.repository), never shown.
export type ActionListRow = Omit<ActionRow, 'template_context' | 'suggested_by_user_id'>;

const LIST_COLUMNS = ['a.id', 'a.workspace_id', 'a.key', 'a.rule_id', 'a.title', 'a.reason', 'a.due_on', 'a.channel', 'a.template_id', 'a.subjects', 'a.recipients', 'a.note', 'a.status', 'a.snoozed_until', 'a.completed_at', 'a.version', 'a.created_at', 'a.updated_at', 'a.suggested_by'] as const;

/** All SQL about actions (the playbook's and the user's own). */
export class ActionRepository {
  /** The rule actions the playbook reconciles against: every keyed row, whatever its status. */
  async keyed(db: Executor, workspaceId: string) {
    return db
      .selectFrom('actions')
      .select(['id', 'key', 'rule_id', 'status', 'due_on', 'snoozed_until', 'title', 'reason', 'recipients', 'subjects'])
      .where('workspace_id', '=', workspaceId)
      .where('key', 'is not', null)
      .execute();
  }

  /** The keyed rows among these ids (what changed in another process). */
  async keyedByIds(db: Executor, workspaceId: string, ids: readonly string[]) {
    const out = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(
        ...(await db
          .selectFrom('actions')
          .select(['id', 'key', 'rule_id', 'status', 'due_on', 'snoozed_until', 'title', 'reason', 'recipients', 'subjects'])
          .where('workspace_id', '=', workspaceId)
          .where('key', 'is not', null)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute()),
      );
    }
    return out;
  }

  /** Inserts actions and their subjects; returns how many actions were new (a key already stored is skipped). */
  async insertMany(db: Executor, rows: Insertable<ActionTable>[], subjects: { action_id: string; record_type: string; record_id: string }[], workspaceId: string): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += 200) {
      // Two recomputations racing insert the same key once: the unique key decides.
      const result = await db.insertInto('actions').values(rows.slice(i, i + 200)).onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing()).executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    const unique = new Map(subjects.map((s) => [`${s.action_id}|${s.record_type}|${s.record_id}`, s]));
    const values = [...unique.values()].map((s) => ({ ...s, workspace_id: workspaceId }));
    for (let i = 0; i < values.length; i += 300) {
      await db
        .insertInto('action_subjects')
        .values(values.slice(i, i + 300))
        .onConflict((oc) => oc.columns(['action_id', 'record_type', 'record_id']).doNothing())
        .execute();
    }
    return inserted;
  }

  async update(db: Executor, workspaceId: string, id: string, patch: Updateable<ActionTable>): Promise<void> {
    await db.updateTable('actions').set({ ...patch, version: sql<number>`version + 1` }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  async markObsolete(db: Executor, workspaceId: string, ids: readonly string[], nowIso: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('actions')
        .set({ status: 'obsolete', updated_at: nowIso, version: sql<number>`version + 1` })
        .where('workspace_id', '=', workspaceId)
        // Done and dismissed are final, whatever a computation believed.
        .where('status', 'in', ['open', 'snoozed'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  async get(db: Executor, workspaceId: string, id: string): Promise<ActionRow | undefined> {
    return db.selectFrom('actions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** Actions for lists: every column but the template's facts (only a message needs them, through `get`). */
  async list(db: Executor, workspaceId: string, query: { statuses: readonly string[]; recordId?: string | undefined; limit: number; dueBefore?: string }): Promise<ActionListRow[]> {
    let q = db.selectFrom('actions as a').select(LIST_COLUMNS).where('a.workspace_id', '=', workspaceId).where('a.status', 'in', [...query.statuses]);
    if (query.recordId) {
      const recordId = query.recordId;
      q = q.where(({ exists, selectFrom }) =>
        exists(selectFrom('action_subjects as s').select(sql`1`.as('one')).whereRef('s.action_id', '=', 'a.id').where('s.workspace_id', '=', workspaceId).where('s.record_id', '=', recordId)),
      );
    }
    if (query.dueBefore) q = q.where('a.due_on', '<=', query.dueBefore);
    return q.orderBy('a.due_on').orderBy('a.created_at').orderBy('a.id').limit(query.limit).execute();
  }
}
