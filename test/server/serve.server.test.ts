import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, rapportBin, runCli, startServerProcess, type ServerProcess } from '../support/cli.js';
import { createTestDatabase, isPostgresReachable, type TestDatabase } from '../support/test-database.js';

const available = await isPostgresReachable();

function cliWithInput(args: string[], env: Record<string, string>, input: string) {
  const result = spawnSync(process.execPath, [rapportBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, input, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!available)('starting server mode and its first administrator (the built CLI)', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let second: ServerProcess | undefined;

  beforeAll(async () => {
    assertBuilt();
    tdb = await createTestDatabase('postgres');
    env = { ...tdb.env, RAPPORT_PUBLIC_URL: 'https://rapport.example.test' };
  });
  afterAll(async () => {
    await second?.stop();
    await server?.stop();
    await tdb?.destroy();
  });

  it('needs PostgreSQL, and says so', () => {
    const result = runCli(['serve', '--server', '--port', '0'], { RAPPORT_DATA_DIR: '/tmp/rapport-none' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Server mode needs PostgreSQL: set DATABASE_URL=postgres://');
  });

  it('needs its public address, and says so', () => {
    const result = runCli(['serve', '--server', '--port', '0'], { ...tdb.env, RAPPORT_PUBLIC_URL: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('RAPPORT_PUBLIC_URL');
    const local = runCli(['serve', '--host', '0.0.0.0'], { ...tdb.env });
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--host: only with --server');
  });

  it('creates the first administrator with a link to set the password, or a password from standard input', () => {
    const linked = runCli(['admin', 'create-user', '--email', 'Ada@Centre.test', '--name', 'Ada Admin', '--org', 'Northside Career Centre'], env);
    expect(linked.stderr).toBe('');
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain('Created Ada Admin <ada@centre.test>, admin of Northside Career Centre.');
    expect(linked.stdout).toMatch(/https:\/\/rapport\.example\.test\/reset-password#[\w-]{43}/);
    const piped = cliWithInput(['admin', 'create-user', '--email', 'bo@centre.test', '--name', 'Bo Coach', '--org', 'Northside Career Centre', '--role', 'coach', '--password-stdin'], env, 'a long enough password\n');
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('reset-password');
    const again = runCli(['admin', 'create-user', '--email', 'ada@centre.test', '--name', 'Ada Again', '--org', 'Northside Career Centre'], env);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('exists already');
    const bad = runCli(['admin', 'create-user', '--email', 'not-an-email', '--name', 'X', '--org', 'Y', '--role', 'owner'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email: Not an email address');
    expect(bad.stderr).toContain('--role');
  }, 90_000);

  it('runs: health and readiness for the load balancer, sign-in for people', async () => {
    server = await startServerProcess(env, ['--server']);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/contacts`)).status).toBe(401);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bo@centre.test', password: 'a long enough password' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/rapport_session=[\w-]+;.*HttpOnly; Secure; SameSite=Lax/);
    const contacts = await fetch(`${server.url}/api/contacts`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(contacts.status).toBe(200);
  });

  it('runs as two processes on one database: an import uploaded to one is committed through the other and run by either', async () => {
    second = await startServerProcess(env, ['--server']);
    const login = await fetch(`${server!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bo@centre.test', password: 'a long enough password' }) });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': csrfToken };
    const form = new FormData();
    form.append('file', new Blob(['BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quarrington;Quentin;;;\r\nFN:Quentin Quarrington\r\nEMAIL:q@zyx.test\r\nEND:VCARD\r\n']), 'contacts.vcf');
    const staged = await fetch(`${server!.url}/api/imports`, { method: 'POST', headers, body: form });
    expect(staged.status).toBe(201);
    const { id } = (await staged.json()) as { id: string };
    const commit = await fetch(`${second.url}/api/imports/${id}/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    expect(commit.status).toBe(202);
    let job: { status: string; result: { created: number } | null } = { status: 'running', result: null };
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${server!.url}/api/imports/${id}`, { headers })).json()) as typeof job;
    }
    expect(job).toMatchObject({ status: 'done', result: { created: 1 } });
    const contacts = (await (await fetch(`${second.url}/api/contacts`, { headers })).json()) as { total: number };
    expect(contacts.total).toBe(1);
  });

  it('keeps local commands off a database that serves accounts', () => {
    const result = runCli(['contact', 'list'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('This database serves accounts (server mode)');
  });
});
