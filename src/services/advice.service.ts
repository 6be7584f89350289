import { sql } from 'kysely';
import type { Advice, AdviceCreate, AdviceUpdate } from '../contracts/referral.schema.js';
import type { Db } from '../db/database.js';
import type { Scope } from './contact.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Advice items: what a contact told me to do; done records when, so I can tell them (seed 001). */
export class AdviceService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  private base(scope: Scope) {
    return this.deps.db.kysely
      .selectFrom('advice_items as a')
      .innerJoin('contacts as c', 'c.id', 'a.contact_id')
      .selectAll('a')
      .select(['c.display_name as from_name'])
      .where('a.workspace_id', '=', scope.workspaceId);
  }

  async list(scope: Scope, query: { contactId?: string | undefined; status?: string | undefined }): Promise<Advice[]> {
    let q = this.base(scope);
    if (query.contactId) q = q.where('a.contact_id', '=', query.contactId);
    if (query.status) q = q.where('a.status', '=', query.status);
    const rows = await q.orderBy('a.created_at', 'desc').orderBy('a.id').limit(1000).execute();
    return rows.map(toAdvice);
  }

  async get(scope: Scope, id: string): Promise<Advice> {
    const row = await this.base(scope).where('a.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Advice item', id);
    return toAdvice(row);
  }

  async create(scope: Scope, input: AdviceCreate): Promise<Advice> {
    const db = this.deps.db.kysely;
    const contact = await db.selectFrom('contacts').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', input.contactId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!contact) throw new InvalidError('Unknown adviser', [{ path: 'contactId', message: `No contact with id ${input.contactId}` }]);
    if (input.conversationId) {
      const c = await db.selectFrom('conversations').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', input.conversationId).executeTakeFirst();
      if (!c) throw new InvalidError('Unknown conversation', [{ path: 'conversationId', message: `No conversation with id ${input.conversationId}` }]);
    }
    const now = this.deps.clock.now().toISOString();
    const id = this.deps.ids.newId();
    await db
      .insertInto('advice_items')
      .values({ id, workspace_id: scope.workspaceId, contact_id: input.contactId, conversation_id: input.conversationId, kind: input.kind, title: input.title, notes: input.notes, status: 'open', done_at: null, update_sent_at: null, created_at: now, updated_at: now })
      .execute();
    return this.get(scope, id);
  }

  /** Marking an item done records when; reopening clears it. `updateSent` records that the adviser was told. */
  async update(scope: Scope, id: string, input: AdviceUpdate): Promise<Advice> {
    const current = await this.get(scope, id);
    const now = this.deps.clock.now().toISOString();
    const patch: Record<string, string | null> = { updated_at: now };
    if (input.kind !== undefined) patch.kind = input.kind;
    if (input.title !== undefined) patch.title = input.title;
    if (input.notes !== undefined) patch.notes = input.notes;
    if (input.status !== undefined && input.status !== current.status) {
      patch.status = input.status;
      patch.done_at = input.status === 'done' ? now : null;
    }
    if (input.updateSent !== undefined) patch.update_sent_at = input.updateSent ? now : null;
    const result = await this.deps.db.kysely
      .updateTable('advice_items')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError('This advice item was changed by someone else; reload and try again');
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    const result = await this.deps.db.kysely.deleteFrom('advice_items').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw new NotFoundError('Advice item', id);
  }
}

function toAdvice(r: {
  id: string;
  contact_id: string;
  from_name: string;
  conversation_id: string | null;
  kind: string;
  title: string;
  notes: string | null;
  status: string;
  done_at: string | null;
  update_sent_at: string | null;
  version: number;
  created_at: string;
}): Advice {
  return {
    id: r.id,
    from: { id: r.contact_id, displayName: r.from_name },
    conversationId: r.conversation_id,
    kind: r.kind as Advice['kind'],
    title: r.title,
    notes: r.notes,
    status: r.status as Advice['status'],
    doneAt: r.done_at,
    updateSentAt: r.update_sent_at,
    version: r.version,
    createdAt: r.created_at,
  };
}
