import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { JobRepository } from '../db/repositories/job.repository.js';
import { ConflictError } from './errors.js';
import type { IdGenerator } from './runtime.js';

/**
 * Uploaded files waiting between their preview and their commit, kept out of memory: twenty
 * staged 20 MiB files (or their parsed rows) would be gigabytes of RAM. A file is known by the
 * key `put` or `adopt` returns. The import services (contacts, and conversations from mail
 * files) share one store: on disk in local mode, in the database in server mode.
 */
export interface StagedFiles {
  put(bytes: Uint8Array): Promise<string>;
  /** Takes over a file on this machine (an upload): the store owns it from here, the path is no longer the caller's. */
  adopt(file: string): Promise<string>;
  read(key: string): Promise<Buffer>;
  /** The file as a path on this machine, for readers that stream it; `release` when done. */
  open(key: string): Promise<{ path: string; release(): Promise<void> }>;
  drop(key: string | null): Promise<void>;
}

/**
 * Local mode: each file in one private temporary directory per process, under a random name;
 * `drop` deletes it.
 */
export class DiskStagedFiles implements StagedFiles {
  private dir: Promise<string> | null = null;
  private next = 0;

  private directory(): Promise<string> {
    this.dir ??= fs.mkdtemp(path.join(os.tmpdir(), 'rapport-staged-'));
    return this.dir;
  }

  async put(bytes: Uint8Array): Promise<string> {
    const file = path.join(await this.directory(), `${process.pid}-${++this.next}`);
    await fs.writeFile(file, bytes, { mode: 0o600 });
    return file;
  }

  /** Moves the file into this store's folder: the caller may delete the folder it came from. */
  async adopt(file: string): Promise<string> {
    const target = path.join(await this.directory(), `${process.pid}-${++this.next}`);
    try {
      await fs.rename(file, target);
    } catch {
      // Another file system (EXDEV): copy, then remove the original.
      await fs.copyFile(file, target);
      await fs.rm(file, { force: true });
    }
    return target;
  }

  read(file: string): Promise<Buffer> {
    return fs.readFile(file);
  }

  async open(file: string): Promise<{ path: string; release(): Promise<void> }> {
    return { path: file, release: async () => undefined };
  }

  async drop(file: string | null): Promise<void> {
    if (file) await fs.rm(file, { force: true });
  }
}

/**
 * A private scratch folder on this machine (the files taken out of an archive while it is read),
 * whatever the store of staged files: deleted by `dropScratchDir` as soon as the reading is done.
 */
export function makeScratchDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'rapport-scratch-'));
}

export async function dropScratchDir(dir: string | null): Promise<void> {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}

/** Parts of a file staged in the database: small enough to hold one at a time, few enough per file. */
const PART_BYTES = 1024 * 1024;

/**
 * Server mode: files in the database (`staged_files`, in parts of 1 MiB), so that any server
 * process can preview again, commit or run what another received. A process that needs a path
 * (the mail readers stream a file) writes a temporary copy and deletes it on `release`.
 */
export class DbStagedFiles implements StagedFiles {
  private readonly repo = new JobRepository();

  constructor(private readonly deps: { db: Db; ids: IdGenerator }) {}

  async put(bytes: Uint8Array): Promise<string> {
    const key = this.deps.ids.newId();
    const now = new Date().toISOString();
    const db = this.deps.db.kysely;
    for (let at = 0, part = 0; at < bytes.byteLength || part === 0; at += PART_BYTES, part++) {
      await this.repo.insertPart(db, key, part, bytes.subarray(at, at + PART_BYTES), now);
    }
    return key;
  }

  async adopt(file: string): Promise<string> {
    const key = this.deps.ids.newId();
    const now = new Date().toISOString();
    const db = this.deps.db.kysely;
    try {
      let part = 0;
      for await (const chunk of createReadStream(file, { highWaterMark: PART_BYTES })) {
        await this.repo.insertPart(db, key, part++, chunk as Buffer, now);
      }
      if (part === 0) await this.repo.insertPart(db, key, 0, new Uint8Array(0), now);
    } catch (error) {
      await this.repo.dropFile(db, key).catch(() => undefined);
      throw error;
    } finally {
      await fs.rm(file, { force: true });
    }
    return key;
  }

  async read(key: string): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.parts(key)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async open(key: string): Promise<{ path: string; release(): Promise<void> }> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-open-'));
    const release = () => fs.rm(dir, { recursive: true, force: true });
    try {
      const file = path.join(dir, 'file');
      const handle = await fs.open(file, 'w', 0o600);
      try {
        for await (const chunk of this.parts(key)) await handle.write(chunk);
      } finally {
        await handle.close();
      }
      return { path: file, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  async drop(key: string | null): Promise<void> {
    if (key) await this.repo.dropFile(this.deps.db.kysely, key);
  }

  /** Drops files left behind (a job lost with its process) once they are older than this. */
  async sweep(olderThanMs: number): Promise<void> {
    await this.repo.dropFilesBefore(this.deps.db.kysely, new Date(Date.now() - olderThanMs).toISOString());
  }

  private async *parts(key: string): AsyncGenerator<Uint8Array> {
    const db = this.deps.db.kysely;
    const count = await this.repo.partCount(db, key);
    if (count === 0) throw new ConflictError('The uploaded file is no longer kept (an hour at most); upload it again');
    for (let part = 0; part < count; part++) {
      const bytes = await this.repo.part(db, key, part);
      if (!bytes) throw new ConflictError('The uploaded file is no longer kept (an hour at most); upload it again');
      yield bytes;
    }
  }
}

/**
 * Runs imports one at a time in this process. Reading and planning a file holds a draft per
 * record (at most IMPORT_MAX_RECORDS of them); two at once would double that, so the next one
 * waits for its turn. Shared by every import service of the process.
 */
export class ImportGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export const importGate = new ImportGate();
