import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { ContactSummary } from '../../contracts/contact.schema.js';
import type { Organization, OrganizationListQuery } from '../../contracts/organization.schema.js';
import { foldText, searchTerms } from '../../domain/text.js';
import type { Database, OrganizationRow, OrganizationTable } from '../schema.js';
import { fromJsonArray, likeContains } from './json.js';

type Executor = Kysely<Database> | Transaction<Database>;
type LabelledValue = { value: string; label?: string };

/** What points at an organization: the facts behind "delete — keep the history or remove?". */
export interface OrganizationReferenceCounts {
  contacts: number;
  conversations: number;
  target: number;
  referrals: number;
}

/** The fields a contact's search text is built from (see ContactService). */
export interface ContactSearchFacts {
  id: string;
  given_name: string;
  family_name: string;
  emails: string;
  title: string | null;
  location: string | null;
}

/** All SQL about organizations. Every query is scoped to one workspace. */
export class OrganizationRepository {
  constructor(private readonly newId: () => string) {}

  /**
   * The organization of that (folded) name, live or soft-deleted: the name stays taken after a
   * "keep the history" delete, because the history still points at that row.
   */
  async findByName(db: Executor, workspaceId: string, name: string): Promise<OrganizationRow | undefined> {
    return db
      .selectFrom('organizations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name_key', '=', foldText(name))
      .executeTakeFirst();
  }

  /**
   * Returns the organization of that name, creating it if needed; a soft-deleted one comes back
   * to life (its history is still attached) instead of tripping the unique key. Two writers
   * racing to create the same name both end up with the one row: the unique key decides, then
   * we read it back.
   */
  async findOrCreateByName(db: Executor, workspaceId: string, name: string, nowIso: string): Promise<OrganizationRow> {
    const existing = await this.findByName(db, workspaceId, name);
    if (existing && existing.deleted_at === null) return existing;
    if (existing) {
      await this.restore(db, workspaceId, existing.id, nowIso);
    } else {
      await db
        .insertInto('organizations')
        .values({ id: this.newId(), workspace_id: workspaceId, name: name.trim(), name_key: foldText(name), created_at: nowIso, updated_at: nowIso })
        .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
        .execute();
    }
    const row = await this.findByName(db, workspaceId, name);
    if (!row) throw new Error(`organization "${name}" vanished after insert`);
    return row;
  }

  /** Inserts a new organization; false when the name is already taken (live or soft-deleted). */
  async insert(db: Executor, row: Insertable<OrganizationTable>): Promise<boolean> {
    const result = await db
      .insertInto('organizations')
      .values(row)
      .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async findRow(db: Executor, workspaceId: string, id: string): Promise<OrganizationRow | undefined> {
    return db.selectFrom('organizations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** The list: live organizations only, with how many live contacts work there and whether each is a target. */
  async list(db: Executor, workspaceId: string, query: OrganizationListQuery): Promise<{ items: Organization[]; total: number }> {
    // Same substring search as contacts, on the folded name (name_key): "nova" finds "Café Nova".
    const matches = searchTerms(query.q ?? '').map((term) => sql<boolean>`o.name_key like ${likeContains(term)} escape '\\'`);
    let count = db.selectFrom('organizations as o').where('o.workspace_id', '=', workspaceId).where('o.deleted_at', 'is', null);
    let rows = this.withFacts(db, workspaceId).where('o.deleted_at', 'is', null);
    for (const match of matches) {
      count = count.where(match);
      rows = rows.where(match);
    }
    const countRow = await count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const dir = query.sort.startsWith('-') ? 'desc' : 'asc';
    const key = query.sort.replace(/^-/, '');
    if (key === 'contacts') rows = rows.orderBy(sql`coalesce(cc.n, 0)`, dir).orderBy('o.name_key', 'asc');
    else if (key === 'updated') rows = rows.orderBy('o.updated_at', dir);
    else rows = rows.orderBy('o.name_key', dir);
    const page = await rows.orderBy('o.id', 'asc').limit(query.limit).offset(query.offset).execute();
    return { total: Number(countRow.n), items: page.map(toOrganization) };
  }

  /** One organization, soft-deleted ones included: the history links to them by id. */
  async get(db: Executor, workspaceId: string, id: string): Promise<Organization | undefined> {
    const row = await this.withFacts(db, workspaceId).where('o.id', '=', id).executeTakeFirst();
    return row ? toOrganization(row) : undefined;
  }

  /**
   * Organizations with their derived columns, from one grouped join (not a count per row), so
   * sorting thousands of organizations by their number of contacts stays one query.
   */
  private withFacts(db: Executor, workspaceId: string) {
    return db
      .selectFrom('organizations as o')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('contacts')
            .select((e) => ['organization_id', e.fn.countAll<number>().as('n')])
            .where('workspace_id', '=', workspaceId)
            .where('deleted_at', 'is', null)
            .where('organization_id', 'is not', null)
            .groupBy('organization_id')
            .as('cc'),
        (j) => j.onRef('cc.organization_id', '=', 'o.id'),
      )
      .leftJoin('targets as t', (j) => j.onRef('t.organization_id', '=', 'o.id').on('t.workspace_id', '=', workspaceId))
      .selectAll('o')
      .select([sql<number>`coalesce(cc.n, 0)`.as('contact_count'), 't.organization_id as target_id'])
      .where('o.workspace_id', '=', workspaceId);
  }

  /** Applies an edit only if the row is still at `expectedVersion` (optimistic locking). */
  async update(db: Executor, workspaceId: string, id: string, expectedVersion: number, patch: Updateable<OrganizationTable>): Promise<boolean> {
    const result = await db
      .updateTable('organizations')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** "Delete, keep the history": gone from every list, still named wherever it is referenced. */
  async softDelete(db: Executor, workspaceId: string, id: string, nowIso: string): Promise<boolean> {
    const result = await db
      .updateTable('organizations')
      .set({ deleted_at: nowIso, updated_at: nowIso, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Brings back an organization deleted with "keep the history", optionally with new details. */
  async restore(db: Executor, workspaceId: string, id: string, nowIso: string, details: Updateable<OrganizationTable> = {}): Promise<void> {
    await db
      .updateTable('organizations')
      .set({ ...details, deleted_at: null, updated_at: nowIso, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  }

  /**
   * Hard delete. The foreign keys do the rest: contacts and conversations keep existing without
   * an organization (set null); the target entry and referrals to it go (cascade).
   */
  async delete(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const result = await db.deleteFrom('organizations').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Counts of what references the organization, in one round trip. */
  async referenceCounts(db: Executor, workspaceId: string, id: string): Promise<OrganizationReferenceCounts> {
    const row = await db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('contacts')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .where('organization_id', '=', id)
          .where('deleted_at', 'is', null)
          .as('contacts'),
        eb
          .selectFrom('conversations')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .where('organization_id', '=', id)
          .as('conversations'),
        eb
          .selectFrom('targets')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .where('organization_id', '=', id)
          .as('target'),
        eb
          .selectFrom('referrals')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .where('to_organization_id', '=', id)
          .as('referrals'),
      ])
      .executeTakeFirstOrThrow();
    return {
      contacts: Number(row.contacts ?? 0),
      conversations: Number(row.conversations ?? 0),
      target: Number(row.target ?? 0),
      referrals: Number(row.referrals ?? 0),
    };
  }

  /** The live contacts working there, by name, one page. */
  async people(db: Executor, workspaceId: string, id: string, page: { limit: number; offset: number }): Promise<{ items: Omit<ContactSummary, 'tags'>[]; total: number }> {
    const base = db
      .selectFrom('contacts as c')
      .where('c.workspace_id', '=', workspaceId)
      .where('c.organization_id', '=', id)
      .where('c.deleted_at', 'is', null);
    const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .innerJoin('organizations as o', 'o.id', 'c.organization_id')
      .select(['c.id', 'c.given_name', 'c.family_name', 'c.display_name', 'c.organization_id', 'o.name as organization_name', 'c.title', 'c.location', 'c.emails', 'c.updated_at'])
      .orderBy('c.sort_name')
      .orderBy('c.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return {
      total: Number(countRow.n),
      items: rows.map((r) => ({
        id: r.id,
        givenName: r.given_name,
        familyName: r.family_name,
        displayName: r.display_name,
        organizationId: r.organization_id,
        organizationName: r.organization_name,
        title: r.title,
        location: r.location,
        updatedAt: r.updated_at,
        primaryEmail: fromJsonArray<LabelledValue>(r.emails)[0]?.value ?? null,
      })),
    };
  }

  /** Every contact (soft-deleted too) linked to the organization, with what their search text is made of. */
  async contactsForSearchText(db: Executor, workspaceId: string, id: string): Promise<ContactSearchFacts[]> {
    return db
      .selectFrom('contacts')
      .select(['id', 'given_name', 'family_name', 'emails', 'title', 'location'])
      .where('workspace_id', '=', workspaceId)
      .where('organization_id', '=', id)
      .execute();
  }

  async setContactSearchText(db: Executor, workspaceId: string, contactId: string, searchText: string): Promise<void> {
    await db.updateTable('contacts').set({ search_text: searchText }).where('workspace_id', '=', workspaceId).where('id', '=', contactId).execute();
  }
}

function toOrganization(r: OrganizationRow & { contact_count: number | string | null; target_id: string | null }): Organization {
  return {
    id: r.id,
    name: r.name,
    website: r.website,
    industry: r.industry,
    location: r.location,
    notes: r.notes,
    contactCount: Number(r.contact_count ?? 0),
    onTargetList: r.target_id !== null,
    version: r.version,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
