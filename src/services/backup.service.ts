import { sql, type Kysely, type Transaction } from 'kysely';
import type { FieldIssue } from '../contracts/common.schema.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_TABLE_ORDER,
  backupDocumentSchema,
  backupTableSchemas,
  type BackupDocument,
  type BackupTableName,
  type RestoreResult,
} from '../contracts/transfer.schema.js';
import type { Db } from '../db/database.js';
import { migrationProvider } from '../db/migrations/index.js';
import { batchSize, chunks, insertMany } from '../db/repositories/import.repository.js';
import type { Database } from '../db/schema.js';
import type { Scope } from './contact.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

type Executor = Kysely<Database> | Transaction<Database>;
type Row = Record<string, unknown>;

/** Each table's primary key: rows are listed in this order, and a restore refuses duplicates. */
const PRIMARY_KEYS: Record<BackupTableName, readonly string[]> = {
  organizations: ['id'],
  contacts: ['id'],
  contact_tags: ['contact_id', 'tag_key'],
  targets: ['organization_id'],
  events: ['id'],
  event_attendees: ['event_id', 'contact_id'],
  conversations: ['id'],
  conversation_participants: ['conversation_id', 'contact_id'],
  conversation_sources: ['source_key'],
  referrals: ['id'],
  advice_items: ['id'],
  contact_changes: ['id'],
  actions: ['id'],
  action_subjects: ['action_id', 'record_type', 'record_id'],
  opportunities: ['id'],
  opportunity_stage_changes: ['id'],
  opportunity_interviewers: ['opportunity_id', 'contact_id'],
};

/** The foreign keys inside a workspace: [table, column, referenced table]. A restore checks them before writing. */
const REFERENCES: ReadonlyArray<[BackupTableName, string, BackupTableName]> = [
  ['contacts', 'organization_id', 'organizations'],
  ['contacts', 'introduced_by_id', 'contacts'],
  ['contact_tags', 'contact_id', 'contacts'],
  ['targets', 'organization_id', 'organizations'],
  ['targets', 'suggested_by_id', 'contacts'],
  ['event_attendees', 'event_id', 'events'],
  ['event_attendees', 'contact_id', 'contacts'],
  ['conversations', 'organization_id', 'organizations'],
  ['conversations', 'event_id', 'events'],
  ['conversation_participants', 'conversation_id', 'conversations'],
  ['conversation_participants', 'contact_id', 'contacts'],
  ['conversation_sources', 'conversation_id', 'conversations'],
  ['referrals', 'from_contact_id', 'contacts'],
  ['referrals', 'to_contact_id', 'contacts'],
  ['referrals', 'to_organization_id', 'organizations'],
  ['referrals', 'conversation_id', 'conversations'],
  ['advice_items', 'contact_id', 'contacts'],
  ['advice_items', 'conversation_id', 'conversations'],
  ['contact_changes', 'contact_id', 'contacts'],
  ['action_subjects', 'action_id', 'actions'],
  ['opportunities', 'organization_id', 'organizations'],
  ['opportunities', 'referrer_contact_id', 'contacts'],
  ['opportunities', 'rapport_interviewer_id', 'contacts'],
  ['opportunity_stage_changes', 'opportunity_id', 'opportunities'],
  ['opportunity_interviewers', 'opportunity_id', 'opportunities'],
  ['opportunity_interviewers', 'contact_id', 'contacts'],
];

const MAX_ISSUES = 20;

/**
 * The lossless JSON backup of a whole workspace (every table, every column, as stored) and its
 * restore into an empty workspace — on the same engine or the other one.
 */
export class BackupService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  async backup(scope: Scope): Promise<BackupDocument> {
    const db = this.deps.db.kysely;
    // One read transaction: on PostgreSQL, a snapshot in which every table agrees.
    return db.transaction().execute(async (trx) => {
      const workspace = await trx.selectFrom('workspaces').selectAll().where('id', '=', scope.workspaceId).executeTakeFirst();
      if (!workspace) throw new NotFoundError('Workspace', scope.workspaceId);
      const tables = {} as Record<BackupTableName, Row[]>;
      for (const table of BACKUP_TABLE_ORDER) {
        const { rows } = await sql<Row>`select * from ${sql.table(table)} where workspace_id = ${scope.workspaceId}`.execute(trx);
        const key = PRIMARY_KEYS[table];
        tables[table] = rows.map(normaliseRow).sort((a, b) => compareKeys(a, b, key));
      }
      return {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: this.deps.clock.now().toISOString(),
        schemaVersion: await latestMigration(),
        // The calendar feed's secret is the only key to the feed: a backup file (mailed, synced,
        // left on a USB stick) must not open it. A restored workspace gets a new one on first use.
        workspace: { ...normaliseRow(workspace), calendar_token: null },
        tables,
      } as BackupDocument;
    });
  }

  /** How many records the workspace holds, by table (a restore needs every count at zero). */
  async recordCounts(scope: Scope, db: Executor = this.deps.db.kysely): Promise<Record<BackupTableName, number>> {
    const counts = {} as Record<BackupTableName, number>;
    for (const table of BACKUP_TABLE_ORDER) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${scope.workspaceId}`.execute(db);
      counts[table] = Number(rows[0]?.n ?? 0);
    }
    return counts;
  }

  /**
   * Restores a backup into this workspace, which must be empty. The whole document is checked
   * (shape, types, references) before anything is written; then one transaction writes every
   * row with its own id, parents before children. The workspace keeps its id; its name and
   * settings come from the backup.
   */
  /**
   * Restores a backup into the (empty) workspace of `scope`, all or nothing. With `renewIds`
   * (server mode: a seeker bringing their local data) every record gets a new id, so that the
   * same backup can go into two accounts of one database — two people, or a second try.
   */
  async restore(scope: Scope, input: unknown, options: { renewIds?: boolean } = {}): Promise<RestoreResult> {
    const parsed = parseBackup(input);
    checkReferences(parsed);
    const doc = options.renewIds ? withNewIds(parsed, this.deps.ids) : parsed;
    const ws = scope.workspaceId;
    try {
      await this.deps.db.kysely.transaction().execute(async (trx) => {
        const counts = await this.recordCounts(scope, trx);
        const present = Object.entries(counts).filter(([, n]) => n > 0);
        if (present.length > 0) {
          throw new ConflictError(
            `Restore only goes into an empty workspace, and this one holds ${present.map(([t, n]) => recordsText(t, n)).join(', ')}. ${
              options.renewIds ? 'Nothing was changed: a backup goes into an account that has nothing yet.' : 'Restore into a new data directory (RAPPORT_DATA_DIR) or database.'
            }`,
          );
        }
        for (const table of BACKUP_TABLE_ORDER) {
          const rows = doc.tables[table] as Row[];
          // A contact may be introduced by one listed after them (or by each other): insert
          // every contact first, then link the introductions.
          const prepared = rows.map((r) => ({ ...r, workspace_id: ws, ...(table === 'contacts' ? { introduced_by_id: null } : {}) }));
          await insertMany(trx, this.deps.db.engine, table, Object.keys(backupTableSchemas[table].shape), prepared);
        }
        await linkIntroductions(trx, ws, doc.tables.contacts);
        // Last, because the inserts above bump the workspace's data version through triggers:
        // the backup's values win. Only the columns this database has.
        const columns = new Set((await trx.introspection.getTables()).find((t) => t.name === 'workspaces')?.columns.map((c) => c.name) ?? []);
        // Never the calendar secret, even from a backup written before backups left it out: the
        // restored workspace gets a new one on first use (subscriptions to the old one stop).
        const values = Object.fromEntries(Object.entries({ ...doc.workspace, calendar_token: null }).filter(([column]) => column !== 'id' && columns.has(column)));
        await trx.updateTable('workspaces').set(values).where('id', '=', ws).execute();
      });
    } catch (error) {
      throw mapConstraintError(error);
    }
    const counts: Record<string, number> = {};
    for (const table of BACKUP_TABLE_ORDER) counts[table] = doc.tables[table].length;
    return { workspaceId: ws, counts };
  }
}

/** "1 organization", "3 contact tags". */
function recordsText(table: string, n: number): string {
  const plural = table.replace(/_/g, ' ');
  const one = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.replace(/s$/, '');
  return `${n} ${n === 1 ? one : plural}`;
}

function parseBackup(input: unknown): BackupDocument {
  if (typeof input === 'object' && input !== null && 'format' in input && input.format === BACKUP_FORMAT && 'formatVersion' in input && typeof input.formatVersion === 'number' && input.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new InvalidError(`This backup was written by a newer Rapport (format ${input.formatVersion}); update Rapport to restore it`, [
      { path: 'formatVersion', message: `Format ${input.formatVersion} is newer than this Rapport reads (${BACKUP_FORMAT_VERSION})` },
    ]);
  }
  const parsed = backupDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.slice(0, MAX_ISSUES).map((i) => ({ path: i.path.map(String).join('.') || 'document', message: i.message }));
    throw new InvalidError(`Not a valid Rapport backup (${parsed.error.issues.length} ${parsed.error.issues.length === 1 ? 'problem' : 'problems'}); nothing was restored`, issues);
  }
  return parsed.data;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The backup with a new id for every record (rows with an `id` column), wherever the old one
 * appears: in reference columns, and inside text that names records — an action's key (rule +
 * records), its subjects' ids, JSON contexts. Ids are UUIDs, distinctive enough to be replaced
 * inside text; a value equal to an old id is replaced whatever its shape. New ids are made in
 * the old ones' order, so that time-ordered ids keep their order.
 */
function withNewIds(doc: BackupDocument, ids: IdGenerator): BackupDocument {
  const old: string[] = [];
  for (const table of BACKUP_TABLE_ORDER) {
    if (!PRIMARY_KEYS[table].includes('id')) continue;
    for (const row of doc.tables[table] as Row[]) if (typeof row.id === 'string') old.push(row.id);
  }
  old.sort();
  const renewed = new Map(old.map((id) => [id, ids.newId()]));
  const renew = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const whole = renewed.get(value);
    if (whole !== undefined) return whole;
    return value.replace(UUID, (id) => renewed.get(id) ?? id);
  };
  const renewRow = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, column === 'workspace_id' ? value : renew(value)]));
  const tables = Object.fromEntries(BACKUP_TABLE_ORDER.map((table) => [table, (doc.tables[table] as Row[]).map(renewRow)])) as BackupDocument['tables'];
  return { ...doc, workspace: renewRow(doc.workspace as Row) as BackupDocument['workspace'], tables };
}

/** Every row belongs to the backed-up workspace, no primary key repeats, and every reference points at a row of the backup. */
function checkReferences(doc: BackupDocument): void {
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
  };
  const ids = new Map<BackupTableName, Set<string>>();
  for (const table of BACKUP_TABLE_ORDER) {
    const rows = doc.tables[table] as Row[];
    const keys = new Set<string>();
    const pk = PRIMARY_KEYS[table];
    rows.forEach((row, i) => {
      if (row.workspace_id !== doc.workspace.id) add(`tables.${table}.${i}.workspace_id`, 'belongs to another workspace than the backup');
      const key = pk.map((c) => String(row[c])).join('\u0001');
      if (keys.has(key)) add(`tables.${table}.${i}`, `repeats the ${pk.join(', ')} of an earlier row`);
      keys.add(key);
    });
    ids.set(table, keys);
  }
  for (const [table, column, parent] of REFERENCES) {
    const known = ids.get(parent)!;
    (doc.tables[table] as Row[]).forEach((row, i) => {
      const value = row[column];
      if (typeof value === 'string' && !known.has(value)) add(`tables.${table}.${i}.${column}`, `refers to ${parent} ${value}, which is not in the backup`);
    });
  }
  if (issues.length > 0) throw new InvalidError(`The backup is inconsistent; nothing was restored`, issues);
}


async function linkIntroductions(trx: Transaction<Database>, ws: string, contacts: BackupDocument['tables']['contacts']): Promise<void> {
  const links = contacts.filter((c) => c.introduced_by_id !== null);
  for (const batch of chunks(links, batchSize(3))) {
    const whens = batch.map((c) => sql`when ${c.id} then ${c.introduced_by_id}`);
    await trx
      .updateTable('contacts')
      .set({ introduced_by_id: sql<string>`case id ${sql.join(whens, sql` `)} end` })
      .where('workspace_id', '=', ws)
      .where(
        'id',
        'in',
        batch.map((c) => c.id),
      )
      .execute();
  }
}

/** Ids of a backup already used in another workspace of this database: a conflict, not a crash. */
function mapConstraintError(error: unknown): unknown {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new ConflictError('Records of this backup already exist in another workspace of this database; restore it into a new database');
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new InvalidError('The backup refers to records it does not contain; nothing was restored', [{ path: 'tables', message: 'A record refers to one the backup does not contain' }]);
  }
  return error;
}

/** PostgreSQL and SQLite both return text and integers; bigint counts never reach a row here. */
function normaliseRow(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

function compareKeys(a: Row, b: Row, key: readonly string[]): number {
  for (const column of key) {
    const x = String(a[column]);
    const y = String(b[column]);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

async function latestMigration(): Promise<string> {
  const names = Object.keys(await migrationProvider.getMigrations()).sort();
  return names.at(-1) ?? 'none';
}
