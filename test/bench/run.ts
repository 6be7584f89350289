/**
 * `npm run bench`: speed is measured here, never in tests. Prints one line per measurement
 * (median of several runs, after a warm-up) for the engine alone, Today and the contacts list
 * on a real database of 30,000 contacts and 150,000 conversations (SQLite and PostgreSQL), and
 * the 30,000-row LinkedIn import; and server mode with many workspaces (server.bench.ts).
 */
import { buildSyntheticWorkspace } from '../support/synthetic-workspace.js';
import { benchComputeActions } from './engine.bench.js';
import { contactListQuerySchema } from '../../src/contracts/contact.schema.js';
import { conversationCreateSchema } from '../../src/contracts/conversation.schema.js';
import { createServices } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestDatabase, isPostgresReachable, type TestEngine } from '../support/test-database.js';
import { seedWorkspace } from './seed-workspace.js';

interface Row {
  name: string;
  ms: number;
  note?: string;
}
const rows: Row[] = [];
const report = (row: Row) => {
  rows.push(row);
  console.log(`${row.name.padEnd(64)} ${String(row.ms).padStart(9)} ms${row.note ? `  ${row.note}` : ''}`);
};

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

async function benchDatabase(engine: TestEngine): Promise<void> {
  const input = buildSyntheticWorkspace();
  const tdb = await createTestDatabase(engine);
  try {
    const services = createServices({ db: tdb.db, clock: fixedClock(input.now) });
    const { id: workspaceId } = await services.workspaces.create('bench');
    const scope = { workspaceId };
    const t0 = performance.now();
    await seedWorkspace(tdb.db, workspaceId, input);
    report({ name: `[${engine}] seed 30k contacts, 150k conversations`, ms: Math.round(performance.now() - t0), note: '(setup)' });
    const t1 = performance.now();
    const first = await services.playbook.recompute(scope);
    report({ name: `[${engine}] first recompute (creates the actions)`, ms: Math.round(performance.now() - t1), note: `${first.created} actions` });
    report({ name: `[${engine}] load the playbook's facts from the database`, ms: await median(5, () => services.playbook.loadInput(scope)) });
    report({ name: `[${engine}] recompute, nothing changed (from memory: engine + reconcile)`, ms: await median(5, () => services.playbook.recompute(scope)) });
    report({ name: `[${engine}] Today, facts unchanged since the last computation`, ms: await median(7, () => services.playbook.today(scope)) });
    const someone = input.contacts[0];
    let n = 0;
    report({
      name: `[${engine}] Today right after an edit of a contact's name (recompute + read)`,
      ms: await median(7, async () => {
        n += 1;
        if (someone) await tdb.db.kysely.updateTable('contacts').set({ display_name: `${someone.displayName} ${n}` }).where('id', '=', someone.id).execute();
        await services.playbook.today(scope);
      }),
    });
    report({
      name: `[${engine}] Today right after an edit of a contact's notes (nothing the rules read)`,
      ms: await median(7, async () => {
        n += 1;
        if (someone) await tdb.db.kysely.updateTable('contacts').set({ notes: `Note ${n}` }).where('id', '=', someone.id).execute();
        await services.playbook.today(scope);
      }),
    });
    // The edit that matters most: a networking meeting logged (a thank-you and a call to propose).
    const people = input.contacts.slice(100, 200);
    const logMeeting = () => {
      n += 1;
      const person = people[n % people.length];
      return services.conversations.create(
        scope,
        conversationCreateSchema.parse({ kind: 'networking-interview', startsAt: new Date(Date.parse(input.now) - 3_600_000).toISOString(), participants: [{ contactId: person?.id }] }),
      );
    };
    const editTimes: number[] = [];
    report({
      name: `[${engine}] Today right after logging a meeting (recompute + read)`,
      ms: await median(7, async () => {
        await logMeeting();
        const t0 = performance.now();
        await services.playbook.today(scope);
        editTimes.push(performance.now() - t0);
      }),
      note: '(includes logging the meeting)',
    });
    editTimes.sort((a, b) => a - b);
    report({ name: `[${engine}]   of which Today itself`, ms: Math.round((editTimes[Math.floor(editTimes.length / 2)] ?? 0) * 10) / 10 });

    report({
      name: `[${engine}] Today right after an edit, in a process that starts cold (CLI)`,
      ms: await median(3, async () => {
        await logMeeting();
        await createServices({ db: tdb.db, clock: fixedClock(input.now) }).playbook.today(scope);
      }),
    });

    const list = (q: object) => services.contacts.list(scope, contactListQuerySchema.parse(q));
    report({ name: `[${engine}] contacts list, first page of 100 by name`, ms: await median(7, () => list({ limit: 100 })) });
    report({ name: `[${engine}] contacts search "son" (substring, 30k rows)`, ms: await median(7, () => list({ q: 'son', limit: 100 })) });
    report({ name: `[${engine}] contacts list, page at offset 20,000`, ms: await median(7, () => list({ limit: 100, offset: 20_000 })) });
  } finally {
    await tdb.destroy();
  }
}

async function main(): Promise<void> {
  const engine = benchComputeActions();
  report({ name: `engine alone: computeActions (${engine.contacts} contacts, ${engine.conversations} conversations)`, ms: engine.ms, note: `min ${engine.minMs} ms, ${engine.actions} actions` });
  // BENCH_ONLY=playbook|search|import|mail|server, BENCH_SIZES=3000,30000,100000 (search and lists) and BENCH_ENGINES=sqlite,postgres narrow a run while working on one thing.
  const only = process.env.BENCH_ONLY;
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  if (only === undefined || only === 'server') {
    // Server mode at scale: many workspaces, a real server process, people over HTTP (server.bench.ts).
    if (await isPostgresReachable()) {
      const { benchServer } = await import('./server.bench.js');
      await benchServer(report);
    } else console.log('server-mode benchmark skipped: PostgreSQL is not reachable');
  }
  if (only === 'server') return;
  if (only !== 'import' && only !== 'search' && only !== 'mail') {
    if (engines.includes('sqlite')) await benchDatabase('sqlite');
    if (engines.includes('postgres') && (await isPostgresReachable())) await benchDatabase('postgres');
  }
  if (only === 'playbook') return;
  if (only === undefined || only === 'search') {
    const { benchSearchAndList } = await import('./search-list.bench.js');
    await benchSearchAndList((f) => console.log(`${f.name.padEnd(64)} ${String(f.value).padStart(9)} ${f.unit}${f.note ? `  ${f.note}` : ''}`));
  }
  if (only === 'search') return;
  if (only === undefined || only === 'mail') {
    const { benchMailImport } = await import('./mail-import.bench.js');
    for (const r of await benchMailImport()) report(r);
  }
  if (only === 'mail') return;
  try {
    const mod = (await import('./import.bench.js')) as { benchImport?: () => Promise<Array<{ name: string; ms: number; rows: number }>> };
    for (const r of (await mod.benchImport?.()) ?? []) report({ name: r.name, ms: Math.round(r.ms), note: `${r.rows} rows` });
  } catch (error) {
    console.log(`import benchmark unavailable: ${String(error)}`);
  }
  const { benchImportMemory } = await import('./import-memory.bench.js');
  for (const f of await benchImportMemory()) report({ name: f.name, ms: Math.round(f.ms), note: `peak ${f.peakMb} MB RSS${f.note ? `, ${f.note}` : ''}` });
}

await main();
