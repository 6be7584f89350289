import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Contact, ContactListQuery, ContactSummary, TagCount } from '../../contracts/contact.schema.js';
import { foldText, searchTerms } from '../../domain/text.js';
import type { ContactRow, ContactRowUpdate, Database, NewContactRow } from '../schema.js';
import { fromJsonArray, likeContains, likePrefix } from './json.js';
import type { EntryCandidate } from '../../domain/matching.js';

type Executor = Kysely<Database> | Transaction<Database>;

const SUMMARY_COLUMNS = ['c.id', 'c.given_name', 'c.family_name', 'c.display_name', 'c.organization_id', 'o.name as organization_name', 'c.title', 'c.location', 'c.emails', 'c.updated_at'] as const;
/**
 * A contact's tags as a JSON array in tag order, from a subquery on the tag table's primary key
 * (contact, tag): the list reads them in the same statement as the rows.
 */
function tagsColumn(db: Executor) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (pg
    ? sql<string>`(select coalesce(json_agg(t.tag order by t.tag_key), '[]')::text from contact_tags t where t.contact_id = c.id and t.workspace_id = c.workspace_id)`
    : sql<string>`(select json_group_array(tag) from (select t.tag from contact_tags t where t.contact_id = c.id and t.workspace_id = c.workspace_id order by t.tag_key))`
  ).as('tags');
}

function toSummary(r: SummaryRow & { tags: string }): ContactSummary {
  return {
    id: r.id,
    givenName: r.given_name,
    familyName: r.family_name,
    displayName: r.display_name,
    organizationId: r.organization_id,
    organizationName: r.organization_name ?? null,
    title: r.title,
    location: r.location,
    tags: fromJsonArray<string>(r.tags),
    updatedAt: r.updated_at,
    primaryEmail: fromJsonArray<LabelledValue>(r.emails)[0]?.value ?? null,
  };
}

interface SummaryRow {
  id: string;
  given_name: string;
  family_name: string;
  display_name: string;
  organization_id: string | null;
  organization_name: string | null;
  title: string | null;
  location: string | null;
  emails: string;
  updated_at: string;
}
type LabelledValue = { value: string; label?: string };

/** All SQL about contacts and their tags. Every query is scoped to one workspace. */
export class ContactRepository {
  private filtered(db: Executor, workspaceId: string, query: Pick<ContactListQuery, 'q' | 'tag' | 'organization'>) {
    let q = db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', (j) => j.onRef('o.id', '=', 'c.organization_id').on('o.workspace_id', '=', workspaceId))
      .where('c.workspace_id', '=', workspaceId)
      .where('c.deleted_at', 'is', null);
    // Substring search over one folded column: with 30,000 contacts a scan is a few
    // milliseconds on both engines, and it finds "son" in "Johnson", which FTS5 tokens don't.
    for (const term of searchTerms(query.q ?? '')) {
      q = q.where(sql<boolean>`c.search_text like ${likeContains(term)} escape '\\'`);
    }
    if (query.tag) {
      const tagKey = foldText(query.tag);
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('contact_tags as t')
            .select(sql`1`.as('one'))
            .whereRef('t.contact_id', '=', 'c.id')
            .where('t.workspace_id', '=', workspaceId)
            .where('t.tag_key', '=', tagKey),
        ),
      );
    }
    if (query.organization) {
      q = q.where(sql<boolean>`o.name_key like ${likeContains(foldText(query.organization))} escape '\\'`);
    }
    return q;
  }

  /**
   * A page of the list and, unless the caller knows it (`knownTotal`), how many there are.
   * In name, update or creation order the page's ids are found first, from an index alone, and
   * only those rows are joined to their organizations (a page far down the list skips index
   * entries, not joined rows); each row brings its tags along.
   */
  async list(db: Executor, workspaceId: string, query: ContactListQuery, knownTotal?: number): Promise<{ items: ContactSummary[]; total: number }> {
    const base = this.filtered(db, workspaceId, query);
    const total = knownTotal ?? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    if (query.sort.replace(/^-/, '') === 'organization' || query.tag || query.organization) {
      const page = await applySort(base.select(SUMMARY_COLUMNS).select(tagsColumn(db)), query.sort).limit(query.limit).offset(query.offset).execute();
      return { total, items: page.map(toSummary) };
    }
    const { columns, dir } = contactOrder(query.sort);
    const ids = db
      .selectFrom('contacts as c')
      .select('c.id')
      .where('c.workspace_id', '=', workspaceId)
      .where('c.deleted_at', 'is', null)
      .orderBy(sql.ref(columns[0]), dir)
      .orderBy(sql.ref(columns[1]), dir)
      .limit(query.limit)
      .offset(query.offset);
    const page = await db
      .selectFrom(ids.as('p'))
      .innerJoin('contacts as c', 'c.id', 'p.id')
      .leftJoin('organizations as o', (j) => j.onRef('o.id', '=', 'c.organization_id').on('o.workspace_id', '=', workspaceId))
      .select(SUMMARY_COLUMNS)
      .select(tagsColumn(db))
      .orderBy(sql.ref(columns[0]), dir)
      .orderBy(sql.ref(columns[1]), dir)
      .execute();
    return { total, items: page.map(toSummary) };
  }

  /** How many live contacts the workspace has. */
  async countLive(db: Executor, workspaceId: string): Promise<number> {
    const row = await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The list rows of these contacts, in the order of `ids` (live ones only). */
  async summaries(db: Executor, workspaceId: string, ids: readonly string[]): Promise<ContactSummary[]> {
    if (ids.length === 0) return [];
    const rows = await this.filtered(db, workspaceId, {}).select(SUMMARY_COLUMNS).select(tagsColumn(db)).where('c.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toSummary(row)] : [];
    });
  }

  /** Which of `ids` pass the list's tag and organization filters. */
  async filterIds(db: Executor, workspaceId: string, query: Pick<ContactListQuery, 'tag' | 'organization'>, ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.filtered(db, workspaceId, { tag: query.tag, organization: query.organization }).select('c.id').where('c.id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  async findRow(db: Executor, workspaceId: string, id: string): Promise<ContactRow | undefined> {
    return db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  async get(db: Executor, workspaceId: string, id: string): Promise<Contact | undefined> {
    const row = await db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', (j) => j.onRef('o.id', '=', 'c.organization_id').on('o.workspace_id', '=', workspaceId))
      .leftJoin('contacts as i', (j) => j.onRef('i.id', '=', 'c.introduced_by_id').on('i.workspace_id', '=', workspaceId))
      .selectAll('c')
      .select(['o.name as organization_name', 'i.display_name as introduced_by_name'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const tags = await this.tagsOf(db, workspaceId, [id]);
    return {
      id: row.id,
      givenName: row.given_name,
      familyName: row.family_name,
      displayName: row.display_name,
      fullName: row.full_name,
      emails: fromJsonArray(row.emails),
      phones: fromJsonArray(row.phones),
      linkedinUrl: row.linkedin_url,
      organizationId: row.organization_id,
      organizationName: row.organization_name ?? null,
      department: row.department,
      title: row.title,
      location: row.location,
      notes: row.notes,
      sharedInterests: fromJsonArray(row.shared_interests),
      howWeMet: row.how_we_met,
      introducedBy:
        row.introduced_by_id && row.introduced_by_name ? { id: row.introduced_by_id, displayName: row.introduced_by_name } : null,
      tags: tags.get(id) ?? [],
      version: row.version,
      deletedAt: row.deleted_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async insert(db: Executor, row: NewContactRow, tags: readonly string[]): Promise<void> {
    await db.insertInto('contacts').values(row).execute();
    await this.replaceTags(db, row.workspace_id, row.id, tags);
  }

  /**
   * Applies an edit only if the row is still at `expectedVersion`; returns false when it is
   * not (someone else saved first), so the caller can refuse instead of overwriting.
   */
  async update(db: Executor, workspaceId: string, id: string, expectedVersion: number, patch: ContactRowUpdate): Promise<boolean> {
    const result = await db
      .updateTable('contacts')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async replaceTags(db: Executor, workspaceId: string, contactId: string, tags: readonly string[]): Promise<void> {
    await db.deleteFrom('contact_tags').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).execute();
    const unique = new Map<string, string>();
    for (const tag of tags) {
      const key = foldText(tag);
      if (key && !unique.has(key)) unique.set(key, tag.trim());
    }
    if (unique.size === 0) return;
    await db
      .insertInto('contact_tags')
      .values([...unique].map(([tag_key, tag]) => ({ workspace_id: workspaceId, contact_id: contactId, tag, tag_key })))
      .execute();
  }

  async tagsOf(db: Executor, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (contactIds.length === 0) return result;
    const rows = await db
      .selectFrom('contact_tags')
      .select(['contact_id', 'tag'])
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', 'in', contactIds)
      .orderBy('tag_key')
      .execute();
    for (const r of rows) {
      const list = result.get(r.contact_id) ?? [];
      list.push(r.tag);
      result.set(r.contact_id, list);
    }
    return result;
  }

  async tagCounts(db: Executor, workspaceId: string): Promise<TagCount[]> {
    const rows = await db
      .selectFrom('contact_tags')
      .select((eb) => [eb.fn.min('tag').as('tag'), 'tag_key', eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .groupBy('tag_key')
      .orderBy('tag_key')
      .execute();
    return rows.map((r) => ({ tag: String(r.tag), count: Number(r.n) }));
  }

  async delete(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const result = await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /**
   * Recomputes when we last interacted with these contacts: the latest done conversation with
   * them, or the latest past event where we met them. Called by every service that changes those.
   */
  async refreshLastInteraction(db: Executor, workspaceId: string, contactIds: readonly string[], nowIso: string): Promise<void> {
    const unique = [...new Set(contactIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      await db
        .updateTable('contacts')
        .set({
          last_interaction_at: sql<string | null>`(select max(t.at) from (
            select v.starts_at as at from conversation_participants p
              join conversations v on v.id = p.conversation_id
              where p.contact_id = contacts.id and v.status = 'done'
            union all
            select e.starts_at as at from event_attendees a
              join events e on e.id = a.event_id
              where a.contact_id = contacts.id and e.starts_at <= ${nowIso}
          ) t)`,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', chunk)
        .execute();
    }
  }

  /**
   * The live contacts a new one might repeat (`domain/matching.ts` decides): those whose emails
   * or LinkedIn URL contain the new one's, and those at the same organization — or, with none,
   * without one and of the same family name. A narrowing by text: one statement that scans the
   * workspace's rows on both engines (a few milliseconds at 30,000), never loads them all.
   */
  async identityCandidates(
    db: Executor,
    workspaceId: string,
    probe: { emails: readonly string[]; linkedinKey: string | null; name: { organizationId: string } | { organizationId: null; sortPrefix: string | null } | null },
  ): Promise<Array<EntryCandidate & { displayName: string; organizationName: string | null }>> {
    const rows = await db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', (j) => j.onRef('o.id', '=', 'c.organization_id').on('o.workspace_id', '=', workspaceId))
      .select(['c.id', 'c.given_name', 'c.family_name', 'c.display_name', 'c.emails', 'c.linkedin_url', 'o.name as organization_name'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.deleted_at', 'is', null)
      .where((eb) => {
        const any: Expression<SqlBool>[] = [
          // Emails are stored as JSON text: the value between its quotes.
          ...probe.emails.map((e) => sql<boolean>`lower(c.emails) like ${likeContains(`"${e}"`)} escape '\\'`),
          // A slug typed with its accents and the percent-encoded one an export carries.
          ...[...new Set(probe.linkedinKey ? [probe.linkedinKey, encodeURI(probe.linkedinKey).toLowerCase()] : [])].map(
            (k) => sql<boolean>`lower(c.linkedin_url) like ${likeContains(`linkedin.com/${k}`)} escape '\\'`,
          ),
        ];
        const name = probe.name;
        if (name?.organizationId) any.push(eb('c.organization_id', '=', name.organizationId));
        else if (name && 'sortPrefix' in name && name.sortPrefix) any.push(eb.and([eb('c.organization_id', 'is', null), sql<boolean>`c.sort_name like ${likePrefix(name.sortPrefix)} escape '\\'`]));
        else if (name) any.push(eb.and([eb('c.organization_id', 'is', null), eb('c.family_name', '=', '')]));
        return any.length > 0 ? eb.or(any) : sql<boolean>`1 = 0`;
      })
      .execute();
    return rows.map((r) => ({
      id: r.id,
      deleted: false,
      displayName: r.display_name,
      organizationName: r.organization_name ?? null,
      draft: {
        givenName: r.given_name,
        familyName: r.family_name,
        emails: fromJsonArray<LabelledValue>(r.emails),
        phones: [],
        linkedinUrl: r.linkedin_url,
        organizationName: r.organization_name ?? null,
        title: null,
        location: null,
        notes: null,
        howWeMet: null,
        tags: [],
      },
    }));
  }

  async exists(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const row = await db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Boolean(row);
  }
}

/** The list's orders that need only the contact's own columns: the columns, the direction. */
function contactOrder(sort: ContactListQuery['sort']): { columns: [string, string]; dir: 'asc' | 'desc' } {
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const key = sort.replace(/^-/, '');
  return { columns: [key === 'updated' ? 'c.updated_at' : key === 'created' ? 'c.created_at' : 'c.sort_name', 'c.id'], dir };
}

type ListSelect = SelectQueryBuilder<Database & { c: Database['contacts']; o: Database['organizations'] }, 'c' | 'o', object>;

function applySort<Q extends ListSelect>(q: Q, sort: ContactListQuery['sort']): Q {
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const key = sort.replace(/^-/, '');
  switch (key) {
    case 'organization':
      // People without an organization come last in both directions, on both engines
      // (SQLite and PostgreSQL disagree on where NULLs sort).
      return q
        .orderBy(sql`case when o.name_key is null then 1 else 0 end`)
        .orderBy('o.name_key', dir)
        .orderBy('c.sort_name', 'asc')
        .orderBy('c.id', 'asc') as Q;
    case 'updated':
      return q.orderBy('c.updated_at', dir).orderBy('c.id', dir) as Q;
    case 'created':
      return q.orderBy('c.created_at', dir).orderBy('c.id', dir) as Q;
    default:
      return q.orderBy('c.sort_name', dir).orderBy('c.id', dir) as Q;
  }
}
