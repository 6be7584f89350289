import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationCreateSchema } from '../../src/contracts/conversation.schema.js';
import { opportunityCreateSchema } from '../../src/contracts/opportunity.schema.js';
import { adviceCreateSchema, referralCreateSchema } from '../../src/contracts/referral.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { LOGGED_FACT_TABLES } from '../../src/db/dialects/change-log.js';
import { FACT_COLUMNS } from '../../src/db/repositories/playbook-facts.repository.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/** Columns that filter the facts rather than being selected: a change to them changes which records the playbook sees. */
const FILTER_COLUMNS: Record<string, readonly string[]> = { contacts: ['deleted_at'], organizations: ['deleted_at'], conversations: ['starts_at', 'status'] };

/**
 * The playbook remembers a workspace's facts and reloads only what the change log names, so a
 * write to a column it reads that is not logged would leave its memory — and Today — stale
 * until the next day. Every column it reads must be logged; a write to any other column (a
 * contact's notes) must not cost a recomputation.
 */
describe.skipIf(!available)(`the change log on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let ws: string;
  /** The record of each logged table the test writes to, and alternatives for foreign keys. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock: fixedClock('2026-03-03T17:00:00.000Z') });
    ws = (await services.workspaces.create('log')).id;
    const scope = { workspaceId: ws };
    const stan = await services.contacts.create(scope, buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme' }));
    const ann = await services.contacts.create(scope, buildContact({ givenName: 'Ann', familyName: 'Lee', organizationName: 'Globex' }));
    const bob = await services.contacts.create(scope, buildContact({ givenName: 'Bob', familyName: 'Marsh' }));
    await services.targets.add(scope, targetAddSchema.parse({ organizationName: 'Globex', motivation: 3, posting: 3 }));
    const meeting = await services.conversations.create(scope, conversationCreateSchema.parse({ kind: 'networking-meeting', startsAt: '2026-03-02T10:00:00Z', participants: [{ contactId: stan.id }] }));
    const other = await services.conversations.create(scope, conversationCreateSchema.parse({ kind: 'call', startsAt: '2026-03-01T10:00:00Z', participants: [{ contactId: ann.id }] }));
    await services.referrals.create(scope, referralCreateSchema.parse({ fromContactId: stan.id, toContactId: ann.id }));
    await services.advice.create(scope, adviceCreateSchema.parse({ contactId: stan.id, kind: 'book', title: 'What Color Is Your Parachute?' }));
    const job = await services.opportunities.create(scope, opportunityCreateSchema.parse({ organizationName: 'Acme', title: 'Engineering Manager', stage: 'interviewing', interviewerIds: [ann.id] }));
    const otherJob = await services.opportunities.create(scope, opportunityCreateSchema.parse({ organizationName: 'Globex', title: 'Director', stage: 'applied' }));
    const globex = (await services.organizations.findByName(scope, 'Globex'))!;
    Object.assign(ids, { contact: stan.id, otherContact: bob.id, organization: stan.organizationId!, otherOrganization: globex.id, conversation: meeting.id, otherConversation: other.id, opportunity: job.id, otherOpportunity: otherJob.id });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });

  it('every column the playbook reads, or filters its facts by, is logged', () => {
    for (const [table, columns] of Object.entries(FACT_COLUMNS)) {
      const logged = LOGGED_FACT_TABLES[table];
      expect(logged, table).toBeDefined();
      const read = [...columns, ...(FILTER_COLUMNS[table] ?? [])].filter((c) => c !== logged!.primaryKey);
      expect(read.filter((c) => !logged!.columns.includes(c)), `${table}: read but not logged`).toEqual([]);
    }
  });

  /** A different valid value for a column of the record (`row`). */
  const newValue = (column: string, row: Record<string, unknown>, dataType: string): unknown => {
    const current = row[column];
    if (column === 'deleted_at' || column.endsWith('_at')) return '2025-06-01T08:00:00.000Z';
    if (/(^|_)contact_id$|_interviewer_id$/.test(column)) return current === ids.otherContact ? ids.contact : ids.otherContact;
    if (/organization_id$/.test(column)) return current === ids.otherOrganization ? ids.organization : ids.otherOrganization;
    if (column === 'opportunity_id') return current === ids.otherOpportunity ? ids.opportunity : ids.otherOpportunity;
    if (column === 'conversation_id') return ids.otherConversation;
    if (typeof current === 'number' || /int/i.test(dataType)) return (Number(current ?? 0) || 0) + 1;
    return `changed ${String(current ?? '')}`;
  };

  const logState = async () => {
    const entries = await tdb.db.kysely.selectFrom('change_log').select(['table_name', 'record_id']).where('workspace_id', '=', ws).orderBy('seq').execute();
    const version = (await tdb.db.kysely.selectFrom('workspaces').select('data_version').where('id', '=', ws).executeTakeFirstOrThrow()).data_version;
    return { entries, version: Number(version) };
  };

  it('a write to a column the playbook reads is logged with its record and makes a new data version; a write to any other is neither', async () => {
    const db = tdb.db.kysely;
    const tables = await db.introspection.getTables();
    for (const [table, spec] of Object.entries(LOGGED_FACT_TABLES)) {
      const meta = tables.find((t) => t.name === table);
      expect(meta, table).toBeDefined();
      const others = meta!.columns
        .map((c) => c.name)
        .filter((c) => !spec.columns.includes(c) && c !== 'workspace_id' && c !== spec.primaryKey && !c.endsWith('_id'));
      for (const column of [...spec.columns, ...others]) {
        const row = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where workspace_id = ${ws} limit 1`.execute(db)).rows[0];
        expect(row, `a row of ${table}`).toBeDefined();
        const key = String(row![spec.key]);
        // Link tables have no single key: the row is its two ids.
        const owner = table === 'conversation_participants' ? 'conversation_id' : 'opportunity_id';
        const where = spec.primaryKey ? sql`${sql.ref(spec.primaryKey)} = ${row![spec.primaryKey]}` : sql`${sql.ref(owner)} = ${row![owner]} and contact_id = ${row!.contact_id}`;
        const value = newValue(column, row!, meta!.columns.find((c) => c.name === column)?.dataType ?? 'text');
        const before = await logState();
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where workspace_id = ${ws} and (${where})`.execute(db);
        const after = await logState();
        const added = after.entries.slice(before.entries.length).filter((e) => e.table_name === table);
        if (spec.columns.includes(column)) {
          // A moved link row is logged under its old owner and its new one.
          expect(added.map((e) => e.record_id), `${table}.${column} is logged`).toContain(column === spec.key ? String(value) : key);
          if (column === spec.key) expect(added.map((e) => e.record_id), `${table}.${column}: the old owner is logged`).toContain(key);
          expect(after.version, `${table}.${column} makes a new data version`).toBeGreaterThan(before.version);
        } else {
          expect(added, `${table}.${column} is not logged`).toEqual([]);
          expect(after.version, `${table}.${column} keeps the data version`).toBe(before.version);
        }
      }
    }
  });
});
