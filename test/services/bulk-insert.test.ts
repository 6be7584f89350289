import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRepository } from '../../src/db/repositories/import.repository.js';
import type { NewContactRow } from '../../src/db/schema.js';
import { createServices } from '../../src/services/index.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/**
 * The import's bulk insert (db/dialects/bulk-insert.ts): on PostgreSQL a COPY in text format,
 * where a tab, a line break, a backslash or `\N` in a value means something, so every value
 * must be escaped — and what is stored must be exactly what was given, as with any insert.
 */
describe.skipIf(!available)(`bulk insert on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let repo: ImportRepository;
  let workspaceId: string;
  let serial = 0;

  const row = (text: string | null, i: number): Required<NewContactRow> => ({
    id: `bulk-${++serial}-${i}`,
    workspace_id: workspaceId,
    given_name: text ?? '',
    family_name: `#${i}`,
    display_name: text ?? '',
    sort_name: text ?? '',
    emails: JSON.stringify(text === null ? [] : [{ value: text }]),
    phones: '[]',
    linkedin_url: null,
    organization_id: null,
    title: text,
    location: i % 2 === 0 ? text : null,
    notes: text,
    shared_interests: '[]',
    how_we_met: text,
    introduced_by_id: null,
    search_text: text ?? '',
    version: i + 1,
    deleted_at: null,
    last_interaction_at: null,
    cadence_ideal_days: i % 3 === 0 ? null : i,
    cadence_max_days: null,
    full_name: null,
    department: null,
    created_at: '2026-03-03T09:00:00.000Z',
    updated_at: '2026-03-03T09:00:00.000Z',
  });

  const stored = async (ids: string[]) => {
    const rows = await tdb.db.kysely.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  };
  const count = async () => Number((await tdb.db.kysely.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    repo = new ImportRepository(tdb.db);
    workspaceId = (await createServices({ db: tdb.db }).workspaces.create('bulk')).id;
  });
  afterAll(async () => {
    await tdb?.destroy();
  });

  it('stores tabs, line breaks, backslashes, quotes, emoji and text that looks like COPY syntax exactly as given', async () => {
    const texts: Array<string | null> = [
      'tab\there',
      'line\nbreak',
      'windows\r\nline',
      'lone\rreturn',
      '\\',
      '\\N',
      'N',
      '\\.',
      'first\n\\.\nlast',
      'back\\slash\\n and \\t',
      `"double" 'single' \`back\``,
      'Zoë 🚀 美咲 🇺🇦 Ελένη',
      '',
      ' ',
      '\t',
      '\u0001\u001f\u007f\u0085\u2028',
      null,
    ];
    const rows = texts.map(row);
    await tdb.db.kysely.transaction().execute((trx) => repo.insertContacts(trx, rows, rows.length));
    const back = await stored(rows.map((r) => r.id));
    back.forEach((r, i) => {
      const sent = rows[i]!;
      expect(r, JSON.stringify(texts[i])).toEqual({ ...sent });
    });
  });

  it('round-trips any text without NUL (which PostgreSQL refuses in text whichever way it is sent)', async () => {
    const special = fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', '"', "'", ',', ' ', 'a', 'é', '🚀', '\u0001', '\u007f');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.string({ unit: special, maxLength: 12 }), { nil: null }), { minLength: 1, maxLength: 30 }), async (texts) => {
        const rows = texts.map(row);
        // A generator, as the import gives it: rows made as the insert takes them.
        await tdb.db.kysely.transaction().execute((trx) => repo.insertContacts(trx, rows.values(), rows.length));
        expect(await stored(rows.map((r) => r.id))).toEqual(rows);
      }),
      { numRuns: 40, seed: 20260303 },
    );
  });

  it('writes nothing when a row fails partway through, and the connection serves the next transaction', async () => {
    const before = await count();
    // 2,500 rows (several pieces of COPY text on PostgreSQL), the 2,000th repeating an id.
    const rows = Array.from({ length: 2_500 }, (_, i) => row(`person ${i}`, i));
    rows[1_999] = { ...rows[1_999]!, id: rows[10]!.id };
    const progress: number[] = [];
    await expect(
      tdb.db.kysely.transaction().execute((trx) =>
        repo.insertContacts(trx, rows, rows.length, async (n) => {
          progress.push(n);
        }),
      ),
    ).rejects.toThrow(/unique|duplicate|constraint/i);
    expect(await count()).toBe(before);
    // Progress never counted the rows that were refused.
    expect(progress.reduce((a, b) => a + b, 0)).toBeLessThan(rows.length);
    const next = [row('after the failure', 1)];
    await tdb.db.kysely.transaction().execute((trx) => repo.insertContacts(trx, next, 1));
    expect(await count()).toBe(before + 1);
  });

  it('writes nothing when making the rows fails partway through (the server is told to abandon the COPY)', async () => {
    const before = await count();
    function* rows(): Generator<Required<NewContactRow>> {
      for (let i = 0; i < 2_500; i++) {
        if (i === 1_800) throw new Error('the file went away');
        yield row(`person ${i}`, i);
      }
    }
    await expect(tdb.db.kysely.transaction().execute((trx) => repo.insertContacts(trx, rows(), 2_500))).rejects.toThrow('the file went away');
    expect(await count()).toBe(before);
    const stillAlive = await tdb.db.kysely.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst();
    expect(stillAlive?.id).toBe(workspaceId);
  });

  it('refuses fewer or more rows than announced, and a value that is neither text nor a number', async () => {
    const before = await count();
    const rows = [row('one', 1), row('two', 2)];
    await expect(tdb.db.kysely.transaction().execute((trx) => repo.insertContacts(trx, rows, 3))).rejects.toThrow(/2 rows given, 3 announced/);
    const odd = { ...row('odd', 3), notes: { not: 'text' } } as unknown as Required<NewContactRow>;
    await expect(tdb.db.kysely.transaction().execute((trx) => repo.insertContacts(trx, [odd], 1))).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});
