import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema } from '../../src/contracts/conversation.schema.js';
import { opportunityCreateSchema, opportunityInterviewerSchema, opportunityRoundLogSchema, type OpportunityCreateInput } from '../../src/contracts/opportunity.schema.js';
import { referralCreateSchema } from '../../src/contracts/referral.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { AppError } from '../../src/services/errors.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

describe.skipIf(!available)(`opportunities on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T17:00:00.000Z'); // Tue 3 Mar 2026
  const scope = () => ({ workspaceId });
  const add = (input: OpportunityCreateInput) => s.opportunities.create(scope(), opportunityCreateSchema.parse(input));
  const openActions = async () => {
    await s.playbook.ensureFresh(scope());
    return (await s.playbook.list(scope(), { limit: 200 })).filter((a) => a.status === 'open');
  };
  const code = async (work: Promise<unknown>) => {
    try {
      await work;
      return 'ok';
    } catch (error) {
      return error instanceof AppError ? error.code : String(error);
    }
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    clock.set('2026-03-03T17:00:00.000Z');
    workspaceId = (await s.workspaces.create('test')).id;
  });

  async function people() {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee', organizationName: 'Globex' }));
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme', emails: [{ value: 'stan@acme.test' }] }));
    const referral = await s.referrals.create(scope(), referralCreateSchema.parse({ fromContactId: ann.id, toContactId: stan.id, offeredAt: '2026-02-02T10:00:00Z' }));
    return { ann, stan, referral };
  }

  it('seed 001: three rounds with Stan, rejected, Stan asked for feedback; then Stan refers Roger to his team and the chain is told', async () => {
    const { ann, stan, referral } = await people();
    let dream = await add({ organizationName: 'Acme', title: 'Robotics Engineer', competingCandidates: 2 });
    expect(dream).toMatchObject({ stage: 'lead', source: 'posting', organization: { name: 'Acme' }, roundCount: 0 });

    for (const [i, day] of ['2026-02-10', '2026-02-12', '2026-02-17'].entries()) {
      dream = await s.opportunities.logRound(scope(), dream.id, opportunityRoundLogSchema.parse({ startsAt: `${day}T15:00:00Z`, participants: [{ contactId: stan.id, role: 'interviewer' }], interviewRound: i + 1 }));
    }
    expect(dream.stage).toBe('interviewing');
    expect(dream.roundCount).toBe(3);
    expect(dream.rounds.map((r) => [r.kind, r.interviewRound, r.participants.map((p) => p.displayName)])).toEqual([
      ['job-interview', 1, ['Stan Fields']],
      ['job-interview', 2, ['Stan Fields']],
      ['job-interview', 3, ['Stan Fields']],
    ]);
    expect(dream.interviewers).toEqual([{ id: stan.id, displayName: 'Stan Fields' }]);
    expect(dream.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'lead'],
      ['lead', 'interviewing'],
    ]);

    dream = await s.opportunities.reject(scope(), dream.id, { version: dream.version, rapportInterviewerId: stan.id });
    expect(dream).toMatchObject({ stage: 'rejected', rapportInterviewer: { id: stan.id }, interviewers: [{ id: stan.id, displayName: 'Stan Fields' }] });
    const ask = (await openActions()).find((a) => a.ruleId === 'ask-feedback');
    expect(ask).toMatchObject({ title: 'Ask Stan Fields for feedback', dueOn: '2026-03-06' });
    expect(ask?.reason).toMatch(/Acme turned you down for Robotics Engineer/);

    // Stan calls: another position on his team. The referral Ann made to Stan moves with it.
    let team = await add({ organizationName: 'acme', title: 'Automation Engineer', referrerContactId: stan.id, competingCandidates: 0 });
    expect(team).toMatchObject({ source: 'referral', referrer: { id: stan.id }, organization: { id: dream.organization.id } });
    expect(team.attribution.chain.map((c) => c.displayName)).toEqual(['Ann Lee', 'Stan Fields']);
    expect(team.attribution.sentence).toBe('Ann Lee → Stan Fields → Automation Engineer');

    team = await s.opportunities.move(scope(), team.id, { version: team.version, stage: 'interviewing' });
    expect((await s.referrals.get(scope(), referral.id)).status).toBe('led-to-interview');
    const toldAnn = (await openActions()).filter((a) => a.ruleId === 'close-the-loop' && a.recipients.some((r) => r.id === ann.id));
    expect(toldAnn.map((a) => a.reason).join('\n')).toMatch(/Ann Lee introduced you to Stan Fields, and that chain led to an interview at Acme/);
    // Stan himself referred Roger for this position: he hears how it went too.
    const toldStan = (await openActions()).filter((a) => a.ruleId === 'close-the-loop' && a.recipients.some((r) => r.id === stan.id));
    expect(toldStan).toHaveLength(1);

    clock.set('2026-03-05T17:00:00.000Z');
    team = await s.opportunities.move(scope(), team.id, { version: team.version, stage: 'offer' });
    expect((await s.referrals.get(scope(), referral.id)).status).toBe('led-to-offer');
    expect((await openActions()).some((a) => a.ruleId === 'close-the-loop' && /led to an offer at Acme/.test(a.reason))).toBe(true);
    team = await s.opportunities.move(scope(), team.id, { version: team.version, stage: 'accepted' });
    expect(team.history.map((h) => h.to)).toEqual(['lead', 'interviewing', 'offer', 'accepted']);
    expect(team.stageChangedAt).toBe('2026-03-05T17:00:00.000Z');
  });

  it('checks versions and transitions, and records a step back', async () => {
    const o = await add({ organizationName: 'Initech', title: 'Analyst', stage: 'applied' });
    expect(await code(s.opportunities.move(scope(), o.id, { version: o.version + 1, stage: 'screening' }))).toBe('conflict');
    expect(await code(s.opportunities.move(scope(), o.id, { version: o.version, stage: 'accepted' }))).toBe('invalid');
    const screening = await s.opportunities.move(scope(), o.id, { version: o.version, stage: 'screening' });
    const back = await s.opportunities.move(scope(), o.id, { version: screening.version, stage: 'applied' });
    expect(back.history.map((h) => [h.to, h.backwards])).toEqual([
      ['applied', false],
      ['screening', false],
      ['applied', true],
    ]);
    const withdrawn = await s.opportunities.move(scope(), o.id, { version: back.version, stage: 'withdrawn' });
    expect(await code(s.opportunities.move(scope(), o.id, { version: withdrawn.version, stage: 'rejected' }))).toBe('invalid');
    expect(await code(s.opportunities.update(scope(), o.id, { version: 1, title: 'Stale' }))).toBe('conflict');
    const edited = await s.opportunities.update(scope(), o.id, { version: withdrawn.version, title: 'Senior Analyst', competingCandidates: 4 });
    expect(edited).toMatchObject({ title: 'Senior Analyst', competingCandidates: 4, version: withdrawn.version + 1 });
    expect(await code(add({ organizationName: 'X', title: 'Y', referrerContactId: 'nobody' }))).toBe('invalid');
  });

  it('moves cards on the board: stage and place in the column in one go', async () => {
    const a = await add({ organizationName: 'A', title: 'a', stage: 'applied' });
    const b = await add({ organizationName: 'B', title: 'b', stage: 'applied' });
    const c = await add({ organizationName: 'C', title: 'c', stage: 'lead' });
    await s.opportunities.move(scope(), c.id, { version: c.version, stage: 'applied', position: 0 });
    const column = async () => (await s.opportunities.list(scope(), { stage: 'applied' })).items.map((o) => o.title);
    expect(await column()).toEqual(['c', 'a', 'b']);
    const b2 = await s.opportunities.get(scope(), b.id);
    await s.opportunities.move(scope(), b.id, { version: b2.version, stage: 'applied', position: 1 });
    expect(await column()).toEqual(['c', 'b', 'a']);
    const all = await s.opportunities.list(scope());
    expect(all.items.map((o) => o.stage)).toEqual(['applied', 'applied', 'applied']);
    expect(a.boardPosition).toBe(0);
  });

  it('seed 002: converts the job interview into an informational interview, keeping its people and notes', async () => {
    const { stan } = await people();
    const o = await add({ organizationName: 'Acme', title: 'Night-shift support', notAFit: true });
    const round = await s.conversations.create(
      scope(),
      conversationCreateSchema.parse({ kind: 'job-interview', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id, role: 'interviewer' }], notes: 'Great team, wrong job' }),
    );
    const linked = await s.opportunities.linkRound(scope(), o.id, { conversationId: round.id, round: null });
    expect(linked.rounds[0]).toMatchObject({ id: round.id, interviewRound: 1 });
    const result = await s.opportunities.convert(scope(), o.id, { version: linked.version });
    expect(result.conversation).toEqual({ id: round.id, kind: 'informational-interview' });
    expect(result.opportunity.stage).toBe('converted');
    expect(result.questions.length).toBeGreaterThanOrEqual(5);
    expect(result.questions.length).toBeLessThanOrEqual(8);
    expect(new Set(result.questions.map((q) => q.topic))).toEqual(new Set(['Trends', 'Insights', 'Advice', 'Resources', 'Assignments']));
    const after = await s.conversations.get(scope(), round.id);
    expect(after).toMatchObject({ kind: 'informational-interview', notes: 'Great team, wrong job', opportunityId: o.id, participants: [expect.objectContaining({ displayName: 'Stan Fields' })] });
    // Converted, it proposes the informational interview to ask for, with the dialog's questions.
    const convertActions = (await openActions()).filter((a) => a.ruleId === 'convert');
    expect(convertActions.map((a) => a.title)).toEqual(['Ask Stan Fields for an informational interview']);
    expect(convertActions[0]?.reason).toContain(result.questions[0]!.question);

    await s.opportunities.remove(scope(), o.id);
    expect((await s.conversations.get(scope(), round.id)).opportunityId).toBeNull();
    expect(await code(s.opportunities.get(scope(), o.id))).toBe('not_found');
  });

  it('feeds the playbook: convert for a not-a-fit opportunity at a target, in-the-works counts live ones', async () => {
    const { stan } = await people();
    await s.targets.add(scope(), targetAddSchema.parse({ organizationName: 'Acme' }));
    const o = await add({ organizationName: 'Acme', title: 'Wrong job', notAFit: true, interviewerIds: [stan.id] });
    const input = await s.playbook.loadInput(scope());
    expect((await openActions()).find((a) => a.ruleId === 'convert')?.title).toBe('Turn Wrong job at Acme into an informational interview');
    expect(input.opportunities).toEqual([
      expect.objectContaining({ id: o.id, title: 'Wrong job', stage: 'lead', notAFit: true, interviewerIds: [stan.id], rapportInterviewerId: null, referrerContactId: null }),
    ]);
    await add({ organizationName: 'Globex', title: 'Right job', stage: 'applied' });
    const today = await s.playbook.today(scope());
    expect(today.inTheWorks.count).toBe(1);
  });

  it('adds an interviewer who is not a contact yet: a new contact at the opportunity\'s organization, in one go; someone already there is offered first', async () => {
    const { stan } = await people();
    const dream = await add({ organizationName: 'Acme', title: 'Robotics Engineer' });
    const withNew = await s.opportunities.addInterviewer(scope(), dream.id, opportunityInterviewerSchema.parse({ newContact: { givenName: 'Priya', familyName: 'Raman', title: 'Hiring Manager' } }));
    const priya = withNew.interviewers.find((i) => i.displayName === 'Priya Raman');
    expect(priya).toBeDefined();
    expect(await s.contacts.get(scope(), priya?.id ?? '')).toMatchObject({ organizationName: 'Acme', title: 'Hiring Manager' });
    // An organization of their own (a recruiter from an agency) is kept.
    const agency = await s.opportunities.addInterviewer(scope(), dream.id, opportunityInterviewerSchema.parse({ newContact: { givenName: 'Rita', familyName: 'Cruz', organizationName: 'TalentCo' } }));
    const rita = agency.interviewers.find((i) => i.displayName === 'Rita Cruz');
    expect((await s.contacts.get(scope(), rita?.id ?? '')).organizationName).toBe('TalentCo');

    // Stan is already a contact at Acme: offered, nothing written; force adds a second Stan.
    const before = (await s.contacts.list(scope(), { limit: 50, offset: 0, sort: 'name' })).total;
    await expect(s.opportunities.addInterviewer(scope(), dream.id, opportunityInterviewerSchema.parse({ newContact: { givenName: 'stan', familyName: 'FIELDS' } }))).rejects.toMatchObject({
      code: 'conflict',
      issues: [{ path: 'newContact.givenName' }],
      existing: { type: 'contact', id: stan.id, matchedBy: 'name' },
    });
    expect((await s.contacts.list(scope(), { limit: 50, offset: 0, sort: 'name' })).total).toBe(before);
    expect((await s.opportunities.get(scope(), dream.id)).interviewers).toHaveLength(2);
    const forced = await s.opportunities.addInterviewer(scope(), dream.id, opportunityInterviewerSchema.parse({ newContact: { givenName: 'Stan', familyName: 'Fields' }, force: true }));
    expect(forced.interviewers.filter((i) => i.displayName === 'Stan Fields')).toHaveLength(1);
    expect(forced.interviewers.some((i) => i.id === stan.id)).toBe(false);

    // Either a contact or a new person, not both, not neither; a bad new person names the field.
    expect(opportunityInterviewerSchema.safeParse({}).success).toBe(false);
    expect(opportunityInterviewerSchema.safeParse({ contactId: stan.id, newContact: { givenName: 'X' } }).success).toBe(false);
    expect(opportunityInterviewerSchema.safeParse({ newContact: { givenName: '' } }).error?.issues[0]?.path).toEqual(['newContact', 'givenName']);
  });
});
