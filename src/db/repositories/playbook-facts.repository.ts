import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ContactFactRow {
  id: string;
  display_name: string;
  given_name: string;
  organization_id: string | null;
  cadence_ideal_days: number | null;
  cadence_max_days: number | null;
  created_at: string;
  last_interaction_at: string | null;
}
export interface OrganizationFactRow {
  id: string;
  name: string;
  rank: number | null;
  motivation: number | null;
  posting: number | null;
  status: string | null;
}
export interface ConversationFactRow {
  id: string;
  kind: string;
  status: string;
  starts_at: string;
  direction: string;
  awaiting_reply: number;
  replied_at: string | null;
  opportunity_id: string | null;
  interview_round: number | null;
}
export interface ReferralFactRow {
  id: string;
  from_contact_id: string;
  to_contact_id: string | null;
  to_organization_id: string | null;
  status: string;
  offered_at: string;
  status_changed_at: string;
}
export interface AdviceFactRow {
  id: string;
  created_at: string;
  contact_id: string;
  title: string;
  kind: string;
  status: string;
  done_at: string | null;
  update_sent_at: string | null;
}
export interface OpportunityFactRow {
  id: string;
  title: string;
  organization_id: string;
  stage: string;
  stage_changed_at: string;
  referrer_contact_id: string | null;
  not_a_fit: number;
  rapport_interviewer_id: string | null;
}

/** The playbook's facts as rows. `participants` and `interviewers` belong to the conversations and opportunities listed. */
export interface FactRows {
  contacts: ContactFactRow[];
  organizations: OrganizationFactRow[];
  conversations: ConversationFactRow[];
  participants: { conversation_id: string; contact_id: string }[];
  referrals: ReferralFactRow[];
  advice: AdviceFactRow[];
  opportunities: OpportunityFactRow[];
  interviewers: { opportunity_id: string; contact_id: string }[];
}

/** Which records to reload, by kind; `undefined` reloads every record of that kind. */
export interface FactSelection {
  contacts?: readonly string[];
  organizations?: readonly string[];
  conversations?: readonly string[];
  referrals?: readonly string[];
  advice?: readonly string[];
  opportunities?: readonly string[];
}

export interface ChangeLogEntry {
  seq: number;
  table_name: string;
  record_id: string | null;
}

/**
 * The columns the playbook reads, by table (the loads below select exactly these, and filter
 * on `workspace_id`, `deleted_at` and `starts_at`). A change to any of them must reach the
 * playbook's memory: each is in the change log's `LOGGED_FACT_TABLES`, which a test checks.
 */
export const FACT_COLUMNS = {
  contacts: ['id', 'display_name', 'given_name', 'organization_id', 'cadence_ideal_days', 'cadence_max_days', 'created_at', 'last_interaction_at'],
  organizations: ['id', 'name'],
  targets: ['rank', 'motivation', 'posting', 'status'],
  conversations: ['id', 'kind', 'status', 'starts_at', 'direction', 'awaiting_reply', 'replied_at', 'opportunity_id', 'interview_round'],
  conversation_participants: ['conversation_id', 'contact_id'],
  referrals: ['id', 'from_contact_id', 'to_contact_id', 'to_organization_id', 'status', 'offered_at', 'status_changed_at'],
  advice_items: ['id', 'contact_id', 'title', 'kind', 'status', 'done_at', 'update_sent_at', 'created_at'],
  opportunities: ['id', 'title', 'organization_id', 'stage', 'stage_changed_at', 'referrer_contact_id', 'not_a_fit', 'rapport_interviewer_id'],
  opportunity_interviewers: ['opportunity_id', 'contact_id'],
} as const;
const prefixed = <P extends string, C extends string>(prefix: P, columns: readonly C[]) => columns.map((c) => `${prefix}.${c}` as `${P}.${C}`);
const CONVERSATION_COLUMNS = prefixed('v', FACT_COLUMNS.conversations);
/** Few enough ids a statement for both engines' parameter limits. */
const ID_CHUNK = 500;

function chunks<T>(items: readonly T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * All SQL about the facts the playbook reads, and the change log that says which of them
 * changed (db/dialects/change-log.ts). Conversations are only those inside the window the rules
 * can still act on (`since`), plus every scheduled one.
 */
export class PlaybookFactsRepository {
  /** Every fact of the workspace, or only the records selected (each kind given by id). */
  async load(db: Executor, workspaceId: string, since: string, only?: FactSelection): Promise<FactRows> {
    const ws = workspaceId;
    const pick = async <R>(ids: readonly string[] | undefined, all: () => Promise<R[]>, some: (chunk: string[]) => Promise<R[]>): Promise<R[]> => {
      if (ids === undefined) return all();
      const out: R[] = [];
      for (const chunk of chunks([...new Set(ids)])) out.push(...(await some(chunk)));
      return out;
    };
    const contactsQ = () =>
      db
        .selectFrom('contacts')
        .select(FACT_COLUMNS.contacts)
        .where('workspace_id', '=', ws)
        .where('deleted_at', 'is', null);
    const contacts = await pick(only && (only.contacts ?? []), () => contactsQ().execute(), (ids) => contactsQ().where('id', 'in', ids).execute());

    const orgQ = () =>
      db
        .selectFrom('organizations as o')
        .leftJoin('targets as t', 't.organization_id', 'o.id')
        .select([...prefixed('o', FACT_COLUMNS.organizations), ...prefixed('t', FACT_COLUMNS.targets)])
        .where('o.workspace_id', '=', ws)
        .where('o.deleted_at', 'is', null);
    const organizations = await pick(only && (only.organizations ?? []), () => orgQ().execute(), (ids) => orgQ().where('o.id', 'in', ids).execute());

    let conversations: ConversationFactRow[];
    let participants: { conversation_id: string; contact_id: string }[];
    if (only === undefined) {
      // Two index range scans rather than one OR (which scans all 150,000 rows): the recent
      // window by time, and the scheduled ones older than it by status and time.
      const recent = db.selectFrom('conversations as v').where('v.workspace_id', '=', ws).where('v.starts_at', '>=', since);
      const olderScheduled = db.selectFrom('conversations as v').where('v.workspace_id', '=', ws).where('v.status', '=', 'scheduled').where('v.starts_at', '<', since);
      conversations = [...(await recent.select(CONVERSATION_COLUMNS).execute()), ...(await olderScheduled.select(CONVERSATION_COLUMNS).execute())];
      const participantsOf = (q: typeof recent) => q.innerJoin('conversation_participants as p', 'p.conversation_id', 'v.id').select(prefixed('p', FACT_COLUMNS.conversation_participants)).execute();
      participants = [...(await participantsOf(recent)), ...(await participantsOf(olderScheduled))];
    } else {
      conversations = [];
      participants = [];
      for (const ids of chunks([...new Set(only.conversations ?? [])])) {
        const inWindow = db
          .selectFrom('conversations as v')
          .where('v.workspace_id', '=', ws)
          .where('v.id', 'in', ids)
          .where((eb) => eb.or([eb('v.starts_at', '>=', since), eb('v.status', '=', 'scheduled')]));
        conversations.push(...(await inWindow.select(CONVERSATION_COLUMNS).execute()));
        participants.push(...(await inWindow.innerJoin('conversation_participants as p', 'p.conversation_id', 'v.id').select(prefixed('p', FACT_COLUMNS.conversation_participants)).execute()));
      }
    }

    const referralsQ = () => db.selectFrom('referrals').select(FACT_COLUMNS.referrals).where('workspace_id', '=', ws);
    const referrals = await pick(only && (only.referrals ?? []), () => referralsQ().execute(), (ids) => referralsQ().where('id', 'in', ids).execute());
    const adviceQ = () => db.selectFrom('advice_items').select(FACT_COLUMNS.advice_items).where('workspace_id', '=', ws);
    const advice = await pick(only && (only.advice ?? []), () => adviceQ().execute(), (ids) => adviceQ().where('id', 'in', ids).execute());
    const opportunitiesQ = () =>
      db
        .selectFrom('opportunities')
        .select(FACT_COLUMNS.opportunities)
        .where('workspace_id', '=', ws);
    const opportunities = await pick(only && (only.opportunities ?? []), () => opportunitiesQ().execute(), (ids) => opportunitiesQ().where('id', 'in', ids).execute());
    const interviewersQ = () => db.selectFrom('opportunity_interviewers').select(FACT_COLUMNS.opportunity_interviewers).where('workspace_id', '=', ws);
    const interviewers = await pick(only && (only.opportunities ?? []), () => interviewersQ().execute(), (ids) => interviewersQ().where('opportunity_id', 'in', ids).execute());
    return { contacts, organizations, conversations, participants, referrals, advice, opportunities, interviewers };
  }

  /**
   * Where the workspace's change log stands, in one query: the newest sequence number logged
   * (or the pruned mark, when nothing is logged since; 0 when never) and the pruned mark
   * (entries up to it were deleted: a reader that saw less must reload everything).
   */
  async logPosition(db: Executor, workspaceId: string): Promise<{ latest: number; pruned: number }> {
    const result = await sql<{ latest: number | string | null; pruned: number | string | null }>`
      select (select max(seq) from change_log where workspace_id = ${workspaceId}) as latest,
             (select pruned_through from change_log_state where workspace_id = ${workspaceId}) as pruned`.execute(db);
    const row = result.rows[0];
    const pruned = Number(row?.pruned ?? 0);
    const latest = Number(row?.latest ?? 0);
    return { latest: latest > 0 ? latest : pruned, pruned };
  }

  /** Entries logged after `afterSeq` up to `throughSeq`, oldest first; at most `limit` (the caller reloads everything beyond). */
  async changesSince(db: Executor, workspaceId: string, afterSeq: number, throughSeq: number, limit: number): Promise<ChangeLogEntry[]> {
    const rows = await db
      .selectFrom('change_log')
      .select(['seq', 'table_name', 'record_id'])
      .where('workspace_id', '=', workspaceId)
      .where('seq', '>', afterSeq)
      .where('seq', '<=', throughSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), table_name: r.table_name, record_id: r.record_id }));
  }

  /** Deletes the entries up to `throughSeq`. */
  async prune(db: Executor, workspaceId: string, throughSeq: number): Promise<void> {
    await db.deleteFrom('change_log').where('workspace_id', '=', workspaceId).where('seq', '<=', throughSeq).execute();
    const updated = await db.updateTable('change_log_state').set({ pruned_through: throughSeq }).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await db.insertInto('change_log_state').values({ workspace_id: workspaceId, pruned_through: throughSeq }).execute();
  }

  /**
   * Takes the workspace's write lock for the rest of the transaction: on SQLite the database's
   * (a deferred transaction that reads first could not write later if another connection wrote
   * meanwhile), on PostgreSQL the workspace row's, which every logged write also takes.
   */
  async lockWorkspace(db: Transaction<Database>, workspaceId: string): Promise<{ dataVersion: number; settings: string } | undefined> {
    // What the computation reads of the workspace comes back with the lock: one round trip.
    const row = await db
      .updateTable('workspaces')
      .set({ playbook_computed_at: sql`playbook_computed_at` })
      .where('id', '=', workspaceId)
      .returning(['data_version', 'settings'])
      .executeTakeFirst();
    return row ? { dataVersion: Number(row.data_version), settings: row.settings } : undefined;
  }

  /** Where the last computation stands: the data version and day it computed for, and its summary. */
  async computation(db: Kysely<Database>, workspaceId: string): Promise<{ settings: string; dataVersion: number; computedVersion: number | null; computedAt: string | null; summary: string | null } | undefined> {
    const row = await db
      .selectFrom('workspaces')
      .select(['settings', 'data_version', 'playbook_version', 'playbook_computed_at', 'playbook_summary'])
      .where('id', '=', workspaceId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      settings: row.settings,
      dataVersion: Number(row.data_version),
      computedVersion: row.playbook_version === null ? null : Number(row.playbook_version),
      computedAt: row.playbook_computed_at,
      summary: row.playbook_summary,
    };
  }

  /** Records a computation: when, from which data version, and its summary (JSON). */
  async recordComputation(db: Transaction<Database>, workspaceId: string, c: { computedAt: string; dataVersion: number; summary: string }): Promise<void> {
    await db.updateTable('workspaces').set({ playbook_computed_at: c.computedAt, playbook_version: c.dataVersion, playbook_summary: c.summary }).where('id', '=', workspaceId).execute();
  }
}
