import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adviceCreateSchema, adviceUpdateSchema, referralCreateSchema, referralUpdateSchema } from '../../src/contracts/referral.schema.js';
import { contactUpdateSchema } from '../../src/contracts/contact.schema.js';
import { conversationCreateSchema, conversationUpdateSchema, type ConversationCreateInput } from '../../src/contracts/conversation.schema.js';
import { opportunityCreateSchema, opportunityRejectSchema } from '../../src/contracts/opportunity.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { beginBulkWrite, endBulkWrite } from '../../src/db/dialects/change-log.js';
import { createServices, type Services } from '../../src/services/index.js';
import { PlaybookService } from '../../src/services/playbook.service.js';
import { fixedClock, uuidV7Ids } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { generateLinkedInCsv } from '../support/generators/linkedin-csv.generator.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/**
 * The playbook keeps a workspace's facts in memory and reloads only the records the change log
 * names. Whatever happens — edits in this process, writes from another process (the CLI), bulk
 * writes, deletions — a process that starts cold and computes everything from the database must
 * find nothing to change: the remembered computation gave the same actions.
 */
describe.skipIf(!available)(`the playbook's memory of a workspace on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let warm: Services;
  let other: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T17:00:00.000Z'); // Tue 3 Mar 2026
  const scope = () => ({ workspaceId });
  const log = (s: Services, input: ConversationCreateInput) => s.conversations.create(scope(), conversationCreateSchema.parse(input));
  const all = async (s: Services) => {
    const t = await s.playbook.today(scope());
    return [...t.overdue, ...t.dueToday, ...t.comingUp];
  };
  /** A process with nothing in memory recomputes from the database alone. */
  const coldRecompute = () => createServices({ db: tdb.db, clock }).playbook.recompute(scope());

  beforeAll(async () => {
    tdb = await createTestDatabase();
    warm = createServices({ db: tdb.db, clock });
    other = createServices({ db: tdb.db, clock });
    workspaceId = (await warm.workspaces.create('memory')).id;
  });
  afterAll(async () => {
    await tdb?.destroy();
  });

  it('after every kind of edit, from this process or another, gives what a cold computation gives', async () => {
    const stan = await warm.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', emails: [{ value: 'stan@acme.test' }], organizationName: 'Acme' }));
    const maria = await warm.contacts.create(scope(), buildContact({ givenName: 'María', familyName: 'Ortiz', organizationName: 'Acme' }));
    await warm.targets.add(scope(), targetAddSchema.parse({ organizationName: 'Globex', motivation: 3, posting: 3 }));
    expect((await all(warm)).map((a) => a.ruleId)).toContain('target-gap');

    // A networking interview in which Stan offers a name: thank-you, next-day call, reach the referral.
    const meeting = await log(warm, { kind: 'networking-interview', startsAt: '2026-03-03T15:00:00Z', participants: [{ contactId: stan.id }], outcomes: { namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron' } }] } });
    expect((await all(warm)).map((a) => a.ruleId)).toEqual(expect.arrayContaining(['next-day-call', 'reach-referral', 'thank-you']));
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });

    // A rename shows in the reasons at once.
    const fresh = await warm.contacts.get(scope(), stan.id);
    await warm.contacts.update(scope(), stan.id, contactUpdateSchema.parse({ version: fresh.version, givenName: 'Stanley' }));
    expect((await all(warm)).find((a) => a.ruleId === 'thank-you')?.reason).toMatch(/Stanley Fields/);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });

    // He moves to the target company, which is no longer a gap; then back, and it is again.
    const gapAt = async (name: string) => (await all(warm)).some((a) => a.ruleId === 'target-gap' && a.subjects.some((s) => s.label === name));
    expect(await gapAt('Globex')).toBe(true);
    let current = await warm.contacts.get(scope(), stan.id);
    await warm.contacts.update(scope(), stan.id, contactUpdateSchema.parse({ version: current.version, organizationName: 'Globex' }));
    expect(await gapAt('Globex')).toBe(false);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
    current = await warm.contacts.get(scope(), stan.id);
    await other.contacts.update(scope(), stan.id, contactUpdateSchema.parse({ version: current.version, organizationName: 'Acme' }));
    expect(await gapAt('Globex')).toBe(true);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });

    // Another process (the CLI) logs the thank-you email and dismisses the call: this process sees both.
    const thankYou = (await all(warm)).find((a) => a.ruleId === 'thank-you');
    const call = (await all(warm)).find((a) => a.ruleId === 'next-day-call');
    await other.playbook.complete(scope(), thankYou!.id, { logConversation: true, note: null });
    await other.playbook.dismiss(scope(), call!.id);
    const afterOther = await all(warm);
    expect(afterOther.map((a) => a.ruleId)).not.toContain('thank-you');
    expect(afterOther.map((a) => a.ruleId)).not.toContain('next-day-call');
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });

    // The referral is met; advice is taken; an opportunity is rejected; an email goes unanswered.
    const referral = (await warm.referrals.list(scope(), {}))[0]!;
    await other.referrals.update(scope(), referral.id, referralUpdateSchema.parse({ version: referral.version, status: 'met' }));
    const advice = await warm.advice.create(scope(), adviceCreateSchema.parse({ contactId: maria.id, kind: 'book', title: 'The 2-Hour Job Search' }));
    await warm.advice.update(scope(), advice.id, adviceUpdateSchema.parse({ version: advice.version, status: 'done' }));
    const opportunity = await warm.opportunities.create(scope(), opportunityCreateSchema.parse({ organizationName: 'Acme', title: 'Engineering Manager', stage: 'interviewing', interviewerIds: [maria.id] }));
    await warm.opportunities.reject(scope(), opportunity.id, opportunityRejectSchema.parse({ version: opportunity.version, rapportInterviewerId: maria.id }));
    await log(other, { kind: 'email', startsAt: '2026-02-24T10:00:00Z', direction: 'outbound', awaitingReply: true, participants: [{ contactId: maria.id }] });
    await other.referrals.create(scope(), referralCreateSchema.parse({ fromContactId: maria.id, toOrganizationId: (await warm.organizations.findByName(scope(), 'Globex'))!.id }));
    const rules = (await all(warm)).map((a) => a.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['advice-update', 'ask-feedback', '3b7']));
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });

    // The meeting is moved to a date with nothing left to do, then deleted; a contact is removed.
    const m = await warm.conversations.get(scope(), meeting.id);
    await warm.conversations.update(scope(), meeting.id, conversationUpdateSchema.parse({ version: m.version, startsAt: '2025-01-06T15:00:00Z' }));
    await all(warm);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
    await warm.conversations.remove(scope(), meeting.id);
    await other.contacts.remove(scope(), maria.id, 'remove');
    const afterRemoval = await all(warm);
    expect(afterRemoval.map((a) => a.ruleId)).not.toContain('ask-feedback');
    expect(afterRemoval.flatMap((a) => a.recipients.map((r) => r.displayName))).not.toContain('María Ortiz');
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
  });

  it('a bulk write (an import) is seen whole', async () => {
    await all(warm);
    const before = (await all(warm)).length;
    // Written with per-row logging off: only the bulk entry says that anything changed.
    await tdb.db.kysely.transaction().execute(async (trx) => {
      await beginBulkWrite(trx, workspaceId);
      await trx
        .updateTable('contacts')
        .set({ cadence_ideal_days: 7, cadence_max_days: 14, created_at: '2026-01-01T00:00:00.000Z' })
        .where('workspace_id', '=', workspaceId)
        .where('deleted_at', 'is', null)
        .execute();
      await endBulkWrite(trx, workspaceId);
    });
    const after = await all(warm);
    expect(after.filter((a) => a.ruleId === 'keep-in-touch').length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(before);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
  });

  it('a large import is logged as one change and seen whole: someone at a target company covers the gap', async () => {
    const gaps = async () => (await all(warm)).filter((a) => a.ruleId === 'target-gap').map((a) => a.subjects[0]?.label);
    expect(await gaps()).toContain('Globex');
    const entries = async () => Number((await tdb.db.kysely.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).n);
    const before = await entries();
    const file = `${generateLinkedInCsv(700, 7)}\nGrace,Hopper,https://www.linkedin.com/in/grace-hopper-globex,,Globex,Director of Engineering,15 Jan 2026`;
    const result = await other.imports.importFile(scope(), Buffer.from(file, 'utf8'));
    expect(result.created).toBeGreaterThan(600);
    expect(await entries()).toBe(before + 1);
    expect(await gaps()).not.toContain('Globex');
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
    // Importing it again changes nothing and logs nothing.
    const logged = await entries();
    await other.imports.importFile(scope(), Buffer.from(file, 'utf8'));
    expect(await entries()).toBe(logged);
  });

  it('an edit of what the playbook does not read (notes, a title) is no reason to recompute', async () => {
    const ada = await warm.contacts.create(scope(), buildContact({ givenName: 'Ada', familyName: 'Lovelace', organizationName: 'Analytical' }));
    await warm.playbook.ensureFresh(scope());
    let current = await warm.contacts.get(scope(), ada.id);
    current = await warm.contacts.update(scope(), ada.id, contactUpdateSchema.parse({ version: current.version, notes: 'Met at the meetup', title: 'Engineer' }));
    expect((await warm.playbook.ensureFresh(scope())).recomputed).toBe(false);
    await warm.contacts.update(scope(), ada.id, contactUpdateSchema.parse({ version: current.version, givenName: 'Augusta Ada' }));
    expect((await warm.playbook.ensureFresh(scope())).recomputed).toBe(true);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
  });

  it('a pruned change log: every process goes on giving what a cold computation gives', async () => {
    const pruning = new PlaybookService({ db: tdb.db, clock, ids: uuidV7Ids, settings: warm.settings, conversations: warm.conversations }, 3);
    const behind = createServices({ db: tdb.db, clock });
    await pruning.today(scope());
    // Computes (today() would find the computation just made fresh), so `behind` remembers this point.
    await behind.playbook.recompute(scope());
    const entries = async () => Number((await tdb.db.kysely.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).n);
    const grace = await warm.contacts.create(scope(), buildContact({ givenName: 'Grace', familyName: 'Brewster' }));
    const meetings = [];
    for (const day of ['2026-03-02T10:00:00Z', '2026-03-03T09:00:00Z']) meetings.push(await log(warm, { kind: 'networking-meeting', startsAt: day, participants: [{ contactId: grace.id }] }));
    const seen = await pruning.today(scope());
    // Pruned past what `behind` saw.
    expect(await entries()).toBeLessThanOrEqual(1);
    const afterBehind = await behind.playbook.today(scope());
    const ids = (t: typeof seen) => [...t.overdue, ...t.dueToday, ...t.comingUp].map((a) => a.id).sort();
    expect(ids(afterBehind)).toEqual(ids(seen));
    expect((await all(warm)).some((a) => a.ruleId === 'thank-you' && a.recipients.some((r) => r.displayName === 'Grace Brewster'))).toBe(true);
    // What `behind` now remembers must be whole. Renamed, Grace's thank-you names her anew —
    // which `behind` gets right only if it reloaded what the pruned entries named (her meetings,
    // the actions `pruning` stored), not just the entries left after the pruning.
    const current = await warm.contacts.get(scope(), grace.id);
    await warm.contacts.update(scope(), grace.id, contactUpdateSchema.parse({ version: current.version, familyName: 'Hopper' }));
    const renamed = await behind.playbook.today(scope());
    const thanks = (t: typeof seen) => [...t.overdue, ...t.dueToday, ...t.comingUp].filter((a) => a.ruleId === 'thank-you' && a.title.includes('Grace'));
    // One open thank-you per person: for the latest meeting (Tue 3 Mar), due Wed 4 Mar.
    expect(thanks(renamed)).toEqual([expect.objectContaining({ title: 'Thank Grace Hopper', dueOn: '2026-03-04' })]);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
    // The latest meeting deleted, the thank-you goes back to the one before (due Tue 3 Mar).
    await warm.conversations.remove(scope(), meetings[1]!.id);
    expect(thanks(await behind.playbook.today(scope()))).toEqual([expect.objectContaining({ title: 'Thank Grace Hopper', dueOn: '2026-03-03' })]);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
  });

  it('a new day recomputes everything for that day', async () => {
    await all(warm);
    clock.set('2026-03-10T17:00:00.000Z');
    await all(warm);
    expect(await coldRecompute()).toEqual({ created: 0, updated: 0, obsolete: 0 });
    clock.set('2026-03-03T17:00:00.000Z');
  });
});
