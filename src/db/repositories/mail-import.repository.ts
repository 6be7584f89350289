import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { ConversationParticipantTable, ConversationSourceTable, ConversationTable, Database } from '../schema.js';
import { fromJsonArray } from './json.js';

type Executor = Kysely<Database> | Transaction<Database>;

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ContactAddressRow {
  id: string;
  displayName: string;
  emails: string[];
}

export interface StoredSource {
  sourceKey: string;
  conversationId: string;
  sequence: number;
  status: string;
  startsAt: string;
  kind: string;
  title: string | null;
  location: string | null;
  durationMinutes: number | null;
  direction: string;
  awaitingReply: boolean;
  repliedAt: string | null;
  version: number;
}

export interface OpenEmailActionRow {
  id: string;
  recipients: string[];
  subjects: { type: string; id: string }[];
  createdAt: string;
}

/**
 * The SQL of the mail and calendar import (`MailImportService`): contacts by address, the
 * sources already imported, the conversations it writes and the actions a sent message answers.
 * Every query is scoped to one workspace.
 */
export class MailImportRepository {
  /** Every live contact with its email addresses (most have none: the JSON parser is skipped for those). */
  async contactAddresses(db: Executor, workspaceId: string): Promise<ContactAddressRow[]> {
    const rows = await db.selectFrom('contacts').select(['id', 'display_name', 'emails']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      emails: r.emails === '[]' ? [] : fromJsonArray<{ value: string }>(r.emails).map((e) => e.value.trim().toLowerCase()),
    }));
  }

  async contactNames(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of chunks([...new Set(ids)])) {
      const rows = await db.selectFrom('contacts').select(['id', 'display_name']).where('workspace_id', '=', workspaceId).where('id', 'in', chunk).where('deleted_at', 'is', null).execute();
      for (const r of rows) out.set(r.id, r.display_name);
    }
    return out;
  }

  /** The sources among `keys` already imported, with the conversation each became. */
  async sources(db: Executor, workspaceId: string, keys: readonly string[]): Promise<Map<string, StoredSource>> {
    const out = new Map<string, StoredSource>();
    for (const chunk of chunks([...new Set(keys)])) {
      const rows = await db
        .selectFrom('conversation_sources as s')
        .innerJoin('conversations as v', 'v.id', 's.conversation_id')
        .select(['s.source_key', 's.conversation_id', 's.sequence', 'v.status', 'v.starts_at', 'v.kind', 'v.title', 'v.location', 'v.duration_minutes', 'v.direction', 'v.awaiting_reply', 'v.replied_at', 'v.version'])
        .where('s.workspace_id', '=', workspaceId)
        .where('s.source_key', 'in', chunk)
        .execute();
      for (const r of rows) {
        out.set(r.source_key, {
          sourceKey: r.source_key,
          conversationId: r.conversation_id,
          sequence: r.sequence,
          status: r.status,
          startsAt: r.starts_at,
          kind: r.kind,
          title: r.title,
          location: r.location,
          durationMinutes: r.duration_minutes,
          direction: r.direction,
          awaitingReply: r.awaiting_reply === 1,
          repliedAt: r.replied_at,
          version: r.version,
        });
      }
    }
    return out;
  }

  /** Participants (contact ids) of conversations. */
  async participantIds(db: Executor, workspaceId: string, conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const chunk of chunks([...new Set(conversationIds)])) {
      const rows = await db.selectFrom('conversation_participants').select(['conversation_id', 'contact_id']).where('workspace_id', '=', workspaceId).where('conversation_id', 'in', chunk).execute();
      for (const r of rows) {
        const list = out.get(r.conversation_id);
        if (list) list.push(r.contact_id);
        else out.set(r.conversation_id, [r.contact_id]);
      }
    }
    return out;
  }

  /** New conversations with their participants and sources, many rows per statement. */
  async insertConversations(
    trx: Transaction<Database>,
    conversations: readonly Insertable<ConversationTable>[],
    participants: readonly Insertable<ConversationParticipantTable>[],
    sources: readonly Insertable<ConversationSourceTable>[],
  ): Promise<void> {
    // Parameters per statement stay well under PostgreSQL's 65,535 and SQLite's 32,766.
    for (const chunk of chunks(conversations, 200)) await trx.insertInto('conversations').values(chunk).execute();
    for (const chunk of chunks(participants)) await trx.insertInto('conversation_participants').values(chunk).execute();
    for (const chunk of chunks(sources)) await trx.insertInto('conversation_sources').values(chunk).execute();
  }

  async updateConversation(trx: Transaction<Database>, workspaceId: string, id: string, patch: Partial<Insertable<ConversationTable>>): Promise<void> {
    await trx
      .updateTable('conversations')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  }

  async replaceParticipants(trx: Transaction<Database>, workspaceId: string, conversationId: string, contactIds: readonly string[]): Promise<void> {
    await trx.deleteFrom('conversation_participants').where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId).execute();
    if (contactIds.length === 0) return;
    await trx
      .insertInto('conversation_participants')
      .values([...new Set(contactIds)].map((contact_id) => ({ workspace_id: workspaceId, conversation_id: conversationId, contact_id, role: 'participant' })))
      .execute();
  }

  async setSequence(trx: Transaction<Database>, workspaceId: string, sourceKey: string, sequence: number): Promise<void> {
    await trx.updateTable('conversation_sources').set({ sequence }).where('workspace_id', '=', workspaceId).where('source_key', '=', sourceKey).execute();
  }

  /** Open (or snoozed) email actions with recipients: those a sent message may answer. */
  async openEmailActions(db: Executor, workspaceId: string): Promise<OpenEmailActionRow[]> {
    const rows = await db
      .selectFrom('actions')
      .select(['id', 'recipients', 'subjects', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('status', 'in', ['open', 'snoozed'])
      .where('channel', '=', 'email')
      .where('recipients', '!=', '[]')
      .execute();
    return rows.map((r) => ({ id: r.id, recipients: fromJsonArray<string>(r.recipients), subjects: fromJsonArray<{ type: string; id: string }>(r.subjects), createdAt: r.created_at }));
  }

  async conversationStarts(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of chunks([...new Set(ids)])) {
      const rows = await db.selectFrom('conversations').select(['id', 'starts_at']).where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute();
      for (const r of rows) out.set(r.id, r.starts_at);
    }
    return out;
  }

  async markActionsDone(trx: Transaction<Database>, workspaceId: string, done: readonly { id: string; note: string }[], nowIso: string): Promise<void> {
    for (const d of done) {
      await trx
        .updateTable('actions')
        .set({ status: 'done', completed_at: nowIso, updated_at: nowIso, note: d.note, version: sql<number>`version + 1` })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', d.id)
        .where('status', 'in', ['open', 'snoozed'])
        .execute();
    }
  }
}
