import { CompiledQuery, sql, type Insertable, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Db, DatabaseConfig } from '../database.js';
import { bulkInserter, type BulkInserter } from '../dialects/bulk-insert.js';
import type { ContactChangeTable, ContactTagTable, Database, NewContactRow, OrganizationTable } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * SQLite refuses a statement with more than 32,766 parameters and PostgreSQL more than 65,535.
 * Batches stay far below both (and at a few hundred rows, where a multi-row insert stops
 * getting faster per row).
 */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 500;

export function batchSize(parametersPerRow: number): number {
  return Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, parametersPerRow))));
}

type Engine = DatabaseConfig['engine'];

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

function placeholders(engine: Engine, rows: number, columns: number): string {
  const groups: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < columns; c++) marks.push(engine === 'postgres' ? `$${++n}` : '?');
    groups.push(`(${marks.join(', ')})`);
  }
  return groups.join(', ');
}

/**
 * Multi-row INSERTs written as SQL text with positional parameters. Kysely's builder makes and
 * compiles a node per value — about 15 µs a row, most of the cost of importing 30,000 rows —
 * while the text of a full batch is built once and reused. The placeholders are the one
 * dialect difference (`?` on SQLite, `$n` on PostgreSQL). `columns` are trusted names.
 */
export async function insertMany(
  db: Executor,
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: readonly object[],
  onBatch?: (count: number) => Promise<void>,
): Promise<void> {
  const head = `insert into ${quoteId(table)} (${columns.map(quoteId).join(', ')}) values `;
  let text = '';
  let textRows = -1;
  // SQLite prepares every statement anew (Kysely's driver caches none), and preparing costs
  // more than linearly in its length: 100 rows a statement is its sweet spot. PostgreSQL pays
  // a round trip per statement instead: 500.
  const size = Math.min(batchSize(columns.length), engine === 'sqlite' ? 100 : MAX_ROWS);
  for (const batch of chunks(rows, size)) {
    if (batch.length !== textRows) {
      text = head + placeholders(engine, batch.length, columns.length);
      textRows = batch.length;
    }
    const parameters: unknown[] = new Array(batch.length * columns.length);
    let i = 0;
    for (const row of batch) {
      const record = row as Record<string, unknown>;
      for (const column of columns) parameters[i++] = record[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
    await onBatch?.(batch.length);
  }
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** What the importer needs to know about a stored contact to match and fill it. */
export interface ContactIdentityRow {
  id: string;
  given_name: string;
  family_name: string;
  emails: string;
  phones: string;
  linkedin_url: string | null;
  organization_id: string | null;
  organization_name: string | null;
  full_name: string | null;
  department: string | null;
  title: string | null;
  location: string | null;
  notes: string | null;
  how_we_met: string | null;
  deleted_at: string | null;
}

export interface OrganizationKeyRow {
  id: string;
  name: string;
  name_key: string;
  deleted_at: string | null;
}

/** The columns an import may change on a stored contact; every row of a bulk update sets all of them. */
export interface ContactFillRow {
  id: string;
  given_name: string;
  family_name: string;
  display_name: string;
  sort_name: string;
  emails: string;
  phones: string;
  linkedin_url: string | null;
  organization_id: string | null;
  full_name: string | null;
  department: string | null;
  title: string | null;
  location: string | null;
  notes: string | null;
  how_we_met: string | null;
  search_text: string;
}

/** Every column of a contact row, so that a new contact is written whole (see Required<NewContactRow>). */
const CONTACT_COLUMNS = [
  'id',
  'workspace_id',
  'given_name',
  'family_name',
  'display_name',
  'sort_name',
  'emails',
  'phones',
  'linkedin_url',
  'organization_id',
  'title',
  'location',
  'notes',
  'shared_interests',
  'how_we_met',
  'introduced_by_id',
  'search_text',
  'version',
  'deleted_at',
  'last_interaction_at',
  'cadence_ideal_days',
  'cadence_max_days',
  'full_name',
  'department',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof NewContactRow>;

const TAG_COLUMNS = ['workspace_id', 'contact_id', 'tag', 'tag_key'] satisfies Array<keyof ContactTagTable>;
const CHANGE_COLUMNS = ['id', 'workspace_id', 'contact_id', 'at', 'changes'] satisfies Array<keyof ContactChangeTable>;

const FILL_COLUMNS = [
  'given_name',
  'family_name',
  'display_name',
  'sort_name',
  'emails',
  'phones',
  'linkedin_url',
  'organization_id',
  'full_name',
  'department',
  'title',
  'location',
  'notes',
  'how_we_met',
  'search_text',
] as const satisfies ReadonlyArray<keyof ContactFillRow>;

/**
 * Bulk SQL of imports: one read of the workspace's identity columns, bulk inserts through the
 * dialect's fastest path and batched updates. Every statement is scoped to one workspace.
 */
export class ImportRepository {
  private readonly bulk: BulkInserter;

  constructor(db: Db) {
    this.bulk = bulkInserter(db);
  }

  /** Every contact of the workspace (soft-deleted too: an import must not bring them back), with its organization's name. */
  async contactIdentities(db: Executor, workspaceId: string): Promise<ContactIdentityRow[]> {
    return db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', 'o.id', 'c.organization_id')
      .select([
        'c.id',
        'c.given_name',
        'c.family_name',
        'c.emails',
        'c.phones',
        'c.linkedin_url',
        'c.organization_id',
        'o.name as organization_name',
        'c.full_name',
        'c.department',
        'c.title',
        'c.location',
        'c.notes',
        'c.how_we_met',
        'c.deleted_at',
      ])
      .where('c.workspace_id', '=', workspaceId)
      .execute();
  }

  /** Tags of every contact of the workspace, by contact. */
  async tagsByContact(db: Executor, workspaceId: string): Promise<Map<string, string[]>> {
    const rows = await db.selectFrom('contact_tags').select(['contact_id', 'tag']).where('workspace_id', '=', workspaceId).execute();
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const list = map.get(r.contact_id);
      if (list) list.push(r.tag);
      else map.set(r.contact_id, [r.tag]);
    }
    return map;
  }

  async organizationKeys(db: Executor, workspaceId: string): Promise<OrganizationKeyRow[]> {
    return db.selectFrom('organizations').select(['id', 'name', 'name_key', 'deleted_at']).where('workspace_id', '=', workspaceId).execute();
  }

  /**
   * Inserts organizations, skipping names another writer created meanwhile, and returns the
   * stored row of every name asked for (the unique key decides who won, as in findOrCreateByName).
   */
  async insertOrganizations(db: Executor, workspaceId: string, rows: Insertable<OrganizationTable>[]): Promise<OrganizationKeyRow[]> {
    if (rows.length === 0) return [];
    for (const batch of chunks(rows, batchSize(6))) {
      await db
        .insertInto('organizations')
        .values(batch)
        .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
        .execute();
    }
    const stored: OrganizationKeyRow[] = [];
    for (const batch of chunks(rows.map((r) => r.name_key), batchSize(1))) {
      stored.push(
        ...(await db
          .selectFrom('organizations')
          .select(['id', 'name', 'name_key', 'deleted_at'])
          .where('workspace_id', '=', workspaceId)
          .where('name_key', 'in', batch)
          .execute()),
      );
    }
    return stored;
  }

  /** Brings organizations deleted with "keep the history" back to the lists (an import names them again). */
  async restoreOrganizations(db: Executor, workspaceId: string, ids: readonly string[], nowIso: string): Promise<void> {
    for (const batch of chunks(ids, batchSize(1))) {
      await db
        .updateTable('organizations')
        .set({ deleted_at: null, updated_at: nowIso, version: sql<number>`version + 1` })
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', batch)
        .execute();
    }
  }

  /**
   * Bulk inserts (db/dialects/bulk-insert.ts) in the import's transaction. `rows` may be a
   * generator of `count` rows, made as they are sent; `onBatch` is told how many rows were
   * written (progress).
   */
  async insertContacts(trx: Transaction<Database>, rows: Iterable<Required<NewContactRow>>, count: number, onBatch?: (count: number) => Promise<void>): Promise<void> {
    await this.bulk.insert(trx, 'contacts', CONTACT_COLUMNS, rows, count, onBatch);
  }

  async insertTags(trx: Transaction<Database>, rows: Insertable<ContactTagTable>[]): Promise<void> {
    await this.bulk.insert(trx, 'contact_tags', TAG_COLUMNS, rows, rows.length);
  }

  async insertChanges(trx: Transaction<Database>, rows: Insertable<ContactChangeTable>[]): Promise<void> {
    await this.bulk.insert(trx, 'contact_changes', CHANGE_COLUMNS, rows, rows.length);
  }

  /**
   * Updates many contacts with different values in a few statements: `SET col = CASE id WHEN
   * ... THEN ... END` is portable (no UPDATE ... FROM VALUES, whose syntax and typing differ
   * between the engines) and costs one round trip per batch instead of one per contact.
   */
  async fillContacts(db: Executor, workspaceId: string, rows: ContactFillRow[], nowIso: string, onBatch?: (count: number) => Promise<void>): Promise<void> {
    for (const batch of chunks(rows, batchSize(FILL_COLUMNS.length * 2 + 1))) {
      const set: Record<string, RawBuilder<unknown>> = {};
      for (const column of FILL_COLUMNS) {
        const whens = batch.map((row) => sql`when ${row.id} then ${row[column]}`);
        set[column] = sql`case id ${sql.join(whens, sql` `)} else ${sql.ref(column)} end`;
      }
      await db
        .updateTable('contacts')
        .set({ ...set, updated_at: nowIso, version: sql<number>`version + 1` })
        .where('workspace_id', '=', workspaceId)
        .where(
          'id',
          'in',
          batch.map((r) => r.id),
        )
        .execute();
      await onBatch?.(batch.length);
    }
  }
}
