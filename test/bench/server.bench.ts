/**
 * Server mode at scale (`BENCH_ONLY=server npm run bench`): many workspaces on one PostgreSQL
 * database, a real `rapport serve --server` process, and clients over HTTP. Measures sign-in
 * (argon2id included), Today with many people at once, and the cockpit of a coach with 50
 * clients, beside two peers in the same process and run: `/healthz` (the same stack, no
 * database: Fastify's floor here) and `/readyz` (one `select 1` through the pool).
 *
 * Sizes: BENCH_WORKSPACES (default 100) workspaces of BENCH_CONTACTS (3,000) contacts and
 * BENCH_CONVERSATIONS (15,000) conversations each, seeded with `generate_series` in a few
 * statements; BENCH_USERS (100) people use it at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { createServices } from '../../src/services/index.js';
import { argon2Hasher, type PasswordHasher } from '../../src/services/accounts/secrets.js';
import { fixedClock } from '../../src/services/runtime.js';
import { packageRoot } from '../../src/runtime/package-root.js';
import { createTestDatabase } from '../support/test-database.js';

export interface ServerFigure {
  name: string;
  ms: number;
  note?: string;
}

const env = (name: string, fallback: number) => Number.parseInt(process.env[name] ?? '', 10) || fallback;
const PASSWORD = 'a long enough bench password';
const NOW = '2026-03-03T14:00:00.000Z';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
}

function summary(times: number[]): { p50: number; p95: number; p99: number; n: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), n: sorted.length };
}

/** `concurrency` clients, each sending `perClient` requests one after the other; every latency. */
async function load(concurrency: number, perClient: number, request: (client: number) => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        const response = await request(client);
        await response.arrayBuffer();
        times.push(performance.now() - t0);
        if (!response.ok) throw new Error(`${response.status} from the server`);
      }
    }),
  );
  return times;
}

function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'rapport.js'), 'serve', '--server', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, RAPPORT_PUBLIC_URL: 'http://127.0.0.1', RAPPORT_CLOCK_START: NOW, RAPPORT_LOG_LEVEL: 'warn', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

const GIVEN = ['Ada', 'Bo', 'Cy', 'Dana', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lea', 'Max', 'Nia', 'Oli', 'Pia', 'Quinn', 'Ravi', 'Sol', 'Tea', 'Uma', 'Vik', 'Wen', 'Xan', 'Yara', 'Zeb'];
const FAMILY = ['Adler', 'Berg', 'Cole', 'Dietz', 'Evans', 'Frost', 'Gray', 'Hale', 'Ito', 'Jansen', 'Kaur', 'Lund', 'Moss', 'Nagy', 'Ortiz', 'Park', 'Quist', 'Rossi', 'Sato', 'Tran', 'Ueda', 'Voss', 'Wolf', 'Xu', 'Young', 'Zhou', 'Amato', 'Brun', 'Costa', 'Duval'];

/**
 * Accounts first (through AccountService, as `rapport admin create-user` makes them, one
 * password hash shared: hashing 1,000 times would only slow the setup), then every workspace's
 * records in one INSERT … SELECT per table over all workspaces, then each workspace's first
 * playbook computation (its actions and summary, as the first Today would make them).
 */
async function seed(db: Awaited<ReturnType<typeof createTestDatabase>>['db'], workspaces: number, contacts: number, conversations: number, report: (f: ServerFigure) => void) {
  const real = argon2Hasher;
  const hash = await real.hash(PASSWORD);
  const hasher: PasswordHasher = { hash: async () => hash, verify: (h, p) => real.verify(h, p) };
  const services = createServices({ db, clock: fixedClock(NOW), hasher });
  const t0 = performance.now();
  const coach = await services.accounts.createUser({ email: 'coach@centre.bench', displayName: 'Carla Coach', password: PASSWORD, organizationName: 'Bench Career Centre', role: 'coach' });
  const seekers: { userId: string; workspaceId: string; email: string }[] = [];
  for (let i = 0; i < workspaces; i++) {
    const email = `seeker${i}@seekers.bench`;
    const { user } = await services.accounts.createUser({ email, displayName: `Seeker ${String(i).padStart(4, '0')}`, password: PASSWORD, organizationName: 'Bench Career Centre', role: 'seeker' });
    const row = await db.kysely.selectFrom('users').select('workspace_id').where('id', '=', user.id).executeTakeFirstOrThrow();
    seekers.push({ userId: user.id, workspaceId: row.workspace_id, email });
  }
  const k = db.kysely;
  await sql`create table bench_ws (idx integer primary key, workspace_id text not null)`.execute(k);
  for (let i = 0; i < seekers.length; i += 500) {
    await k.insertInto('bench_ws' as never).values(seekers.slice(i, i + 500).map((s, j) => ({ idx: i + j, workspace_id: s.workspaceId })) as never).execute();
  }
  const accountsMs = performance.now() - t0;
  const given = sql.raw(`array[${GIVEN.map((g) => `'${g}'`).join(',')}]`);
  const family = sql.raw(`array[${FAMILY.map((f) => `'${f}'`).join(',')}]`);
  const orgs = Math.max(1, Math.round(contacts / 10));
  const t1 = performance.now();
  await sql`
    insert into organizations (id, workspace_id, name, name_key, website, industry, location, notes, deleted_at, created_at, updated_at)
    select 'o' || w.idx || '-' || g, w.workspace_id, 'Company ' || g, 'company ' || g, null, null, null, null, null, ${NOW}, ${NOW}
    from bench_ws w cross join generate_series(1, ${orgs}) g`.execute(k);
  await sql`
    insert into targets (organization_id, workspace_id, rank, motivation, posting, status, suggested_by_id, suggested_in_conversation_id, notes, added_at, updated_at)
    select 'o' || w.idx || '-' || g, w.workspace_id, g, 3, 2, 'researching', null, null, null, ${NOW}, ${NOW}
    from bench_ws w cross join generate_series(1, least(25, ${orgs})) g`.execute(k);
  await sql`
    insert into contacts (id, workspace_id, given_name, family_name, display_name, sort_name, emails, phones, linkedin_url, organization_id, title, location, notes,
                          shared_interests, how_we_met, introduced_by_id, search_text, version, deleted_at, last_interaction_at, cadence_ideal_days, cadence_max_days, created_at, updated_at)
    select 'c' || w.idx || '-' || g, w.workspace_id, n.given, n.family, n.given || ' ' || n.family, lower(n.family) || chr(1) || lower(n.given), '[]', '[]', null,
           'o' || w.idx || '-' || (1 + g % ${orgs}), null, null, null, '[]', null, null, lower(n.given || ' ' || n.family || ' company ' || (1 + g % ${orgs})), 1, null, null,
           case when g % 20 = 0 then 30 end, case when g % 20 = 0 then 60 end, ${NOW}, ${NOW}
    from bench_ws w cross join generate_series(1, ${contacts}) g
    cross join lateral (select (${given})[1 + g % ${GIVEN.length}] as given, (${family})[1 + (g / ${GIVEN.length}) % ${FAMILY.length}] || case when g >= ${GIVEN.length * FAMILY.length} then ' ' || (g / ${GIVEN.length * FAMILY.length}) else '' end as family) n`.execute(k);
  // Over about three years, most recent last; twenty still to come. Email half of the time.
  await sql`
    insert into conversations (id, workspace_id, kind, status, starts_at, time_zone, duration_minutes, title, location, notes, direction, awaiting_reply, replied_at,
                               organization_id, event_id, opportunity_id, interview_round, feedback, next_steps, created_at, updated_at)
    select 'v' || w.idx || '-' || g, w.workspace_id, x.kind, case when g <= 20 then 'scheduled' else 'done' end, x.at, 'UTC', null, null, null, null,
           case when x.kind = 'email' then (case when g % 3 = 0 then 'inbound' else 'outbound' end) else 'mutual' end,
           case when x.kind = 'email' and g % 3 = 1 and g < 400 then 1 else 0 end, null, null, null, null, null, null, null, x.at, x.at
    from bench_ws w cross join generate_series(1, ${conversations}) g
    cross join lateral (select
      (array['email','email','email','email','call','networking-meeting','informational-interview','networking-interview','event-encounter','job-interview'])[1 + g % 10] as kind,
      to_char((${NOW}::timestamptz + case when g <= 20 then g * interval '17 hours' else -((g - 20) * interval '1 day' * 1000 / ${conversations}) end) at time zone 'UTC',
              'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at) x`.execute(k);
  await sql`
    insert into conversation_participants (workspace_id, conversation_id, contact_id, role)
    select w.workspace_id, 'v' || w.idx || '-' || g, 'c' || w.idx || '-' || (1 + (g * 7) % ${contacts}), 'participant'
    from bench_ws w cross join generate_series(1, ${conversations}) g`.execute(k);
  await sql`
    update contacts c set last_interaction_at = x.last
    from (select p.contact_id, max(v.starts_at) as last from conversation_participants p join conversations v on v.id = p.conversation_id
          where v.status = 'done' group by p.contact_id) x
    where c.id = x.contact_id`.execute(k);
  await sql`analyze`.execute(k);
  const recordsMs = performance.now() - t1;
  const t2 = performance.now();
  let actions = 0;
  for (const s of seekers) actions += (await services.playbook.recompute({ workspaceId: s.workspaceId })).created;
  const playbookMs = performance.now() - t2;
  // The coach's cockpit: 50 clients (or all there are) share their search health.
  const clients = seekers.slice(0, 50);
  for (const s of clients) await services.coaching.share({ userId: s.userId, workspaceId: s.workspaceId, sessionId: '', email: s.email, displayName: '' }, coach.user.id, 'health');
  await sql`drop table bench_ws`.execute(k);
  await sql`analyze`.execute(k);
  report({ name: `[server] seed ${workspaces} accounts`, ms: Math.round(accountsMs), note: '(setup)' });
  report({ name: `[server] seed ${workspaces} × (${contacts} contacts, ${conversations} conversations)`, ms: Math.round(recordsMs), note: '(setup, generate_series)' });
  report({ name: `[server] first playbook computation of each workspace`, ms: Math.round(playbookMs), note: `(setup) ${Math.round(actions / workspaces)} open actions a workspace` });
  return { seekers, coachEmail: 'coach@centre.bench', clients: clients.length };
}

export async function benchServer(report: (f: ServerFigure) => void): Promise<void> {
  const workspaces = env('BENCH_WORKSPACES', 100);
  const contacts = env('BENCH_CONTACTS', 3_000);
  const conversations = env('BENCH_CONVERSATIONS', 15_000);
  const users = Math.min(env('BENCH_USERS', 100), workspaces);
  const tdb = await createTestDatabase('postgres');
  let server: ChildProcess | undefined;
  try {
    const seeded = await seed(tdb.db, workspaces, contacts, conversations, report);
    const started = await startServer(tdb.env.DATABASE_URL!);
    server = started.child;
    const base = started.url;
    const json = { 'content-type': 'application/json' };
    // Behind the proxy each person has their own address: the per-address sign-in limit is per person.
    const from = (i: number) => ({ 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
    const login = (i: number, email: string) => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { ...json, ...from(i) }, body: JSON.stringify({ email, password: PASSWORD }) });

    // Sign-in, one at a time (argon2id: 19 MiB, two passes), then ten at once.
    const cookies: string[] = [];
    const loginTimes: number[] = [];
    for (let i = 0; i < users; i++) {
      const t0 = performance.now();
      const response = await login(i, seeded.seekers[i]!.email);
      loginTimes.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
      cookies.push((response.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
      await response.arrayBuffer();
    }
    const once = summary(loginTimes);
    report({ name: `[server] sign-in, one at a time (argon2id verify included)`, ms: once.p50, note: `p95 ${once.p95} ms, ${once.n} sign-ins` });
    const tenAtOnce = summary(await load(10, 5, (c) => login(1_000 + c, seeded.seekers[c % users]!.email)));
    report({ name: `[server] sign-in, 10 at once`, ms: tenAtOnce.p50, note: `p95 ${tenAtOnce.p95} ms` });
    // Each a new unknown address (five failures lock an address typed, whoever types it).
    let unknown = 0;
    const wrong = summary(
      await load(1, 20, () => {
        unknown += 1;
        return fetch(`${base}/api/auth/login`, { method: 'POST', headers: { ...json, ...from(5_000 + unknown) }, body: JSON.stringify({ email: `nobody${unknown}@nowhere.bench`, password: PASSWORD }) }).then(
          (r) => new Response(null, { status: r.status === 401 ? 200 : r.status }),
        );
      }),
    );
    report({ name: `[server] sign-in refused, unknown address (the same argon2 work)`, ms: wrong.p50, note: `p95 ${wrong.p95} ms` });

    const rounds = env('BENCH_ROUNDS', 20);
    const get = (url: string, cookie?: string) => fetch(`${base}${url}`, cookie ? { headers: { cookie } } : {});
    const healthz = summary(await load(users, rounds, () => get('/healthz')));
    report({ name: `[server] peer: GET /healthz, ${users} clients at once (no database)`, ms: healthz.p50, note: `p95 ${healthz.p95} ms` });
    const readyz = summary(await load(users, rounds, () => get('/readyz')));
    report({ name: `[server] peer: GET /readyz, ${users} clients at once (select 1)`, ms: readyz.p50, note: `p95 ${readyz.p95} ms` });
    const first = summary(await load(users, 1, (c) => get('/api/today', cookies[c])));
    report({ name: `[server] Today, first request of ${users} people at once`, ms: first.p50, note: `p95 ${first.p95} ms` });
    const today = summary(await load(users, rounds, (c) => get('/api/today', cookies[c])));
    report({ name: `[server] Today, ${users} people at once (${workspaces} workspaces)`, ms: today.p50, note: `p95 ${today.p95} ms, p99 ${today.p99} ms, ${today.n} requests; /healthz p95 × ${(today.p95 / Math.max(healthz.p95, 0.1)).toFixed(1)}` });
    const alone = summary(await load(1, rounds * 2, () => get('/api/today', cookies[0])));
    report({ name: `[server] Today, one person alone`, ms: alone.p50, note: `p95 ${alone.p95} ms` });

    const coachLogin = await login(9_999, seeded.coachEmail);
    const coachCookie = (coachLogin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await coachLogin.arrayBuffer();
    const cockpit = summary(await load(1, rounds * 2, () => get('/api/coach/clients', coachCookie)));
    report({ name: `[server] cockpit of a coach with ${seeded.clients} clients`, ms: cockpit.p50, note: `p95 ${cockpit.p95} ms` });
    const cockpitBusy = summary(
      await load(users, Math.max(2, Math.round(rounds / 4)), (c) => (c === 0 ? get('/api/coach/clients', coachCookie) : get('/api/today', cookies[c]))),
    );
    report({ name: `[server] cockpit and Today mixed, ${users} at once`, ms: cockpitBusy.p50, note: `p95 ${cockpitBusy.p95} ms` });
  } finally {
    if (server) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await tdb.destroy();
  }
}
