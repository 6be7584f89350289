import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/runtime/package-root.js';
import { assertBuilt, rapportBin, runCli, startServerProcess } from '../support/cli.js';
import { clockEnv } from '../support/clock.js';
import { generateLinkedInCsv, LINKEDIN_HEADER, LINKEDIN_PREAMBLE } from '../support/generators/linkedin-csv.generator.js';

const dist = (p: string) => pathToFileURL(path.join(packageRoot(), 'dist', p)).href;

/** Runs a script as its own Node process and resolves with how it ended (a signal for kill -9). */
function runNode(script: string, env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Runs `rapport ...args` without blocking the test's event loop (the test serves requests meanwhile). */
function runCliAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [rapportBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}


/**
 * Runs `rapport ...args` with a file-size limit (`ulimit -f`, in 1 KiB blocks): every write past
 * it fails as on a full disk (EFBIG for Node, an I/O error for SQLite), the same path a real
 * ENOSPC takes, without needing a small filesystem.
 */
function runCliOnFullDisk(args: string[], env: Record<string, string>, limitKiB: number): { code: number; stderr: string } {
  const quoted = [process.execPath, rapportBin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const res = spawnSync('bash', ['-c', `ulimit -f ${limitKiB}; exec ${quoted}`], { env: { ...process.env, NO_COLOR: '1', ...clockEnv(), ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status ?? -1, stderr: res.stderr };
}

// Each test starts several Rapport processes; on a loaded 2-core machine one can take seconds.
describe('faults: crashes, two writers, a damaged file', { timeout: 120_000 }, () => {
  let dir: string;
  let n = 0;
  const freshDataDir = () => path.join(dir, `data-${++n}`);

  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-faults-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a kill -9 in the middle of the first start’s migrations does not brick the data folder', async () => {
    const dataDir = freshDataDir();
    // The third migration does its work, then the process is killed before it can commit.
    const script = `
      const { openDatabase, migrateToLatest } = await import(${JSON.stringify(dist('src/db/database.js'))});
      const { migrationProvider } = await import(${JSON.stringify(dist('src/db/migrations/index.js'))});
      const all = await migrationProvider.getMigrations();
      const names = Object.keys(all).sort();
      const killer = { async up(db) { await all[names[2]].up(db); process.kill(process.pid, 'SIGKILL'); await new Promise(() => {}); } };
      const migrations = { ...all, [names[2]]: killer };
      const db = openDatabase({ engine: 'sqlite', file: process.env.RAPPORT_DATA_DIR + '/rapport.sqlite' });
      await migrateToLatest(db, { provider: { getMigrations: async () => migrations } });
    `;
    const killed = await runNode(script, { RAPPORT_DATA_DIR: dataDir });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    const env = { RAPPORT_DATA_DIR: dataDir };
    const add = runCli(['contact', 'add', '--given', 'Ada', '--family', 'Byron'], env);
    expect(add.code, add.stderr).toBe(0);
    const again = runCli(['contact', 'list', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { total: number }).total).toBe(1);
  });

  it('a damaged database file at start: a clear message naming the last copy, no stack trace, and the file left alone', () => {
    const dataDir = freshDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'rapport.sqlite');
    const garbage = Buffer.from('this is not a database, it is a shopping list: eggs, milk\n'.repeat(200));
    fs.writeFileSync(file, garbage);
    const copy = `${file}.before-20261201_1100_change_log_link_rows.bak`;
    fs.writeFileSync(copy, 'a copy');

    const res = runCli(['today'], { RAPPORT_DATA_DIR: dataDir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`The database file ${file} is damaged or is not a Rapport database`);
    expect(res.stderr).toContain(copy);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readFileSync(file)).toEqual(garbage);

    const served = runCli(['serve', '--port', '0'], { RAPPORT_DATA_DIR: dataDir });
    expect(served.code).toBe(1);
    expect(served.stderr).toContain('is damaged');
    expect(served.stderr).not.toMatch(/\n\s+at /);
  });

  it('a full disk during an import or a backup: a plain message, exit 6, and the database and any earlier backup as they were', () => {
    const dataDir = freshDataDir();
    const env = { RAPPORT_DATA_DIR: dataDir };
    expect(runCli(['contact', 'add', '--given', 'Ann', '--family', 'Lee'], env).code).toBe(0);
    const backup = path.join(dir, 'backup.json');
    expect(runCli(['backup', '--out', backup], env).code).toBe(0);
    const earlier = fs.readFileSync(backup, 'utf8');
    expect(runCli(['contact', 'add', '--given', 'Bob', '--family', 'Stone', '--notes', 'x'.repeat(19_000)], env).code).toBe(0);

    // The backup no longer fits: the earlier one is kept whole, no half-written file is left.
    const full = runCliOnFullDisk(['backup', '--out', backup], env, Math.ceil(earlier.length / 1024) + 4);
    expect(full.code, full.stderr).toBe(6);
    expect(full.stderr).toMatch(/could not write to the disk/i);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(backup, 'utf8')).toBe(earlier);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('backup.json') && f !== 'backup.json')).toEqual([]);

    // An import that runs out of room writes nothing.
    const csv = path.join(dir, 'Big-Connections.csv');
    fs.writeFileSync(csv, generateLinkedInCsv(6000, 11));
    const files = fs.readdirSync(dataDir).map((f) => fs.statSync(path.join(dataDir, f)).size);
    const importing = runCliOnFullDisk(['import', csv], env, Math.ceil(Math.max(...files) / 1024) + 64);
    expect(importing.code, importing.stderr).toBe(6);
    expect(importing.stderr).toMatch(/could not write to the disk.*nothing was changed/is);
    expect(importing.stderr).not.toMatch(/\n\s+at /);
    const list = JSON.parse(runCli(['contact', 'list', '--json'], env).stdout) as { total: number };
    expect(list.total).toBe(2);
  });

  it('a command that finds the database busy past its wait says what to do, exits 5 and writes nothing', () => {
    const dataDir = freshDataDir();
    const env = { RAPPORT_DATA_DIR: dataDir };
    expect(runCli(['contact', 'list'], env).code).toBe(0);
    const holder = new SQLite(path.join(dataDir, 'rapport.sqlite'));
    holder.exec('begin immediate');
    try {
      const res = runCli(['contact', 'add', '--given', 'Grace', '--family', 'Hopper'], { ...env, RAPPORT_SQLITE_BUSY_TIMEOUT_MS: '200' });
      expect(res.code).toBe(5);
      expect(res.stderr).toMatch(/The database is busy: another Rapport process .* Nothing was changed — run the command again in a moment\./);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    expect((JSON.parse(runCli(['contact', 'list', '--json'], env).stdout) as { total: number }).total).toBe(0);
  });

  it('the CLI imports a large file while the server takes many edits: no 5xx, the import completes, nothing is lost', async () => {
    const dataDir = freshDataDir();
    const env = { RAPPORT_DATA_DIR: dataDir };
    const csv = path.join(dir, 'Connections.csv');
    fs.writeFileSync(csv, generateLinkedInCsv(8000, 7));
    const server = await startServerProcess(env);
    try {
      const importing = runCliAsync(['import', csv, '--json'], env);
      const statuses: number[] = [];
      const created: string[] = [];
      // Edits in waves while the import runs, each wave a few at a time, as a busy user would.
      for (let wave = 0; wave < 20; wave++) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const res = await fetch(`${server.url}/api/contacts`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ givenName: `Writer${wave}`, familyName: `Number${i}` }),
            });
            const body = (await res.json()) as { id?: string };
            if (body.id) created.push(body.id);
            return res.status;
          }),
        );
        statuses.push(...answers);
      }
      const imported = await importing;
      expect(imported.code, imported.stderr).toBe(0);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(new Set(statuses)).toEqual(new Set([201]));
      const result = JSON.parse(imported.stdout) as { created: number };
      const list = await (await fetch(`${server.url}/api/contacts?limit=1`)).json() as { total: number };
      expect(list.total).toBe(result.created + created.length);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('output into a pipe closed early (`rapport today | head -1`) ends quietly with exit 0, not an EPIPE crash', async () => {
    const dataDir = freshDataDir();
    const env = { RAPPORT_DATA_DIR: dataDir };
    for (const given of ['Ada', 'Grace', 'Edsger']) expect(runCli(['contact', 'add', '--given', given, '--family', 'Reader'], env).code).toBe(0);
    for (const args of [['today'], ['contact', 'list', '--json']]) {
      const child = spawn(process.execPath, [rapportBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      // The reader goes away before the command writes anything: every write meets EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(stderr, args.join(' ')).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
      expect(code, args.join(' ')).toBe(0);
    }
  });

  it('the CLI keeps NUL and lone surrogates out of what it imports and restores, naming the line or field', () => {
    const dataDir = freshDataDir();
    const env = { RAPPORT_DATA_DIR: dataDir };
    // A UTF-16 file can hold half a character (a lone surrogate): that value is left out, with a warning naming line and field.
    const csv = [...LINKEDIN_PREAMBLE, LINKEDIN_HEADER, 'Ana,Lee,https://www.linkedin.com/in/ana-lee,,Globex,Engin\ud800eer,01 Oct 2024'].join('\n');
    const file = path.join(dir, 'Half.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    const preview = runCli(['import', file, '--dry-run'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/line 5: title: contains U\+D800, half of a character .*; left out/);
    const imported = runCli(['import', file, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = runCli(['contact', 'list', '--json'], env).stdout;
    expect(listed).toContain('Ana Lee');
    expect(listed).not.toMatch(/\\ud800|\ufffd|Engin/);

    expect(runCli(['contact', 'add', '--given', 'Ada', '--family', 'Byron'], env).code).toBe(0);
    const backupFile = path.join(dir, 'backup.json');
    expect(runCli(['backup', '--out', backupFile], env).code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(backupFile, 'utf8')) as { tables: { contacts: Array<{ notes: string | null }> } };
    doc.tables.contacts[0]!.notes = 'a\u0000b';
    fs.writeFileSync(backupFile, JSON.stringify(doc));
    const restored = runCli(['restore', backupFile], { RAPPORT_DATA_DIR: freshDataDir() });
    expect(restored.code, restored.stderr).toBe(2);
    expect(restored.stderr).toMatch(/tables\.contacts\.0\.notes: contains a NUL character \(U\+0000\)/);
    expect((JSON.parse(runCli(['contact', 'list', '--json'], env).stdout) as { total: number }).total).toBe(2);
  }, 120_000);
});
