import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { actionToKeep, collapseAdvice, collapseReferrals } from '../../domain/merge-duplicates.js';
import { fromJsonArray, likeContains, toJson } from './json.js';

const uniqueBy = <T>(items: readonly T[], key: (item: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

type Executor = Kysely<Database> | Transaction<Database>;

export interface MovedHistory {
  conversations: number;
  events: number;
  referrals: number;
  advice: number;
  targets: number;
  introduced: number;
  changes: number;
  actions: number;
  opportunities: number;
}

const n = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0);

/** The SQL of merging one contact into another: every row that points at the other moves to the kept one. */
export class MergeRepository {
  async organizationNames(db: Executor, workspaceId: string, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
    const wanted = ids.filter((id): id is string => Boolean(id));
    if (wanted.length === 0) return new Map();
    const rows = await db.selectFrom('organizations').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Moves the history of `otherId` to `keepId`. Where both took part in the same conversation
   * or event (or are subjects of the same action), the other's row is dropped instead of
   * moved: the primary keys allow each person once.
   */
  async moveHistory(db: Executor, workspaceId: string, keepId: string, otherId: string): Promise<MovedHistory> {
    const ws = workspaceId;

    const conversationsBoth = await db
      .deleteFrom('conversation_participants')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', otherId)
      .where('conversation_id', 'in', (eb) => eb.selectFrom('conversation_participants').select('conversation_id').where('workspace_id', '=', ws).where('contact_id', '=', keepId))
      .executeTakeFirst();
    const conversationsMoved = await db.updateTable('conversation_participants').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();

    const eventsBoth = await db
      .deleteFrom('event_attendees')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', otherId)
      .where('event_id', 'in', (eb) => eb.selectFrom('event_attendees').select('event_id').where('workspace_id', '=', ws).where('contact_id', '=', keepId))
      .executeTakeFirst();
    const eventsMoved = await db.updateTable('event_attendees').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();

    const referralsFrom = await db.updateTable('referrals').set({ from_contact_id: keepId }).where('workspace_id', '=', ws).where('from_contact_id', '=', otherId).executeTakeFirst();
    const referralsTo = await db.updateTable('referrals').set({ to_contact_id: keepId }).where('workspace_id', '=', ws).where('to_contact_id', '=', otherId).executeTakeFirst();
    // A referral between the two is now one person introducing themselves: it means nothing.
    await db.deleteFrom('referrals').where('workspace_id', '=', ws).where('from_contact_id', '=', keepId).where('to_contact_id', '=', keepId).execute();

    const advice = await db.updateTable('advice_items').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();
    const targets = await db.updateTable('targets').set({ suggested_by_id: keepId }).where('workspace_id', '=', ws).where('suggested_by_id', '=', otherId).executeTakeFirst();
    const introduced = await db
      .updateTable('contacts')
      .set({ introduced_by_id: keepId })
      .where('workspace_id', '=', ws)
      .where('introduced_by_id', '=', otherId)
      .where('id', '!=', keepId)
      .executeTakeFirst();
    // The kept contact cannot have been introduced by themselves.
    await db.updateTable('contacts').set({ introduced_by_id: null }).where('workspace_id', '=', ws).where('id', '=', keepId).where('introduced_by_id', '=', otherId).execute();
    const changes = await db.updateTable('contact_changes').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();

    const interviewersBoth = await db
      .deleteFrom('opportunity_interviewers')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', otherId)
      .where('opportunity_id', 'in', (eb) => eb.selectFrom('opportunity_interviewers').select('opportunity_id').where('workspace_id', '=', ws).where('contact_id', '=', keepId))
      .executeTakeFirst();
    const interviewersMoved = await db.updateTable('opportunity_interviewers').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();
    const referred = await db.updateTable('opportunities').set({ referrer_contact_id: keepId }).where('workspace_id', '=', ws).where('referrer_contact_id', '=', otherId).executeTakeFirst();
    const rapportWith = await db.updateTable('opportunities').set({ rapport_interviewer_id: keepId }).where('workspace_id', '=', ws).where('rapport_interviewer_id', '=', otherId).executeTakeFirst();

    const referralsCollapsed = await this.collapseReferrals(db, ws, keepId);
    const adviceCollapsed = await this.collapseAdvice(db, ws, keepId);
    const actions = await this.repointActions(db, ws, new Map([[otherId, keepId], ...referralsCollapsed, ...adviceCollapsed]));

    return {
      conversations: n(conversationsBoth) + n(conversationsMoved),
      events: n(eventsBoth) + n(eventsMoved),
      referrals: n(referralsFrom) + n(referralsTo),
      advice: n(advice),
      targets: n(targets),
      introduced: n(introduced),
      changes: n(changes),
      actions,
      opportunities: n(interviewersBoth) + n(interviewersMoved) + n(referred) + n(rapportWith),
    };
  }

  /** Referrals of the kept contact that now say the same thing twice become one; returns dropped id → kept id. */
  private async collapseReferrals(db: Executor, ws: string, keepId: string): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom('referrals')
      .select(['id', 'from_contact_id', 'to_contact_id', 'to_organization_id', 'conversation_id', 'status', 'status_changed_at', 'note', 'offered_at'])
      .where('workspace_id', '=', ws)
      .where((eb) => eb.or([eb('from_contact_id', '=', keepId), eb('to_contact_id', '=', keepId)]))
      .execute();
    const replaced = new Map<string, string>();
    const groups = collapseReferrals(
      rows.map((r) => ({ id: r.id, fromContactId: r.from_contact_id, toContactId: r.to_contact_id, toOrganizationId: r.to_organization_id, conversationId: r.conversation_id, status: r.status, statusChangedAt: r.status_changed_at, note: r.note, offeredAt: r.offered_at })),
    );
    for (const { keep, drop } of groups) {
      await db
        .updateTable('referrals')
        .set({ status: keep.status, note: keep.note, conversation_id: keep.conversationId, status_changed_at: keep.statusChangedAt, version: sql<number>`version + 1` })
        .where('workspace_id', '=', ws)
        .where('id', '=', keep.id)
        .execute();
      await db.deleteFrom('referrals').where('workspace_id', '=', ws).where('id', 'in', drop.map((d) => d.id)).execute();
      for (const d of drop) replaced.set(d.id, keep.id);
    }
    return replaced;
  }

  /** The same advice from the kept contact recorded twice becomes one item; returns dropped id → kept id. */
  private async collapseAdvice(db: Executor, ws: string, keepId: string): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom('advice_items')
      .select(['id', 'contact_id', 'conversation_id', 'title', 'notes', 'status', 'done_at', 'update_sent_at', 'created_at'])
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', keepId)
      .execute();
    const replaced = new Map<string, string>();
    const groups = collapseAdvice(
      rows.map((a) => ({ id: a.id, contactId: a.contact_id, conversationId: a.conversation_id, title: a.title, notes: a.notes, status: a.status, doneAt: a.done_at, updateSentAt: a.update_sent_at, createdAt: a.created_at })),
    );
    for (const { keep, drop } of groups) {
      await db
        .updateTable('advice_items')
        .set({ status: keep.status, done_at: keep.doneAt, update_sent_at: keep.updateSentAt, notes: keep.notes, conversation_id: keep.conversationId, version: sql<number>`version + 1` })
        .where('workspace_id', '=', ws)
        .where('id', '=', keep.id)
        .execute();
      await db.deleteFrom('advice_items').where('workspace_id', '=', ws).where('id', 'in', drop.map((d) => d.id)).execute();
      for (const d of drop) replaced.set(d.id, keep.id);
    }
    return replaced;
  }

  /**
   * Actions name their records in their key, their subjects and their recipients (JSON text):
   * each id that went away is replaced by the one that stays. Two actions that then share a
   * key are one: the one the user already answered stays (`actionToKeep`), the other goes.
   * Returns how many actions were changed.
   */
  private async repointActions(db: Executor, ws: string, replaced: ReadonlyMap<string, string>): Promise<number> {
    if (replaced.size === 0) return 0;
    const mentions = (column: 'key' | 'subjects' | 'recipients', id: string) => sql<boolean>`${sql.ref(column)} like ${likeContains(id)} escape '\\'`;
    const rows = await db
      .selectFrom('actions')
      .select(['id', 'key', 'status', 'subjects', 'recipients', 'created_at'])
      .where('workspace_id', '=', ws)
      .where((eb) => eb.or([...replaced.keys()].flatMap((id) => [mentions('key', id), mentions('subjects', id), mentions('recipients', id)])))
      .execute();
    // UUIDs never contain one another, so a textual replace is exact.
    const swap = (text: string) => {
      let out = text;
      for (const [from, to] of replaced) out = out.split(from).join(to);
      return out;
    };
    let changed = 0;
    for (const row of rows) {
      const key = row.key === null ? null : swap(row.key);
      if (key !== null && key !== row.key) {
        const twin = await db.selectFrom('actions').select(['id', 'status', 'created_at']).where('workspace_id', '=', ws).where('key', '=', key).executeTakeFirst();
        if (twin) {
          const keep = actionToKeep({ id: twin.id, status: twin.status, createdAt: twin.created_at }, { id: row.id, status: row.status, createdAt: row.created_at });
          const drop = keep.id === twin.id ? row.id : twin.id;
          await db.deleteFrom('actions').where('workspace_id', '=', ws).where('id', '=', drop).execute();
          changed += 1;
          if (drop === row.id) continue;
        }
      }
      const subjects = uniqueBy(fromJsonArray<{ type: string; id: string }>(swap(row.subjects)), (s) => `${s.type}:${s.id}`);
      const recipients = [...new Set(fromJsonArray<string>(swap(row.recipients)))];
      await db.updateTable('actions').set({ key, subjects: toJson(subjects), recipients: toJson(recipients) }).where('workspace_id', '=', ws).where('id', '=', row.id).execute();
      await db.deleteFrom('action_subjects').where('workspace_id', '=', ws).where('action_id', '=', row.id).execute();
      if (subjects.length > 0) {
        await db.insertInto('action_subjects').values(subjects.map((s) => ({ workspace_id: ws, action_id: row.id, record_type: s.type, record_id: s.id }))).execute();
      }
      changed += 1;
    }
    return changed;
  }
}
