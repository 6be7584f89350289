import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConversationKind } from '../../contracts/conversation.schema.js';
import type { OpportunityStage } from '../../contracts/opportunity.schema.js';
import type { SearchOpportunity, SearchOrganization } from '../../contracts/search.schema.js';
import type { Database } from '../schema.js';
import { likeContains } from './json.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** What the palette's in-memory index of organizations and opportunities is built from. */
export interface SearchableRecord {
  id: string;
  /** The words that name it: an organization's name, an opportunity's title. */
  name: string;
  /** Other words it is found by: an opportunity's organization. */
  other: string;
}

export interface ConversationMatch {
  id: string;
  kind: ConversationKind;
  status: 'scheduled' | 'done' | 'cancelled';
  title: string | null;
  startsAt: string;
  notes: string | null;
  participants: string[];
}

/** Participants named per conversation found. */
const PARTICIPANTS_SHOWN = 3;

/** The SQL of the global search (the command palette) beyond contacts. Every query is scoped to one workspace. */
export class SearchRepository {
  /** Moves on every write to what the palette indexes (the change log's triggers bump it). */
  async dataVersion(db: Executor, workspaceId: string): Promise<number> {
    const row = await db.selectFrom('workspaces').select('data_version').where('id', '=', workspaceId).executeTakeFirst();
    return Number(row?.data_version ?? 0);
  }

  /** Live organizations, by name. */
  async organizationRecords(db: Executor, workspaceId: string): Promise<SearchableRecord[]> {
    const rows = await db.selectFrom('organizations').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, other: '' }));
  }

  /** Every opportunity, by title and organization. */
  async opportunityRecords(db: Executor, workspaceId: string): Promise<SearchableRecord[]> {
    const rows = await db
      .selectFrom('opportunities as p')
      .innerJoin('organizations as o', (j) => j.onRef('o.id', '=', 'p.organization_id'))
      .select(['p.id', 'p.title', 'o.name'])
      .where('p.workspace_id', '=', workspaceId)
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.title, other: r.name }));
  }

  /** The organizations with these ids, in the order given. */
  async organizations(db: Executor, workspaceId: string, ids: readonly string[]): Promise<SearchOrganization[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('organizations as o')
      .leftJoin('targets as t', (j) => j.onRef('t.organization_id', '=', 'o.id').on('t.workspace_id', '=', workspaceId))
      .select(['o.id', 'o.name', 'o.location', 't.rank'])
      .where('o.workspace_id', '=', workspaceId)
      .where('o.id', 'in', [...ids])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, location: r.location, targetRank: r.rank === null ? null : Number(r.rank) }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The opportunities with these ids, in the order given. */
  async opportunities(db: Executor, workspaceId: string, ids: readonly string[]): Promise<SearchOpportunity[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('opportunities as p')
      .innerJoin('organizations as o', (j) => j.onRef('o.id', '=', 'p.organization_id'))
      .select(['p.id', 'p.title', 'p.stage', 'o.name'])
      .where('p.workspace_id', '=', workspaceId)
      .where('p.id', 'in', [...ids])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, title: r.title, organizationName: r.name, stage: r.stage as OpportunityStage }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Conversations whose title or notes hold every word (case ignored, as written otherwise):
   * those whose title holds them all first, then the newest. At most `limit`.
   */
  async conversations(db: Executor, workspaceId: string, words: readonly string[], limit: number): Promise<ConversationMatch[]> {
    if (words.length === 0) return [];
    const title = sql<string>`lower(coalesce(c.title, ''))`;
    const notes = sql<string>`lower(coalesce(c.notes, ''))`;
    const like = (column: typeof title, word: string) => sql<boolean>`${column} like ${likeContains(word)} escape '\\'`;
    const inTitle = sql.join(words.map((w) => like(title, w)), sql` and `);
    let query = db
      .selectFrom('conversations as c')
      .select(['c.id', 'c.kind', 'c.status', 'c.title', 'c.starts_at', 'c.notes'])
      .where('c.workspace_id', '=', workspaceId);
    for (const word of words) query = query.where(sql<boolean>`(${like(title, word)} or ${like(notes, word)})`);
    const rows = await query
      .orderBy(sql`case when ${inTitle} then 0 else 1 end`)
      .orderBy('c.starts_at', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const people = await db
      .selectFrom('conversation_participants as cp')
      .innerJoin('contacts as k', (j) => j.onRef('k.id', '=', 'cp.contact_id'))
      .select(['cp.conversation_id', 'k.display_name'])
      .where('cp.workspace_id', '=', workspaceId)
      .where(
        'cp.conversation_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('k.sort_name')
      .execute();
    const names = new Map<string, string[]>();
    for (const p of people) {
      const list = names.get(p.conversation_id) ?? [];
      if (list.length < PARTICIPANTS_SHOWN) list.push(p.display_name);
      names.set(p.conversation_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as ConversationKind,
      status: r.status as ConversationMatch['status'],
      title: r.title,
      startsAt: r.starts_at,
      notes: r.notes,
      participants: names.get(r.id) ?? [],
    }));
  }
}
