import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionCompleteSchema } from '../../src/contracts/action.schema.js';
import { adviceUpdateSchema } from '../../src/contracts/referral.schema.js';
import { storedIdentity } from '../../src/domain/playbook/identity.js';
import type { RecordRef, RuleId } from '../../src/domain/playbook/playbook.types.js';
import { AppError } from '../../src/services/errors.js';
import { createServices } from '../../src/services/index.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';
import { startScenario, type Scenario } from './scenario.js';

const available = await engineAvailable();

/**
 * Issue 12, the property: whatever a person does — log conversations now or weeks late, be
 * offered names, merge two records of one person, delete people and conversations, be turned
 * down, act on advice, tick actions done, let days pass — Today never holds two open actions
 * with one identity (what is asked, of whom, about which outcome), and computing Today again
 * from nothing (a fresh process, no cache) finds exactly what the running one holds.
 */
const KINDS = ['networking-interview', 'networking-meeting', 'call', 'email', 'informational-interview'] as const;

type Op =
  | { t: 'log'; kind: (typeof KINDS)[number]; daysAgo: number; who: number[]; offer: number[]; newName: boolean; advice: boolean }
  | { t: 'round'; opp: number; daysAgo: number; who: number }
  | { t: 'reject'; opp: number; who: number }
  | { t: 'merge'; keep: number; away: number }
  | { t: 'deleteContact'; who: number }
  | { t: 'deleteConversation'; n: number }
  | { t: 'complete'; n: number }
  | { t: 'adviceDone'; n: number }
  | { t: 'pass'; days: number };

// Four people, two of them one person entered twice: merges and shared names happen often.
const person = fc.nat({ max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('log' as const), kind: fc.constantFrom(...KINDS), daysAgo: fc.integer({ min: 0, max: 60 }), who: fc.uniqueArray(person, { minLength: 1, maxLength: 2 }), offer: fc.uniqueArray(person, { maxLength: 2 }), newName: fc.boolean(), advice: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('round' as const), opp: fc.nat({ max: 1 }), daysAgo: fc.integer({ min: 0, max: 30 }), who: person }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reject' as const), opp: fc.nat({ max: 1 }), who: person }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('merge' as const), keep: person, away: person }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteContact' as const), who: person }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteConversation' as const), n: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('complete' as const), n: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('adviceDone' as const), n: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pass' as const), days: fc.integer({ min: 1, max: 9 }) }) },
);

const NAMES = ['Bruce Lin', 'Bruce Lin', 'Maria Lopez', 'Ada Byron', 'Stan Fields', 'Ken Ito'];
const ORGS = ['Acme', 'Acme', 'Globex', 'Initech', 'Acme Robotics', undefined];
const at = (t: Scenario, daysAgo: number) => new Date(t.clock.now().getTime() - daysAgo * 86_400_000 - 3_600_000).toISOString();

/** Performs one step; a step the records refuse (a merge of someone deleted, a duplicate) is a user's mistake and changes nothing. */
async function perform(t: Scenario, people: (string | null)[], opps: string[], conversations: string[], o: Op): Promise<void> {
  const alive = (i: number) => people[i] ?? null;
  try {
    switch (o.t) {
      case 'log': {
        const ids = o.who.map(alive).filter((x): x is string => x !== null);
        if (ids.length === 0) return;
        const offered = o.offer.map(alive).filter((x): x is string => x !== null && !ids.includes(x));
        const names = [...offered.map((contactId) => ({ contactId })), ...(o.newName ? [{ newContact: { givenName: 'New', familyName: `Person ${conversations.length}` } }] : [])];
        const r = await t.log(o.kind, at(t, o.daysAgo), ids, {
          outcomes: { namesOffered: names, companiesSuggested: [], advice: o.advice ? [{ kind: 'book', title: `Book ${conversations.length}` }] : [] },
        } as never);
        conversations.push(r.id);
        return;
      }
      case 'round': {
        const who = alive(o.who);
        if (who) await t.round(opps[o.opp]!, at(t, o.daysAgo), [who]);
        return;
      }
      case 'reject': {
        const opp = await t.s.opportunities.get(t.scope, opps[o.opp]!);
        if (opp.stage !== 'rejected') await t.reject(opps[o.opp]!, alive(o.who));
        return;
      }
      case 'merge': {
        const keep = alive(o.keep);
        const away = alive(o.away);
        if (!keep || !away || keep === away) return;
        await t.s.imports.merge(t.scope, keep, away);
        people[o.away] = null;
        return;
      }
      case 'deleteContact': {
        const who = alive(o.who);
        if (!who) return;
        await t.s.contacts.remove(t.scope, who, 'keep-history');
        people[o.who] = null;
        return;
      }
      case 'deleteConversation': {
        if (conversations.length === 0) return;
        const [id] = conversations.splice(o.n % conversations.length, 1);
        await t.s.conversations.remove(t.scope, id!);
        return;
      }
      case 'complete': {
        const open = await t.open();
        const a = open[o.n % Math.max(1, open.length)];
        if (a) await t.s.playbook.complete(t.scope, a.id, actionCompleteSchema.parse({}));
        return;
      }
      case 'adviceDone': {
        const items = (await t.s.advice.list(t.scope, {})).filter((a) => a.status !== 'done');
        const item = items[o.n % Math.max(1, items.length)];
        if (item) await t.s.advice.update(t.scope, item.id, adviceUpdateSchema.parse({ version: item.version, status: 'done' }));
        return;
      }
      case 'pass':
        t.clock.advanceMs(o.days * 86_400_000);
        return;
    }
  } catch (e) {
    // Refusals the product gives a person (a duplicate, a record gone, an invalid value) are
    // expected in random sequences; anything else is a bug.
    if (!(e instanceof AppError) || !['conflict', 'not_found', 'invalid'].includes(e.code)) throw e;
  }
}

describe.skipIf(!available)(`Today's actions are one per fact, whatever happens, on ${testEngine}`, () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.destroy();
  });

  it('after random sequences of logging, backfilling, merging, deleting and completing: no two open actions share an identity, and a fresh recompute changes nothing', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 18 }), async (ops) => {
        const t = await startScenario(tdb, '2026-03-03T17:00:00.000Z');
        const people: (string | null)[] = [];
        for (const [i, name] of NAMES.entries()) people.push(await t.person(name, { ...(ORGS[i] ? { org: ORGS[i] } : {}), force: true }));
        const opps = [await t.opportunity('Robotics Engineer', 'Acme Robotics'), await t.opportunity('Data Analyst', 'Globex')];
        const conversations: string[] = [];
        for (const o of ops) {
          await perform(t, people, opps, conversations, o);
          await t.today();
        }

        const rows = await tdb.db.kysely
          .selectFrom('actions')
          .select(['id', 'key', 'rule_id', 'recipients', 'subjects', 'title'])
          .where('workspace_id', '=', t.scope.workspaceId)
          .where('status', 'in', ['open', 'snoozed'])
          .where('key', 'is not', null)
          .execute();
        const seen = new Map<string, string>();
        for (const r of rows) {
          const recipients = JSON.parse(r.recipients) as string[];
          const subjects = JSON.parse(r.subjects) as RecordRef[];
          const identity = storedIdentity(r.key!, r.rule_id as RuleId | null, recipients, subjects);
          expect(seen.get(identity), `two open actions for ${identity}: "${seen.get(identity)}" and "${r.title}"`).toBeUndefined();
          seen.set(identity, r.title);
        }
        // No person is named twice on one action, nor twice in its sentence.
        const today = await t.today();
        for (const a of today.all) expect(new Set(a.recipients.map((p) => p.id)).size).toBe(a.recipients.length);

        // A new process (no cache) computing from every record agrees with the running one.
        const fresh = createServices({ db: tdb.db, clock: t.clock });
        expect(await fresh.playbook.recompute(t.scope)).toEqual({ created: 0, updated: 0, obsolete: 0 });
        expect(await t.s.playbook.recompute(t.scope)).toEqual({ created: 0, updated: 0, obsolete: 0 });
      }),
      { numRuns: testEngine === 'postgres' ? 10 : 30, seed: 20261203, endOnFailure: true },
    );
  });
});
