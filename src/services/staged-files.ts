import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Uploaded files waiting between their preview and their commit, kept on disk rather than in
 * memory: twenty staged 20 MiB files (or their parsed rows) would be gigabytes of RAM. Each
 * file lives in one private temporary directory per process, under a random name; `drop`
 * deletes it. The import services (contacts, and conversations from mail files) share this.
 */
export class StagedFiles {
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

  /** A private directory for the files of one upload (those taken out of an archive). */
  async makeDir(): Promise<string> {
    const dir = path.join(await this.directory(), `${process.pid}-${++this.next}.d`);
    await fs.mkdir(dir, { mode: 0o700 });
    return dir;
  }

  async dropDir(dir: string | null): Promise<void> {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }

  read(file: string): Promise<Buffer> {
    return fs.readFile(file);
  }

  async drop(file: string | null): Promise<void> {
    if (file) await fs.rm(file, { force: true });
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
