/**
 * Contact search and the contact list at 3,000, 30,000 and 100,000 synthetic people
 * (BENCH_SIZES), on SQLite and PostgreSQL, with peers in the same run:
 * - search: 300 queries with one typo (`typoQueries`, fixed seed) and prefixes as typed, through
 *   the service (what the API does), beside MiniSearch (prefix + fuzzy 0.2, its documented
 *   setting) and Fuse.js over the same people in memory, and beside the substring LIKE scan
 *   the service used before;
 * - the list: a page of 50 at several offsets;
 * - throughput: `GET /api/contacts?limit=50` with 10 connections (autocannon, in a child
 *   process), beside a Fastify hello-world served by the same process in the same run.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import Fuse from 'fuse.js';
import { sql } from 'kysely';
import MiniSearch from 'minisearch';
import { contactListQuerySchema } from '../../src/contracts/contact.schema.js';
import { beginBulkWrite, endBulkWrite } from '../../src/db/dialects/change-log.js';
import { likeContains } from '../../src/db/repositories/json.js';
import { contactSearchText, displayName, foldText, nameSortKey, searchTerms } from '../../src/domain/text.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { generatePeople, typoQueries, type SyntheticPerson } from '../support/generators/people.generator.js';
import { createTestDatabase, isPostgresReachable, type TestEngine } from '../support/test-database.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const NOW = '2026-03-03T09:00:00.000Z';
const PREFIXES = ['j', 'jo', 'joh', 'john', 'john s', 'mar', 'mari', 'sm', 'smi', 'kow', 'anal', 'north', 'a', 'e', 's'];

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (ms: number) => Math.round(ms * 100) / 100;

/** Times `fn` once per item after a warm-up pass over the first few; returns sorted milliseconds. */
async function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): Promise<number[]> {
  for (const item of items.slice(0, 10)) await fn(item);
  const times: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    await fn(item);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export async function seed(engine: TestEngine, people: readonly SyntheticPerson[]) {
  const tdb = await createTestDatabase(engine);
  const services = createServices({ db: tdb.db, clock: fixedClock(NOW) });
  const { id: workspaceId } = await services.workspaces.ensureLocal();
  const orgNames = [...new Set(people.flatMap((p) => (p.organizationName ? [p.organizationName] : [])))];
  const orgId = new Map(orgNames.map((name, i) => [name, `org-${String(i).padStart(5, '0')}`]));
  const ids = people.map((_, i) => `c-${String(i).padStart(7, '0')}`);
  await tdb.db.kysely.transaction().execute(async (trx) => {
    await beginBulkWrite(trx, workspaceId);
    for (let i = 0; i < orgNames.length; i += 500) {
      await trx
        .insertInto('organizations')
        .values(orgNames.slice(i, i + 500).map((name) => ({ id: orgId.get(name) ?? '', workspace_id: workspaceId, name, name_key: foldText(name), created_at: NOW, updated_at: NOW })))
        .execute();
    }
    for (let i = 0; i < people.length; i += 400) {
      await trx
        .insertInto('contacts')
        .values(
          people.slice(i, i + 400).map((p, j) => ({
            id: ids[i + j] ?? '',
            workspace_id: workspaceId,
            given_name: p.givenName,
            family_name: p.familyName,
            display_name: displayName(p.givenName, p.familyName),
            sort_name: nameSortKey(p.givenName, p.familyName),
            emails: JSON.stringify(p.email ? [{ value: p.email }] : []),
            phones: '[]',
            shared_interests: '[]',
            organization_id: p.organizationName ? (orgId.get(p.organizationName) ?? null) : null,
            title: p.title,
            location: p.location,
            search_text: contactSearchText({ givenName: p.givenName, familyName: p.familyName, emails: p.email ? [p.email] : [], title: p.title, location: p.location }, p.organizationName),
            version: 1,
            created_at: NOW,
            updated_at: NOW,
          })),
        )
        .execute();
    }
    await endBulkWrite(trx, workspaceId);
  });
  if (engine === 'postgres') await sql`vacuum analyze`.execute(tdb.db.kysely);
  else await tdb.db.optimize();
  return { tdb, services, workspaceId, ids };
}

/** autocannon in a child process (so that it does not share the server's event loop): requests per second and median latency. */
async function hammer(url: string, seconds: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const require = createRequire(import.meta.url);
  const bin = require.resolve('autocannon/autocannon.js');
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-c', '10', '-d', String(seconds), '-j', url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** A Fastify hello-world on this process: the ceiling for any route on this machine, measured in the same run. */
export async function helloWorldThroughput(seconds: number): Promise<number> {
  const hello = Fastify();
  hello.get('/', () => ({ hello: 'world' }));
  const address = await hello.listen({ port: 0, host: '127.0.0.1' });
  try {
    return (await hammer(`${address}/`, seconds)).rps;
  } finally {
    await hello.close();
  }
}

async function benchSize(engine: TestEngine, size: number, report: (f: Figure) => void): Promise<void> {
  const people = generatePeople(size);
  const queries = typoQueries(people, 300);
  const t0 = performance.now();
  const { tdb, services, workspaceId, ids } = await seed(engine, people);
  const tag = `[${engine} ${size.toLocaleString('en')}]`;
  report({ name: `${tag} seed`, value: Math.round(performance.now() - t0), unit: 'ms', note: '(setup)' });
  const scope = { workspaceId };
  try {
    // Search through the service, as the API runs it.
    let t = performance.now();
    await services.contacts.list(scope, contactListQuerySchema.parse({ q: 'warm', limit: 10 }));
    report({ name: `${tag} search: first search builds the index`, value: Math.round(performance.now() - t), unit: 'ms' });
    let found = 0;
    const typo = await timeEach(queries, async (q) => {
      const page = await services.contacts.list(scope, contactListQuerySchema.parse({ q: q.query, limit: 10 }));
      return page;
    });
    for (const q of queries) {
      const page = await services.contacts.list(scope, contactListQuerySchema.parse({ q: q.query, limit: 10 }));
      if (page.items.some((c) => c.id === ids[q.person])) found += 1;
    }
    report({ name: `${tag} search, one-typo queries: p50 / p99 (service, with the page's rows)`, value: round(percentile(typo, 0.5)), unit: 'ms', note: `p99 ${round(percentile(typo, 0.99))} ms; found in top 10: ${found}/${queries.length}` });
    const typed = PREFIXES.flatMap((p) => Array.from({ length: 10 }, () => p));
    const prefix = await timeEach(typed, (q) => services.contacts.list(scope, contactListQuerySchema.parse({ q, limit: 50 })));
    report({ name: `${tag} search, prefixes as typed ("j", "jo", "john s"…): p50 / p99`, value: round(percentile(prefix, 0.5)), unit: 'ms', note: `p99 ${round(percentile(prefix, 0.99))} ms` });

    // The substring scan the service used before, for comparison.
    const like = (q: string) => {
      let query = tdb.db.kysely.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);
      for (const term of searchTerms(q)) query = query.where(sql<boolean>`search_text like ${likeContains(term)} escape '\\'`);
      return query.orderBy('sort_name').limit(10).execute();
    };
    let likeFound = 0;
    const likeQueries = queries.slice(0, size > 30_000 ? 40 : 100);
    const likeTimes = await timeEach(likeQueries, (q) => like(q.query));
    for (const q of likeQueries) if ((await like(q.query)).some((r) => r.id === ids[q.person])) likeFound += 1;
    report({ name: `${tag}   peer: substring LIKE scan (the search before), p50 / p99`, value: round(percentile(likeTimes, 0.5)), unit: 'ms', note: `p99 ${round(percentile(likeTimes, 0.99))} ms; found ${likeFound}/${likeQueries.length}` });

    // Peers in memory, over the same people.
    const docs = people.map((p, i) => ({ id: i, name: displayName(p.givenName, p.familyName), org: p.organizationName ?? '', title: p.title ?? '', email: p.email ?? '', location: p.location ?? '' }));
    t = performance.now();
    const mini = new MiniSearch({ fields: ['name', 'org', 'title', 'email', 'location'], processTerm: (term) => foldText(term) || null });
    mini.addAll(docs);
    const miniBuild = performance.now() - t;
    const miniSearch = (q: string) => mini.search(q, { prefix: true, fuzzy: 0.2, boost: { name: 2 } }).slice(0, 10);
    const miniTimes = await timeEach(queries, (q) => miniSearch(q.query));
    const miniFound = queries.filter((q) => miniSearch(q.query).some((r) => r.id === q.person)).length;
    const miniPrefix = await timeEach(typed, miniSearch);
    report({ name: `${tag}   peer: MiniSearch, one-typo queries p50 / p99`, value: round(percentile(miniTimes, 0.5)), unit: 'ms', note: `p99 ${round(percentile(miniTimes, 0.99))} ms; found ${miniFound}/${queries.length}; prefixes p50 ${round(percentile(miniPrefix, 0.5))} p99 ${round(percentile(miniPrefix, 0.99))} ms; index ${Math.round(miniBuild)} ms` });
    const fuse = new Fuse(docs, { keys: ['name', 'org'], threshold: 0.4, ignoreLocation: true });
    const fuseQueries = queries.slice(0, size > 30_000 ? 20 : 60);
    const fuseTimes = await timeEach(fuseQueries, (q) => fuse.search(q.query, { limit: 10 }));
    const fuseFound = fuseQueries.filter((q) => fuse.search(q.query, { limit: 10 }).some((r) => r.refIndex === q.person)).length;
    report({ name: `${tag}   peer: Fuse.js, one-typo queries p50 / p99`, value: round(percentile(fuseTimes, 0.5)), unit: 'ms', note: `p99 ${round(percentile(fuseTimes, 0.99))} ms; found ${fuseFound}/${fuseQueries.length}` });

    // The list at several offsets.
    for (const at of [0, 0.1, 0.5, 0.9]) {
      const offset = Math.floor(size * at);
      const times = await timeEach(Array.from({ length: 20 }, () => offset), (o) => services.contacts.list(scope, contactListQuerySchema.parse({ limit: 50, offset: o })));
      report({ name: `${tag} contacts page of 50 at offset ${offset.toLocaleString('en')}`, value: round(percentile(times, 0.5)), unit: 'ms', note: `p99 ${round(percentile(times, 0.99))} ms` });
    }

    if (size === 30_000 || process.env.BENCH_HTTP_ALL) {
      const app = await buildApp({ services, workspaceId, logLevel: 'silent' });
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
        const hello = await helloWorldThroughput(seconds);
        const list = await hammer(`${address}/api/contacts?limit=50`, seconds);
        report({ name: `${tag} GET /api/contacts?limit=50, 10 connections`, value: list.rps, unit: 'req/s', note: `p50 ${list.p50} ms, p99 ${list.p99} ms, ${list.errors} errors; Fastify hello-world in the same run ${hello} req/s (${((list.rps / hello) * 100).toFixed(1)}%)` });
        const search = await hammer(`${address}/api/contacts?limit=20&q=jonh%20smth`, seconds);
        report({ name: `${tag} GET /api/contacts?q=jonh smth, 10 connections`, value: search.rps, unit: 'req/s', note: `p50 ${search.p50} ms, p99 ${search.p99} ms, ${search.errors} errors` });
      } finally {
        await app.close();
      }
    }
  } finally {
    await tdb.destroy();
  }
}

export async function benchSearchAndList(report: (f: Figure) => void): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '3000,30000,100000').split(',').map(Number).filter((n) => n > 0);
  const engines: TestEngine[] = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').filter((e): e is TestEngine => e === 'sqlite' || e === 'postgres');
  const reachable = await isPostgresReachable();
  for (const engine of engines) {
    if (engine === 'postgres' && !reachable) {
      console.log('PostgreSQL is not reachable: its search and list figures are left out');
      continue;
    }
    for (const size of sizes) await benchSize(engine, size, report);
  }
}

// `node dist/test/bench/search-list.bench.js` runs it on its own.
if (process.argv[1]?.endsWith('search-list.bench.js')) {
  await benchSearchAndList((f) => console.log(`${f.name.padEnd(72)} ${String(f.value).padStart(9)} ${f.unit}${f.note ? `  ${f.note}` : ''}`));
}
