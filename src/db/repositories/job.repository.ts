import type { Kysely, Selectable, Transaction } from 'kysely';
import type { BackgroundJobTable, Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;
export type BackgroundJobRow = Selectable<BackgroundJobTable>;

/**
 * All SQL about background jobs and staged files (server mode): the rows every process reads
 * to answer "how is my import doing", whichever process runs it. A job is always found by its
 * id and workspace, so one seeker never sees another's.
 */
export class JobRepository {
  async insert(db: Executor, row: BackgroundJobRow): Promise<void> {
    await db.insertInto('background_jobs').values(row).execute();
  }

  /**
   * The job, if it is this workspace's and of this kind; an idle job's time to live starts
   * again (a running one's `touched_at` is its process's heartbeat, left alone).
   */
  async touch(db: Executor, workspaceId: string, kind: string, id: string, now: string): Promise<BackgroundJobRow | undefined> {
    const touched = await db
      .updateTable('background_jobs')
      .set({ touched_at: now })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('status', '!=', 'running')
      .returningAll()
      .executeTakeFirst();
    return touched ?? db.selectFrom('background_jobs').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).where('kind', '=', kind).executeTakeFirst();
  }

  async byId(db: Executor, id: string): Promise<BackgroundJobRow | undefined> {
    return db.selectFrom('background_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Changes a job only while it is in one of `statuses` (one statement: two processes cannot both win). */
  async updateIf(
    db: Executor,
    scope: { workspaceId?: string; kind: string; id: string },
    statuses: readonly string[],
    set: Partial<Omit<BackgroundJobRow, 'id' | 'workspace_id' | 'kind' | 'created_at'>>,
  ): Promise<BackgroundJobRow | undefined> {
    let q = db.updateTable('background_jobs').set(set).where('id', '=', scope.id).where('kind', '=', scope.kind).where('status', 'in', [...statuses]);
    if (scope.workspaceId !== undefined) q = q.where('workspace_id', '=', scope.workspaceId);
    return q.returningAll().executeTakeFirst();
  }

  async deleteIf(db: Executor, workspaceId: string, kind: string, id: string, notStatus: string): Promise<BackgroundJobRow | undefined> {
    return db
      .deleteFrom('background_jobs')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('status', '!=', notStatus)
      .returningAll()
      .executeTakeFirst();
  }

  /** Idle jobs of a kind untouched since `before`, and beyond the newest `keep` of the workspace: removed, returned for their files. */
  async evict(db: Executor, workspaceId: string, kind: string, before: string, keep: number): Promise<BackgroundJobRow[]> {
    const old = await db
      .deleteFrom('background_jobs')
      .where('kind', '=', kind)
      .where('status', '!=', 'running')
      .where('touched_at', '<', before)
      .returningAll()
      .execute();
    const idle = await db
      .selectFrom('background_jobs')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('status', '!=', 'running')
      .orderBy('touched_at', 'desc')
      .offset(Math.max(0, keep - 1))
      .limit(1000)
      .execute();
    if (idle.length === 0) return old;
    const extra = await db
      .deleteFrom('background_jobs')
      .where('id', 'in', idle.map((r) => r.id))
      .returningAll()
      .execute();
    return [...old, ...extra];
  }

  // ---------------------------------------------------------------- staged files

  async insertPart(db: Executor, id: string, part: number, bytes: Uint8Array, now: string): Promise<void> {
    await db.insertInto('staged_files').values({ id, part, bytes, created_at: now }).execute();
  }

  async partCount(db: Executor, id: string): Promise<number> {
    const row = await db.selectFrom('staged_files').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '=', id).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async part(db: Executor, id: string, part: number): Promise<Uint8Array | undefined> {
    const row = await db.selectFrom('staged_files').select('bytes').where('id', '=', id).where('part', '=', part).executeTakeFirst();
    return row?.bytes;
  }

  async dropFile(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('staged_files').where('id', '=', id).execute();
  }

  /** Staged files older than `before` (their job was discarded, evicted or lost with its process). */
  async dropFilesBefore(db: Executor, before: string): Promise<void> {
    await db.deleteFrom('staged_files').where('created_at', '<', before).execute();
  }
}
