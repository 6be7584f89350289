import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, TargetTable } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** One entry of the target list with the names it shows. */
export interface TargetEntryRow {
  organization_id: string;
  organization_name: string;
  rank: number;
  motivation: number;
  posting: number;
  status: string;
  suggested_by_id: string | null;
  suggested_by_name: string | null;
  notes: string | null;
  version: number;
  added_at: string;
  updated_at: string;
}

/** A live contact at an organization on the target list, with the facts their search stage is decided from. */
export interface ContactAtTargetRow {
  id: string;
  organization_id: string;
  display_name: string;
  sort_name: string;
  title: string | null;
  /** Start of their latest `done` conversation, if any. */
  last_interaction_at: string | null;
  /** A scheduled conversation still ahead, or a referral from or to them that led to an interview or an offer. */
  in_the_works: boolean;
}

export interface TargetFilter {
  organizationId?: string;
  status?: string;
}

/**
 * All SQL about the target list. Every query is scoped to one workspace, and the coverage
 * queries are set-based: a fixed number of queries for the whole list, never one per target.
 */
export class TargetRepository {
  /** The entries, in rank order (ties, which a race between two adds can cause, broken by when they were added). */
  async entries(db: Executor, workspaceId: string, filter: TargetFilter = {}): Promise<TargetEntryRow[]> {
    let q = db
      .selectFrom('targets as t')
      .innerJoin('organizations as o', 'o.id', 't.organization_id')
      // The suggester may have been deleted with "keep the history": their name still shows.
      .leftJoin('contacts as s', (j) => j.onRef('s.id', '=', 't.suggested_by_id').on('s.workspace_id', '=', workspaceId))
      .select([
        't.organization_id',
        'o.name as organization_name',
        't.rank',
        't.motivation',
        't.posting',
        't.status',
        't.suggested_by_id',
        's.display_name as suggested_by_name',
        't.notes',
        't.version',
        't.added_at',
        't.updated_at',
      ])
      .where('t.workspace_id', '=', workspaceId)
      .where('o.workspace_id', '=', workspaceId)
      .where('o.deleted_at', 'is', null);
    if (filter.organizationId) q = q.where('t.organization_id', '=', filter.organizationId);
    if (filter.status) q = q.where('t.status', '=', filter.status);
    const rows = await q.orderBy('t.rank').orderBy('t.added_at').orderBy('t.organization_id').execute();
    return rows.map((r) => ({ ...r, rank: Number(r.rank), motivation: Number(r.motivation), posting: Number(r.posting), version: Number(r.version) }));
  }

  async exists(db: Executor, workspaceId: string, organizationId: string): Promise<boolean> {
    const row = await db
      .selectFrom('targets')
      .select('organization_id')
      .where('workspace_id', '=', workspaceId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return Boolean(row);
  }

  /** The ids in rank order: what a re-ranking rewrites. */
  async orderedIds(db: Executor, workspaceId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('targets')
      .select('organization_id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('rank')
      .orderBy('added_at')
      .orderBy('organization_id')
      .execute();
    return rows.map((r) => r.organization_id);
  }

  async maxRank(db: Executor, workspaceId: string): Promise<number> {
    const row = await db
      .selectFrom('targets')
      .select((eb) => eb.fn.max('rank').as('m'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return Number(row?.m ?? 0);
  }

  /** Adds an entry; false when the organization is already on the list (the primary key decides, even in a race). */
  async insert(db: Executor, row: Insertable<TargetTable>): Promise<boolean> {
    const result = await db
      .insertInto('targets')
      .values(row)
      .onConflict((oc) => oc.column('organization_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Applies an edit only if the entry is still at `expectedVersion` (optimistic locking). */
  async update(db: Executor, workspaceId: string, organizationId: string, expectedVersion: number, patch: Updateable<TargetTable>): Promise<boolean> {
    const result = await db
      .updateTable('targets')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('organization_id', '=', organizationId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(db: Executor, workspaceId: string, organizationId: string): Promise<boolean> {
    const result = await db.deleteFrom('targets').where('workspace_id', '=', workspaceId).where('organization_id', '=', organizationId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /**
   * Writes ranks 1..n in the given order with one UPDATE (a CASE over the ids), so a re-ranking
   * is one statement whatever the length of the list. Ranks are literals: PostgreSQL would type
   * a CASE of untyped parameters as text. The version is not bumped: a rank is the list's
   * order, not the entry's content, and moving a row must not turn someone's open edit of its
   * scores into a conflict.
   */
  async writeRanks(db: Executor, workspaceId: string, orderedIds: readonly string[]): Promise<void> {
    if (orderedIds.length === 0) return;
    const arms = orderedIds.map((id, i) => sql`when ${id} then ${sql.lit(i + 1)}`);
    await db
      .updateTable('targets')
      .set({ rank: sql<number>`case organization_id ${sql.join(arms, sql` `)} else rank end` })
      .where('workspace_id', '=', workspaceId)
      .execute();
  }

  /** Closes the gaps a removal leaves: ranks become 1..n again, order kept. */
  async renumber(db: Executor, workspaceId: string): Promise<void> {
    await this.writeRanks(db, workspaceId, await this.orderedIds(db, workspaceId));
  }

  /**
   * The live contacts at every organization on the list (or at one), with their latest done
   * conversation and whether they are part of something in the works — one query for the list.
   */
  async contactsAtTargets(db: Executor, workspaceId: string, nowIso: string, organizationId?: string): Promise<ContactAtTargetRow[]> {
    let q = db
      .selectFrom('contacts as c')
      .innerJoin('targets as t', (j) => j.onRef('t.organization_id', '=', 'c.organization_id').on('t.workspace_id', '=', workspaceId))
      .select(['c.id', 't.organization_id', 'c.display_name', 'c.sort_name', 'c.title'])
      .select((eb) => [
        eb
          .selectFrom('conversation_participants as p')
          .innerJoin('conversations as v', 'v.id', 'p.conversation_id')
          .select((e) => e.fn.max('v.starts_at').as('m'))
          .whereRef('p.contact_id', '=', 'c.id')
          .where('p.workspace_id', '=', workspaceId)
          .where('v.status', '=', 'done')
          .as('last_interaction_at'),
        eb
          .case()
          .when(
            eb.or([
              eb.exists(
                eb
                  .selectFrom('conversation_participants as p')
                  .innerJoin('conversations as v', 'v.id', 'p.conversation_id')
                  .select(sql`1`.as('one'))
                  .whereRef('p.contact_id', '=', 'c.id')
                  .where('p.workspace_id', '=', workspaceId)
                  .where('v.status', '=', 'scheduled')
                  .where('v.starts_at', '>', nowIso),
              ),
              eb.exists(
                eb
                  .selectFrom('referrals as r')
                  .select(sql`1`.as('one'))
                  .where('r.workspace_id', '=', workspaceId)
                  .where((w) => w.or([w('r.from_contact_id', '=', w.ref('c.id')), w('r.to_contact_id', '=', w.ref('c.id'))]))
                  .where('r.status', 'in', ['led-to-interview', 'led-to-offer']),
              ),
            ]),
          )
          .then(sql.lit(1))
          .else(sql.lit(0))
          .end()
          .as('in_the_works'),
      ])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.deleted_at', 'is', null);
    if (organizationId) q = q.where('t.organization_id', '=', organizationId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      organization_id: r.organization_id,
      display_name: r.display_name,
      sort_name: r.sort_name,
      title: r.title,
      last_interaction_at: r.last_interaction_at ?? null,
      in_the_works: Number(r.in_the_works) === 1,
    }));
  }

  /**
   * The last touch at every organization on the list (or at one): the latest done conversation
   * held at the organization, or with someone who works there. Contacts deleted with "keep the
   * history" still count: the conversation happened. One query (a UNION ALL, grouped).
   */
  async lastTouches(db: Executor, workspaceId: string, organizationId?: string): Promise<Map<string, string>> {
    let atOrganization = db
      .selectFrom('conversations as v')
      .innerJoin('targets as t', (j) => j.onRef('t.organization_id', '=', 'v.organization_id').on('t.workspace_id', '=', workspaceId))
      .select(['t.organization_id as organization_id', 'v.starts_at as at'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.status', '=', 'done');
    let withPeopleThere = db
      .selectFrom('conversations as v')
      .innerJoin('conversation_participants as p', 'p.conversation_id', 'v.id')
      .innerJoin('contacts as c', 'c.id', 'p.contact_id')
      .innerJoin('targets as t', (j) => j.onRef('t.organization_id', '=', 'c.organization_id').on('t.workspace_id', '=', workspaceId))
      .select(['t.organization_id as organization_id', 'v.starts_at as at'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.status', '=', 'done');
    if (organizationId) {
      atOrganization = atOrganization.where('t.organization_id', '=', organizationId);
      withPeopleThere = withPeopleThere.where('t.organization_id', '=', organizationId);
    }
    const rows = await db
      .selectFrom(atOrganization.unionAll(withPeopleThere).as('touches'))
      .select((eb) => ['touches.organization_id', eb.fn.max('touches.at').as('last')])
      .groupBy('touches.organization_id')
      .execute();
    return new Map(rows.filter((r) => r.last !== null).map((r) => [r.organization_id, String(r.last)]));
  }
}
