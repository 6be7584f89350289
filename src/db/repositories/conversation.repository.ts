import { sql, type Kysely, type Transaction } from 'kysely';
import type { ContactRef } from '../../contracts/contact.schema.js';
import type { Conversation, ConversationListQuery, ConversationSummary } from '../../contracts/conversation.schema.js';
import type { ConversationTable, Database } from '../schema.js';
import type { Insertable, Updateable } from 'kysely';

type Executor = Kysely<Database> | Transaction<Database>;
export type ParticipantRef = ContactRef & { role: string; deleted: boolean };

/** All SQL about conversations and their participants. Every query is scoped to one workspace. */
export class ConversationRepository {
  async insert(db: Executor, row: Insertable<ConversationTable>, participants: readonly { contactId: string; role: string }[]): Promise<void> {
    await db.insertInto('conversations').values(row).execute();
    await this.replaceParticipants(db, row.workspace_id, row.id, participants);
  }

  async replaceParticipants(db: Executor, workspaceId: string, conversationId: string, participants: readonly { contactId: string; role: string }[]): Promise<void> {
    await db.deleteFrom('conversation_participants').where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId).execute();
    const unique = new Map(participants.map((p) => [p.contactId, p.role]));
    if (unique.size === 0) return;
    await db
      .insertInto('conversation_participants')
      .values([...unique].map(([contact_id, role]) => ({ workspace_id: workspaceId, conversation_id: conversationId, contact_id, role })))
      .execute();
  }

  async update(db: Executor, workspaceId: string, id: string, expectedVersion: number, patch: Updateable<ConversationTable>): Promise<boolean> {
    const result = await db
      .updateTable('conversations')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const result = await db.deleteFrom('conversations').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async findRow(db: Executor, workspaceId: string, id: string) {
    return db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** Conversations of a kind, not cancelled, starting between two instants (inclusive): the candidates for "already logged". */
  async findStartingBetween(db: Executor, workspaceId: string, kind: string, fromIso: string, toIso: string) {
    return db
      .selectFrom('conversations')
      .select(['id', 'kind', 'starts_at', 'time_zone', 'organization_id'])
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('status', '!=', 'cancelled')
      .where('starts_at', '>=', fromIso)
      .where('starts_at', '<=', toIso)
      .orderBy('starts_at')
      .execute();
  }

  /** Participants of many conversations in one query. */
  async participantsOf(db: Executor, workspaceId: string, conversationIds: readonly string[]): Promise<Map<string, ParticipantRef[]>> {
    const result = new Map<string, ParticipantRef[]>();
    if (conversationIds.length === 0) return result;
    const rows = await db
      .selectFrom('conversation_participants as p')
      .innerJoin('contacts as c', 'c.id', 'p.contact_id')
      .select(['p.conversation_id', 'p.role', 'c.id', 'c.display_name', 'c.deleted_at'])
      .where('p.workspace_id', '=', workspaceId)
      .where('p.conversation_id', 'in', conversationIds)
      .orderBy('c.sort_name')
      .execute();
    for (const r of rows) {
      const list = result.get(r.conversation_id) ?? [];
      list.push({ id: r.id, displayName: r.display_name, role: r.role, deleted: r.deleted_at !== null });
      result.set(r.conversation_id, list);
    }
    return result;
  }

  async list(db: Executor, workspaceId: string, query: ConversationListQuery): Promise<{ items: ConversationSummary[]; total: number }> {
    let q = db
      .selectFrom('conversations as v')
      .leftJoin('organizations as o', 'o.id', 'v.organization_id')
      .where('v.workspace_id', '=', workspaceId);
    if (query.contactId) {
      const contactId = query.contactId;
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('conversation_participants as p')
            .select(sql`1`.as('one'))
            .whereRef('p.conversation_id', '=', 'v.id')
            .where('p.contact_id', '=', contactId),
        ),
      );
    }
    if (query.organizationId) {
      const organizationId = query.organizationId;
      // At the organization, or with someone who works there.
      q = q.where((eb) =>
        eb.or([
          eb('v.organization_id', '=', organizationId),
          eb.exists(
            eb
              .selectFrom('conversation_participants as p')
              .innerJoin('contacts as c', 'c.id', 'p.contact_id')
              .select(sql`1`.as('one'))
              .whereRef('p.conversation_id', '=', 'v.id')
              .where('c.organization_id', '=', organizationId),
          ),
        ]),
      );
    }
    if (query.kind) q = q.where('v.kind', '=', query.kind);
    if (query.status) q = q.where('v.status', '=', query.status);
    if (query.from) q = q.where('v.starts_at', '>=', new Date(query.from).toISOString());
    if (query.to) q = q.where('v.starts_at', '<', new Date(query.to).toISOString());
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const dir = query.order === 'oldest' ? 'asc' : 'desc';
    const rows = await q
      .select(['v.id', 'v.kind', 'v.status', 'v.starts_at', 'v.time_zone', 'v.title', 'v.interview_round', 'o.id as org_id', 'o.name as org_name'])
      .orderBy('v.starts_at', dir)
      .orderBy('v.id', dir)
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const participants = await this.participantsOf(db, workspaceId, rows.map((r) => r.id));
    return {
      total: Number(n),
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind as ConversationSummary['kind'],
        status: r.status as ConversationSummary['status'],
        startsAt: r.starts_at,
        timeZone: r.time_zone,
        title: r.title,
        interviewRound: r.interview_round,
        participants: participants.get(r.id) ?? [],
        organization: r.org_id && r.org_name ? { id: r.org_id, name: r.org_name } : null,
      })),
    };
  }

  /** The outcomes recorded in one conversation: referrals, companies suggested, advice. */
  async outcomesOf(db: Executor, workspaceId: string, conversationId: string): Promise<Conversation['outcomes']> {
    const referrals = await db
      .selectFrom('referrals as r')
      .innerJoin('contacts as f', 'f.id', 'r.from_contact_id')
      .leftJoin('contacts as t', 't.id', 'r.to_contact_id')
      .leftJoin('organizations as o', 'o.id', 'r.to_organization_id')
      .select(['r.id', 'r.status', 'f.id as from_id', 'f.display_name as from_name', 't.id as to_id', 't.display_name as to_name', 'o.id as org_id', 'o.name as org_name'])
      .where('r.workspace_id', '=', workspaceId)
      .where('r.conversation_id', '=', conversationId)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute();
    const targets = await db
      .selectFrom('targets as g')
      .innerJoin('organizations as o', 'o.id', 'g.organization_id')
      .leftJoin('contacts as s', 's.id', 'g.suggested_by_id')
      .select(['o.id', 'o.name', 's.id as by_id', 's.display_name as by_name'])
      .where('g.workspace_id', '=', workspaceId)
      .where('g.suggested_in_conversation_id', '=', conversationId)
      .orderBy('g.rank')
      .execute();
    const advice = await db
      .selectFrom('advice_items as a')
      .innerJoin('contacts as c', 'c.id', 'a.contact_id')
      .select(['a.id', 'a.title', 'a.kind', 'a.status', 'c.id as from_id', 'c.display_name as from_name'])
      .where('a.workspace_id', '=', workspaceId)
      .where('a.conversation_id', '=', conversationId)
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
    return {
      referrals: referrals.map((r) => ({
        id: r.id,
        status: r.status,
        from: { id: r.from_id, displayName: r.from_name },
        to: r.to_id && r.to_name ? { id: r.to_id, displayName: r.to_name } : null,
        toOrganization: r.org_id && r.org_name ? { id: r.org_id, name: r.org_name } : null,
      })),
      companiesSuggested: targets.map((t) => ({
        organizationId: t.id,
        organizationName: t.name,
        suggestedBy: t.by_id && t.by_name ? { id: t.by_id, displayName: t.by_name } : null,
      })),
      advice: advice.map((a) => ({ id: a.id, title: a.title, kind: a.kind as Conversation['outcomes']['advice'][number]['kind'], status: a.status, from: { id: a.from_id, displayName: a.from_name } })),
    };
  }
}
