import type { Scope } from './contact.service.js';
import { AppError, NotFoundError } from './errors.js';
import { systemClock, type Clock, type IdGenerator } from './runtime.js';
import { DiskStagedFiles, type StagedFiles } from './staged-files.js';

/**
 * Background jobs: an import between its preview and its end — staged, changed, started, polled,
 * discarded. One interface, two homes:
 * - local mode (`MemoryJobs`): the jobs live in this process's memory and run in it, their files
 *   in a private temporary folder; nothing else needs to see them;
 * - server mode (`PgBossJobs`, services/pg-boss-jobs.ts): the jobs are rows of
 *   `background_jobs`, their files parts of `staged_files`, and a commit is a message on a
 *   PostgreSQL queue (pg-boss) that one server process's worker takes — so a file uploaded
 *   through one process is committed through a second, run by any, and polled through a third.
 * The services say what a kind of job keeps (its JSON `state`) and what running it does.
 */

export type JobStatus = 'ready' | 'running' | 'done' | 'failed';

export interface JobProgress {
  processed: number;
  total: number;
}

export interface StoredJob<S, R> {
  id: string;
  workspaceId: string;
  status: JobStatus;
  processed: number;
  total: number;
  /** What the service keeps between requests (a preview, the staged file's key, choices): JSON. */
  state: S;
  result: R | null;
  error: { code: string; message: string } | null;
}

/**
 * What running a job does: it reports progress as it goes, and returns its result and the
 * state to keep (its staged file dropped). An `AppError` fails the job with its message; any
 * other error fails it with "nothing was written" and is kept for the server log.
 */
export type JobHandler<S, R> = (job: StoredJob<S, R>, progress: (p: JobProgress) => Promise<void>) => Promise<{ result: R; state: S }>;

export interface JobKindOptions<S> {
  /** What a missing job is called in the 404 ("Import"). */
  label: string;
  /** Idle jobs kept at most (per process in local mode, per workspace in server mode). */
  maxJobs: number;
  /** An idle job goes after this long without a request. */
  ttlMs: number;
  /** Drops what a discarded or evicted job holds (its staged file). */
  release(state: S): Promise<void>;
}

export interface JobKind<S, R> {
  /** A new job, ready to be committed. Idle jobs past their time or number go first. */
  create(scope: Scope, init: { total: number; state: S }): Promise<StoredJob<S, R>>;
  /** The job if it is this workspace's (else NotFound); its time to live starts again. */
  find(scope: Scope, id: string): Promise<StoredJob<S, R>>;
  /** Changes a job that waits for its commit; null once it has started (or is gone). */
  update(scope: Scope, id: string, change: { total: number; state: S }): Promise<StoredJob<S, R> | null>;
  /**
   * Starts a job that is ready (or failed): marked running at once, then run by one process.
   * `started` is false, and the job as it is returned, when it runs or ran already.
   */
  start(scope: Scope, id: string, state?: S): Promise<{ started: boolean; job: StoredJob<S, R> }>;
  /** Removes a job and its file; false (nothing removed) while it runs. NotFound if there is none. */
  remove(scope: Scope, id: string): Promise<boolean>;
  /** The unexpected error behind a failed job, once (the server logs it). */
  takeFailure(scope: Scope, id: string): Promise<unknown>;
}

export interface BackgroundJobs {
  /** Where uploads wait for their commit. */
  readonly staged: StagedFiles;
  /** Declares a kind of job and what running one does (each service, once, when it is made). */
  kind<S, R>(name: string, handler: JobHandler<S, R>, options: JobKindOptions<S>): JobKind<S, R>;
}

/** The message of a failed job: an AppError's own, or the generic one (details to the log only). */
export function jobError(error: unknown, label: string): { code: string; message: string } {
  return error instanceof AppError ? { code: error.code, message: error.message } : { code: 'internal', message: `The ${label.toLowerCase()} failed; nothing was written` };
}

// ---------------------------------------------------------------- local mode: in memory

interface MemoryEntry<S, R> {
  job: StoredJob<S, R>;
  failure?: unknown;
  touchedAt: number;
}

class MemoryJobKind<S, R> implements JobKind<S, R> {
  private readonly jobs = new Map<string, MemoryEntry<S, R>>();

  constructor(
    private readonly ids: IdGenerator,
    private readonly handler: JobHandler<S, R>,
    private readonly options: JobKindOptions<S>,
    private readonly clock: Clock,
  ) {}

  async create(scope: Scope, init: { total: number; state: S }): Promise<StoredJob<S, R>> {
    await this.evict();
    const job: StoredJob<S, R> = { id: this.ids.newId(), workspaceId: scope.workspaceId, status: 'ready', processed: 0, total: init.total, state: init.state, result: null, error: null };
    this.jobs.set(job.id, { job, touchedAt: this.clock.now().getTime() });
    return { ...job };
  }

  private entry(scope: Scope, id: string): MemoryEntry<S, R> {
    const entry = this.jobs.get(id);
    if (!entry || entry.job.workspaceId !== scope.workspaceId) throw new NotFoundError(this.options.label, id);
    entry.touchedAt = this.clock.now().getTime();
    return entry;
  }

  async find(scope: Scope, id: string): Promise<StoredJob<S, R>> {
    return { ...this.entry(scope, id).job };
  }

  async update(scope: Scope, id: string, change: { total: number; state: S }): Promise<StoredJob<S, R> | null> {
    const entry = this.jobs.get(id);
    if (!entry || entry.job.workspaceId !== scope.workspaceId || entry.job.status !== 'ready') return null;
    entry.job = { ...entry.job, ...change };
    return { ...entry.job };
  }

  async start(scope: Scope, id: string, state?: S): Promise<{ started: boolean; job: StoredJob<S, R> }> {
    const entry = this.entry(scope, id);
    if (entry.job.status === 'running' || entry.job.status === 'done') return { started: false, job: { ...entry.job } };
    entry.job = { ...entry.job, status: 'running', processed: 0, error: null, ...(state === undefined ? {} : { state }) };
    entry.failure = undefined;
    const running = { ...entry.job };
    const progress = async (p: JobProgress) => {
      entry.job = { ...entry.job, processed: p.processed, total: p.total };
      entry.touchedAt = this.clock.now().getTime();
    };
    void this.handler(running, progress).then(
      ({ result, state: after }) => {
        entry.job = { ...entry.job, status: 'done', result, state: after, processed: entry.job.total };
        entry.touchedAt = this.clock.now().getTime();
      },
      (error: unknown) => {
        entry.job = { ...entry.job, status: 'failed', error: jobError(error, this.options.label) };
        if (!(error instanceof AppError)) entry.failure = error;
        entry.touchedAt = this.clock.now().getTime();
      },
    );
    return { started: true, job: running };
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const entry = this.entry(scope, id);
    if (entry.job.status === 'running') return false;
    this.jobs.delete(id);
    await this.options.release(entry.job.state);
    return true;
  }

  async takeFailure(scope: Scope, id: string): Promise<unknown> {
    const entry = this.entry(scope, id);
    const failure = entry.failure;
    entry.failure = undefined;
    return failure;
  }

  private async evict(): Promise<void> {
    const now = this.clock.now().getTime();
    const idle = [...this.jobs.values()].filter((e) => e.job.status !== 'running').sort((a, b) => a.touchedAt - b.touchedAt);
    for (const entry of idle) {
      if (now - entry.touchedAt > this.options.ttlMs || this.jobs.size >= this.options.maxJobs) {
        this.jobs.delete(entry.job.id);
        await this.options.release(entry.job.state);
      }
    }
  }
}

/** Local mode's jobs: in this process's memory, run in it; uploads in a private temporary folder. */
export class MemoryJobs implements BackgroundJobs {
  readonly staged: StagedFiles = new DiskStagedFiles();

  constructor(
    private readonly ids: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  kind<S, R>(_name: string, handler: JobHandler<S, R>, options: JobKindOptions<S>): JobKind<S, R> {
    return new MemoryJobKind(this.ids, handler, options, this.clock);
  }
}
