import PgBoss from 'pg-boss';
import type { Db } from '../db/database.js';
import { JobRepository, type BackgroundJobRow } from '../db/repositories/job.repository.js';
import { fromJson, toJson } from '../db/repositories/json.js';
import type { BackgroundJobs, JobHandler, JobKind, JobKindOptions, JobProgress, JobStatus, StoredJob } from './background-jobs.js';
import { jobError } from './background-jobs.js';
import type { Scope } from './contact.service.js';
import { AppError, NotFoundError } from './errors.js';
import type { IdGenerator } from './runtime.js';
import { DbStagedFiles } from './staged-files.js';

/** A running job writes that it is alive this often… */
const HEARTBEAT_MS = 10_000;
/** …and one silent for this long was lost with its process (its transaction rolled back). */
const LOST_AFTER_MS = 10 * 60_000;
/** Progress is written at most this often (a poll comes every half second or so). */
const PROGRESS_EVERY_MS = 250;
/** Files no job holds any more (a process lost mid-way) go after a day. */
const STAGED_SWEEP_MS = 24 * 60 * 60_000;
/** The queue's own limit on one run; an import of a 4 GiB mailbox stays well within it. */
const EXPIRE_SECONDS = 4 * 60 * 60;

export interface PgBossJobsOptions {
  db: Db;
  ids: IdGenerator;
  /** The database's URL: pg-boss keeps its own small pool (and its tables in the `pgboss` schema). */
  url: string;
  /** How often an idle worker asks the queue for work (pg-boss polls; at least 0.5 s). */
  pollingSeconds?: number;
  /** Where the queue's own errors go (a lost connection); the server's log. */
  onError?: (error: unknown) => void;
}

const nowIso = () => new Date().toISOString();

function toStored<S, R>(row: BackgroundJobRow): StoredJob<S, R> {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    status: row.status as JobStatus,
    processed: row.processed,
    total: row.total,
    state: fromJson<S>(row.state, {} as S),
    result: row.result === null ? null : fromJson<R | null>(row.result, null),
    error: row.error === null ? null : fromJson<{ code: string; message: string } | null>(row.error, null),
  };
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

class PgJobKind<S, R> implements JobKind<S, R> {
  private readonly repo = new JobRepository();

  constructor(
    private readonly owner: PgBossJobs,
    readonly name: string,
    private readonly handler: JobHandler<S, R>,
    private readonly options: JobKindOptions<S>,
  ) {}

  private get db() {
    return this.owner.db.kysely;
  }

  get queue(): string {
    return `rapport-${this.name}`;
  }

  async create(scope: Scope, init: { total: number; state: S }): Promise<StoredJob<S, R>> {
    const now = nowIso();
    const evicted = await this.repo.evict(this.db, scope.workspaceId, this.name, new Date(Date.now() - this.options.ttlMs).toISOString(), this.options.maxJobs);
    for (const row of evicted) await this.options.release(fromJson<S>(row.state, {} as S));
    await this.owner.staged.sweep(STAGED_SWEEP_MS);
    const row: BackgroundJobRow = {
      id: this.owner.ids.newId(),
      workspace_id: scope.workspaceId,
      kind: this.name,
      status: 'ready',
      processed: 0,
      total: init.total,
      state: toJson(init.state),
      result: null,
      error: null,
      failure: null,
      created_at: now,
      touched_at: now,
    };
    await this.repo.insert(this.db, row);
    return toStored(row);
  }

  async find(scope: Scope, id: string): Promise<StoredJob<S, R>> {
    let row = await this.repo.touch(this.db, scope.workspaceId, this.name, id, nowIso());
    if (!row) throw new NotFoundError(this.options.label, id);
    if (row.status === 'running') row = await this.lostOrRunning(row);
    return toStored(row);
  }

  /** A running job whose process stopped writing its heartbeat is failed: its transaction rolled back. */
  private async lostOrRunning(row: BackgroundJobRow): Promise<BackgroundJobRow> {
    if (Date.now() - Date.parse(row.touched_at) < LOST_AFTER_MS) return row;
    const lost = await this.repo.updateIf(this.db, { kind: this.name, id: row.id }, ['running'], {
      status: 'failed',
      error: toJson({ code: 'internal', message: `The server process running this ${this.options.label.toLowerCase()} stopped; nothing was written. Start it again` }),
      touched_at: nowIso(),
    });
    return lost ?? row;
  }

  async update(scope: Scope, id: string, change: { total: number; state: S }): Promise<StoredJob<S, R> | null> {
    const row = await this.repo.updateIf(this.db, { workspaceId: scope.workspaceId, kind: this.name, id }, ['ready'], { total: change.total, state: toJson(change.state), touched_at: nowIso() });
    return row ? toStored(row) : null;
  }

  async start(scope: Scope, id: string, state?: S): Promise<{ started: boolean; job: StoredJob<S, R> }> {
    const row = await this.repo.updateIf(this.db, { workspaceId: scope.workspaceId, kind: this.name, id }, ['ready', 'failed'], {
      status: 'running',
      processed: 0,
      error: null,
      failure: null,
      touched_at: nowIso(),
      ...(state === undefined ? {} : { state: toJson(state) }),
    });
    if (!row) return { started: false, job: await this.find(scope, id) };
    try {
      await this.owner.send(this.queue, id);
    } catch (error) {
      await this.repo.updateIf(this.db, { kind: this.name, id }, ['running'], { status: 'failed', error: toJson(jobError(error, this.options.label)), failure: describeFailure(error) });
      throw error;
    }
    return { started: true, job: toStored(row) };
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const removed = await this.repo.deleteIf(this.db, scope.workspaceId, this.name, id, 'running');
    if (removed) {
      await this.options.release(fromJson<S>(removed.state, {} as S));
      return true;
    }
    await this.find(scope, id);
    return false;
  }

  async takeFailure(scope: Scope, id: string): Promise<unknown> {
    const job = await this.find(scope, id);
    const row = await this.repo.byId(this.db, job.id);
    if (!row?.failure) return undefined;
    await this.repo.updateIf(this.db, { workspaceId: scope.workspaceId, kind: this.name, id }, [row.status], { failure: null });
    return row.failure;
  }

  /** Runs a job the queue handed to this process; whatever happens, its row says how it ended. */
  async run(id: string): Promise<void> {
    const row = await this.repo.byId(this.db, id);
    if (!row || row.status !== 'running') return;
    const where = { kind: this.name, id };
    const heartbeat = setInterval(() => {
      void this.repo.updateIf(this.db, where, ['running'], { touched_at: nowIso() }).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    let lastWrite = 0;
    const progress = async (p: JobProgress) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS && p.processed < p.total) return;
      lastWrite = now;
      await this.repo.updateIf(this.db, where, ['running'], { processed: p.processed, total: p.total, touched_at: nowIso() });
    };
    try {
      const { result, state } = await this.handler(toStored<S, R>(row), progress);
      const done = await this.repo.updateIf(this.db, where, ['running'], { status: 'done', result: toJson(result), state: toJson(state), touched_at: nowIso() });
      if (done) await this.repo.updateIf(this.db, where, ['done'], { processed: done.total });
    } catch (error) {
      await this.repo.updateIf(this.db, where, ['running'], {
        status: 'failed',
        error: toJson(jobError(error, this.options.label)),
        failure: error instanceof AppError ? null : describeFailure(error),
        touched_at: nowIso(),
      });
    } finally {
      clearInterval(heartbeat);
    }
  }
}

/**
 * Server mode's jobs: rows every process reads, run through a PostgreSQL queue (pg-boss). A
 * commit marks the row running and sends its id to the queue in the same breath; the first
 * worker of any server process to fetch it runs it and writes progress and the outcome to the
 * row, which every process answers polls from. A process that dies mid-import loses nothing
 * but time: its transaction rolls back, its heartbeat stops, and a poll finds the job failed.
 */
export class PgBossJobs implements BackgroundJobs {
  readonly staged: DbStagedFiles;
  readonly db: Db;
  readonly ids: IdGenerator;
  private readonly boss: PgBoss;
  private readonly kinds: PgJobKind<unknown, unknown>[] = [];
  private readonly workers = new Map<string, string>();
  private started = false;

  constructor(private readonly options: PgBossJobsOptions) {
    this.db = options.db;
    this.ids = options.ids;
    this.staged = new DbStagedFiles({ db: options.db, ids: options.ids });
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: 'pgboss',
      max: 3,
      application_name: 'rapport-jobs',
      // Rapport sends no cron jobs; maintenance (expiry, archiving) stays on.
      schedule: false,
    });
    this.boss.on('error', (error) => (options.onError ?? ((e) => console.error('rapport jobs:', e)))(error));
  }

  kind<S, R>(name: string, handler: JobHandler<S, R>, options: JobKindOptions<S>): JobKind<S, R> {
    const kind = new PgJobKind<S, R>(this, name, handler, options);
    this.kinds.push(kind as unknown as PgJobKind<unknown, unknown>);
    return kind;
  }

  /**
   * Installs the queue's tables (once per database) and starts this process's workers; with
   * `work: false` the process sends jobs but leaves running them to the others.
   */
  async start(options: { work?: boolean } = {}): Promise<void> {
    await this.boss.start();
    for (const kind of this.kinds) {
      // Never retried by the queue: a failed import says why, and the person commits it again.
      await this.boss.createQueue(kind.queue, { name: kind.queue, retryLimit: 0, expireInSeconds: EXPIRE_SECONDS });
      if (options.work === false) continue;
      const worker = await this.boss.work<{ id: string }>(kind.queue, { batchSize: 1, pollingIntervalSeconds: this.options.pollingSeconds ?? 1 }, async ([job]) => {
        if (job) await kind.run(job.data.id);
      });
      this.workers.set(kind.queue, worker);
    }
    this.started = true;
  }

  async send(queue: string, id: string): Promise<void> {
    if (!this.started) throw new Error('The job queue is not started');
    await this.boss.send(queue, { id });
    // This process's worker looks at once rather than at its next poll (another may be quicker).
    const worker = this.workers.get(queue);
    if (worker) this.boss.notifyWorker(worker);
  }

  /** Stops taking work; waits (a while) for what this process runs to end. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
