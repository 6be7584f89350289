import { sql } from 'kysely';
import type { ContactRef } from '../contracts/contact.schema.js';
import type { Referral, ReferralCreate, ReferralUpdate } from '../contracts/referral.schema.js';
import type { Db } from '../db/database.js';
import { introductionChain } from '../domain/contact-insight.js';
import type { Scope } from './contact.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Referrals: A introduced me to B (or to organization C), from offered to led-to-offer. */
export class ReferralService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  private base(scope: Scope) {
    return this.deps.db.kysely
      .selectFrom('referrals as r')
      .innerJoin('contacts as f', 'f.id', 'r.from_contact_id')
      .leftJoin('contacts as t', 't.id', 'r.to_contact_id')
      .leftJoin('organizations as o', 'o.id', 'r.to_organization_id')
      .select([
        'r.id',
        'r.status',
        'r.note',
        'r.conversation_id',
        'r.offered_at',
        'r.status_changed_at',
        'r.version',
        'f.id as from_id',
        'f.display_name as from_name',
        't.id as to_id',
        't.display_name as to_name',
        'o.id as org_id',
        'o.name as org_name',
      ])
      .where('r.workspace_id', '=', scope.workspaceId);
  }

  /** Referrals to or from a contact (both ways), or all of the workspace's. */
  async list(scope: Scope, query: { contactId?: string | undefined; status?: string | undefined }): Promise<Referral[]> {
    let q = this.base(scope);
    if (query.contactId) {
      const id = query.contactId;
      q = q.where((eb) => eb.or([eb('r.from_contact_id', '=', id), eb('r.to_contact_id', '=', id)]));
    }
    if (query.status) q = q.where('r.status', '=', query.status);
    const rows = await q.orderBy('r.offered_at', 'desc').orderBy('r.id').limit(1000).execute();
    return rows.map(toReferral);
  }

  async get(scope: Scope, id: string): Promise<Referral> {
    const row = await this.base(scope).where('r.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Referral', id);
    return toReferral(row);
  }

  async create(scope: Scope, input: ReferralCreate): Promise<Referral> {
    const now = this.deps.clock.now().toISOString();
    const db = this.deps.db.kysely;
    const live = async (table: 'contacts' | 'organizations', id: string) =>
      Boolean(await db.selectFrom(table).select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst());
    const issues = [];
    if (!(await live('contacts', input.fromContactId))) issues.push({ path: 'fromContactId', message: `No contact with id ${input.fromContactId}` });
    if (input.toContactId && !(await live('contacts', input.toContactId))) issues.push({ path: 'toContactId', message: `No contact with id ${input.toContactId}` });
    if (input.toOrganizationId && !(await live('organizations', input.toOrganizationId))) issues.push({ path: 'toOrganizationId', message: `No organization with id ${input.toOrganizationId}` });
    if (issues.length > 0) throw new InvalidError('Unknown referral party', issues);
    const id = this.deps.ids.newId();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('referrals')
        .values({
          id,
          workspace_id: scope.workspaceId,
          from_contact_id: input.fromContactId,
          to_contact_id: input.toContactId,
          to_organization_id: input.toOrganizationId,
          conversation_id: input.conversationId,
          status: input.status,
          note: input.note,
          offered_at: input.offeredAt ? new Date(input.offeredAt).toISOString() : now,
          status_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // As with a name offered in a conversation: the person learns who introduced them if nobody
      // had, so that the referral shows in their chain (unless that would make a two-person loop).
      if (input.toContactId) {
        await trx
          .updateTable('contacts')
          .set({ introduced_by_id: input.fromContactId, updated_at: now })
          .where('workspace_id', '=', scope.workspaceId)
          .where('id', '=', input.toContactId)
          .where('introduced_by_id', 'is', null)
          .where((eb) => eb.not(eb.exists(eb.selectFrom('contacts as f').select('f.id').where('f.id', '=', input.fromContactId).where('f.introduced_by_id', '=', input.toContactId))))
          .execute();
      }
    });
    return this.get(scope, id);
  }

  async update(scope: Scope, id: string, input: ReferralUpdate): Promise<Referral> {
    const now = this.deps.clock.now().toISOString();
    const current = await this.get(scope, id);
    const patch: { updated_at: string; status?: string; status_changed_at?: string; note?: string | null } = { updated_at: now };
    if (input.status !== undefined && input.status !== current.status) {
      patch.status = input.status;
      patch.status_changed_at = now;
    }
    if (input.note !== undefined) patch.note = input.note;
    const result = await this.deps.db.kysely
      .updateTable('referrals')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError('This referral was changed by someone else; reload and try again');
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    const result = await this.deps.db.kysely.deleteFrom('referrals').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw new NotFoundError('Referral', id);
  }

  /**
   * The people behind a contact: who introduced whom, oldest first, ending with the contact
   * (A → B → C). Follows "introduced by", which names offered in conversations set.
   */
  async chain(scope: Scope, contactId: string): Promise<ContactRef[]> {
    const db = this.deps.db.kysely;
    const start = await db.selectFrom('contacts').select(['id', 'display_name', 'introduced_by_id']).where('workspace_id', '=', scope.workspaceId).where('id', '=', contactId).executeTakeFirst();
    if (!start) throw new NotFoundError('Contact', contactId);
    // Chains are short; one lookup per link keeps this simple and indexed by primary key.
    const rows = new Map<string, { id: string; display_name: string; introduced_by_id: string | null }>([[start.id, start]]);
    let cursor = start.introduced_by_id;
    for (let i = 0; cursor && i < 25 && !rows.has(cursor); i += 1) {
      const row = await db.selectFrom('contacts').select(['id', 'display_name', 'introduced_by_id']).where('workspace_id', '=', scope.workspaceId).where('id', '=', cursor).executeTakeFirst();
      if (!row) break;
      rows.set(row.id, row);
      cursor = row.introduced_by_id;
    }
    const chain = introductionChain(start, (id) => {
      const introducer = rows.get(id)?.introduced_by_id;
      return introducer ? rows.get(introducer) : undefined;
    });
    return chain.map((r) => ({ id: r.id, displayName: r.display_name }));
  }
}

type Row = {
  id: string;
  status: string;
  note: string | null;
  conversation_id: string | null;
  offered_at: string;
  status_changed_at: string;
  version: number;
  from_id: string;
  from_name: string;
  to_id: string | null;
  to_name: string | null;
  org_id: string | null;
  org_name: string | null;
};

function toReferral(r: Row): Referral {
  return {
    id: r.id,
    from: { id: r.from_id, displayName: r.from_name },
    to: r.to_id && r.to_name ? { id: r.to_id, displayName: r.to_name } : null,
    toOrganization: r.org_id && r.org_name ? { id: r.org_id, name: r.org_name } : null,
    conversationId: r.conversation_id,
    status: r.status as Referral['status'],
    note: r.note,
    offeredAt: r.offered_at,
    statusChangedAt: r.status_changed_at,
    version: r.version,
  };
}
