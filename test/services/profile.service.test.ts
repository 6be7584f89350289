import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema } from '../../src/contracts/conversation.schema.js';
import { organizationCreateSchema } from '../../src/contracts/organization.schema.js';
import { profileImportSchema, profileUpdateSchema, type ProfileUpdateInput } from '../../src/contracts/profile.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { AppError } from '../../src/services/errors.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { pdfText } from '../support/pdf-text.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();
const fixture = (name: string) => ({ name, text: fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'profile', name), 'utf8') });

describe.skipIf(!available)(`profile, networking sheet and prep brief on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T09:00:00.000Z'); // Tue 3 Mar 2026
  const scope = () => ({ workspaceId });
  const update = (input: ProfileUpdateInput) => s.profile.update(scope(), profileUpdateSchema.parse(input));
  const addTarget = async (name: string, extra: { industry?: string; location?: string; status?: 'researching' | 'networking' | 'in-process' | 'paused' | 'dropped' } = {}) => {
    if (!(await s.organizations.findByName(scope(), name))) {
      await s.organizations.create(scope(), organizationCreateSchema.parse({ name, industry: extra.industry ?? null, location: extra.location ?? null }));
    }
    return s.targets.add(scope(), targetAddSchema.parse({ organizationName: name, status: extra.status ?? 'researching' }));
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    workspaceId = (await s.workspaces.create('test')).id;
  });

  it('starts empty, saves what is given, and keeps time zone and working days in the playbook settings', async () => {
    const empty = await s.profile.get(scope());
    expect(empty).toMatchObject({ pitchShort: '', skills: [], timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], weeklyGoals: { newContacts: 5, conversations: 3, followUps: 5 } });

    const saved = await update({
      pitchShort: 'I turn robotics prototypes into products.',
      skills: ['Robotics', 'Team leadership'],
      idealPosition: { roles: ['Engineering Manager'], remote: 'hybrid', level: 'Manager' },
      timeZone: 'Europe/Paris',
      workingDays: [5, 1, 2, 3, 4, 1],
      holidays: ['2026-05-01'],
    });
    expect(saved).toMatchObject({ pitchShort: 'I turn robotics prototypes into products.', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], holidays: ['2026-05-01'] });
    expect(saved.idealPosition).toEqual({ roles: ['Engineering Manager'], responsibilities: [], level: 'Manager', location: '', remote: 'hybrid' });

    // One source of truth: the playbook reads the same zone and days.
    const playbook = await s.settings.playbook(scope());
    expect(playbook.timeZone).toBe('Europe/Paris');
    expect(playbook.holidays).toEqual(['2026-05-01']);
    // Changing the playbook settings elsewhere keeps the profile, and the profile sees the change.
    await s.settings.update(scope(), { playbook: { timeZone: 'America/Chicago' } });
    expect(await s.profile.get(scope())).toMatchObject({ timeZone: 'America/Chicago', pitchShort: 'I turn robotics prototypes into products.' });

    // A partial update leaves the rest alone.
    expect(await update({ headline: 'Engineering Manager' })).toMatchObject({ headline: 'Engineering Manager', skills: ['Robotics', 'Team leadership'] });
  });

  it('knows who the seeker is: name, email and phone sign every message and head the networking sheet', async () => {
    expect(await s.profile.get(scope())).toMatchObject({ name: '', email: '', phone: '' });
    const saved = await update({ name: 'Roger  Dale Smith', email: 'roger@example.test', phone: '+1 555 0100' });
    expect(saved).toMatchObject({ name: 'Roger Dale Smith', email: 'roger@example.test', phone: '+1 555 0100' });
    // The first word is the first name, the one the call script uses.
    expect((await s.settings.get(scope())).me).toMatchObject({ firstName: 'Roger', lastName: 'Dale Smith', email: 'roger@example.test', phone: '+1 555 0100' });

    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields' }));
    await s.conversations.create(scope(), conversationCreateSchema.parse({ kind: 'networking-meeting', startsAt: '2026-03-02T15:00:00Z', participants: [{ contactId: stan.id }] }));
    await s.playbook.recompute(scope());
    const thanks = (await s.playbook.list(scope(), { limit: 50 })).find((a) => a.ruleId === 'thank-you');
    const message = await s.playbook.message(scope(), thanks?.id ?? '');
    expect(message.missing).toEqual([]);
    expect(message.body.endsWith('Best,\nRoger Dale Smith\n+1 555 0100')).toBe(true);

    const sheet = await s.profile.sheet(scope());
    expect(sheet).toMatchObject({ name: 'Roger Dale Smith', email: 'roger@example.test', phone: '+1 555 0100' });
    const { text } = await pdfText((await s.profile.sheetPdf(scope())).body);
    expect(text).toContain('Roger Dale Smith');
    expect(text).toContain('+1 555 0100');

    expect(profileUpdateSchema.safeParse({ email: 'not an address' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['email']);
    expect(await update({ phone: '' })).toMatchObject({ phone: '' });
  });

  it('refuses a bad time zone or an empty week, naming the field, and saves nothing', async () => {
    expect(profileUpdateSchema.safeParse({ workingDays: [] }).error?.issues[0]?.path).toEqual(['workingDays']);
    expect(profileUpdateSchema.safeParse({ timeZone: 'Mars/Olympus' }).error?.issues[0]?.path).toEqual(['timeZone']);
    expect(profileUpdateSchema.safeParse({ weeklyGoals: { newContacts: -1 } }).error?.issues[0]?.path).toEqual(['weeklyGoals', 'newContacts']);
    expect(profileUpdateSchema.safeParse({ skills: [''] }).error?.issues[0]?.path).toEqual(['skills', 0]);
    expect(profileUpdateSchema.safeParse({ pitch: 'x' }).success).toBe(false);
  });

  it('fills the profile from a LinkedIn archive: Profile.csv, Positions.csv, Skills.csv', async () => {
    const result = await s.profile.import(scope(), profileImportSchema.parse({ files: [fixture('Profile.csv'), fixture('Positions.csv'), fixture('Skills.csv')] }));
    expect(result.files.map((f) => f.kind)).toEqual(['linkedin-profile', 'linkedin-positions', 'linkedin-skills']);
    const p = result.profile;
    expect(p.headline).toBe('Engineering Manager | Robotics & Embedded Systems');
    expect(p.pitchShort).toBe('I build and lead teams that turn robotics prototypes into products people rely on. Twelve years in embedded systems, the last five leading teams of 8 to 20.');
    expect(p.pitchLong).toMatch(/looking for an engineering leadership role/);
    expect(p.skills).toEqual(['Embedded Systems', 'Team Leadership', 'Robotics', 'C++', 'Motion Control']);
    expect(p.experience.map((e) => `${e.title}@${e.organization}`)).toEqual(['Engineering Manager@NovaBots', 'Senior Embedded Engineer@Acme Robotics', 'Embedded Engineer@Initech']);
    expect(p.idealPosition.roles).toEqual(['Engineering Manager']);
    expect(p.idealPosition.location).toBe('Lyon, Auvergne-Rhone-Alpes, France');
    expect(p.targetDefinition.industries).toEqual(['Industrial Automation']);
    expect(result.filled).toEqual(expect.arrayContaining(['headline', 'pitchShort', 'pitchLong', 'skills (+5)', 'your name']));
    expect((await s.settings.get(scope())).me).toMatchObject({ firstName: 'Jordan', lastName: 'Rivera' });

    // Importing again keeps what is written, merges lists, and says so.
    await update({ pitchShort: 'My own words.' });
    const again = await s.profile.import(scope(), profileImportSchema.parse({ files: [fixture('Profile.csv'), fixture('Skills.csv')] }));
    expect(again.profile.pitchShort).toBe('My own words.');
    expect(again.kept).toContain('pitchShort');
    expect(again.profile.skills).toHaveLength(5);
  });

  it('fills the profile from a JSON Resume, and refuses a bad one naming the field', async () => {
    const result = await s.profile.import(scope(), profileImportSchema.parse({ files: [fixture('resume.json')] }));
    expect(result.files).toEqual([{ name: 'resume.json', kind: 'json-resume' }]);
    expect(result.profile).toMatchObject({
      headline: 'Engineering Manager, robotics',
      pitchShort: 'I lead engineering teams that ship robots. Twelve years in embedded systems.',
      skills: ['Leadership', 'Hiring', 'Mentoring', 'Robotics', 'ROS', 'Motion control'],
      idealPosition: expect.objectContaining({ roles: ['Engineering Manager'], location: 'Lyon, FR' }),
    });
    expect(result.profile.experience[1]).toMatchObject({ organization: 'Acme Robotics', startedOn: '2015-06', finishedOn: '2020-02' });

    const before = await s.profile.get(scope());
    const bad = await s.profile.import(scope(), profileImportSchema.parse({ files: [fixture('Skills.csv'), fixture('bad-resume.json')] })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    const error = bad as AppError;
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/bad-resume\.json: .*skills\[1\]\.name/);
    expect(error.issues?.[0]?.path).toBe('files.1.skills[1].name');
    // All or nothing: Skills.csv, read first, was not applied either.
    expect(await s.profile.get(scope())).toEqual(before);

    const notJson = await s.profile.import(scope(), profileImportSchema.parse({ files: [{ name: 'x.json', text: '{ "basics": ' }] })).catch((e: unknown) => e as AppError);
    expect(notJson).toMatchObject({ code: 'invalid', issues: [{ path: 'files.0.(root)' }] });
    const unknown = await s.profile.import(scope(), profileImportSchema.parse({ files: [{ name: 'notes.txt', text: 'hello' }] })).catch((e: unknown) => e as AppError);
    expect(unknown).toMatchObject({ code: 'invalid', issues: [{ path: 'files.0', message: expect.stringMatching(/Not a LinkedIn Profile\.csv/) }] });
    // The shared text rule: a NUL spelled as a JSON escape, a lone surrogate in a CSV.
    const nul = await s.profile.import(scope(), profileImportSchema.parse({ files: [{ name: 'r.json', text: '{ "basics": { "name": "Ada Byron", "label": "Engineer\\u0000" } }' }] })).catch((e: unknown) => e as AppError);
    expect(nul).toMatchObject({ code: 'invalid', issues: [{ path: 'files.0.headline', message: expect.stringMatching(/U\+0000/) }] });
    const skills = fixture('Skills.csv').text.replace('Robotics', 'Robo\ud800tics');
    const half = await s.profile.import(scope(), profileImportSchema.parse({ files: [{ name: 'Skills.csv', text: skills }] })).catch((e: unknown) => e as AppError);
    expect(half).toMatchObject({ code: 'invalid', issues: [{ path: 'files.0.skills.2', message: expect.stringMatching(/U\+D800/) }] });
    expect(await s.profile.get(scope())).toEqual(before);
  });

  it('builds the one-page networking sheet, grouped by industry and ranked, and the PDF reads back with the pitch and the targets', async () => {
    await s.settings.update(scope(), { me: { firstName: 'Jordan', lastName: 'Rivera', email: 'jordan@example.test' } });
    await update({ pitchShort: 'I turn robotics prototypes into products people rely on.', idealPosition: { roles: ['Engineering Manager'], responsibilities: ['Build and lead teams of 8 to 20'] }, skills: ['Robotics'] });
    await addTarget('Globex', { industry: 'Robotics', location: 'Lyon' });
    await addTarget('Initech', { industry: 'Industrial Automation' });
    await addTarget('Umbrella Robotics', { industry: 'Robotics' });
    await addTarget('Hooli');
    await addTarget('Dropped Co', { industry: 'Robotics', status: 'dropped' });

    const sheet = await s.profile.sheet(scope());
    expect(sheet.name).toBe('Jordan Rivera');
    expect(sheet.groupedBy).toBe('industry');
    expect(sheet.groups.map((g) => [g.label, g.targets.map((t) => `${t.rank}. ${t.name}`)])).toEqual([
      ['Robotics', ['1. Globex', '3. Umbrella Robotics']],
      ['Industrial Automation', ['2. Initech']],
      ['Other', ['4. Hooli']],
    ]);
    expect(sheet.generatedOn).toBe('2026-03-03');

    const pdf = await s.profile.sheetPdf(scope());
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.fileName).toBe('jordan-rivera-networking-sheet-2026-03-03.pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf.body);
    expect(pages).toBe(1);
    expect(text).toContain('Jordan Rivera');
    expect(text).toContain('I turn robotics prototypes into products people rely on.');
    for (const name of ['Globex', 'Initech', 'Umbrella Robotics', 'Hooli']) expect(text).toContain(name);
    expect(text).not.toContain('Dropped Co');
    expect(text).toContain('Is a company missing from my list?');
  });

  it('keeps a long sheet to one page, counting the targets left off', async () => {
    await update({ pitchShort: 'P'.repeat(600), pitchLong: 'L'.repeat(5000), skills: Array.from({ length: 60 }, (_, i) => `Skill ${i}`), idealPosition: { responsibilities: Array.from({ length: 20 }, (_, i) => `Responsibility ${i} `.repeat(10).trim().slice(0, 300)) } });
    for (let i = 1; i <= 40; i += 1) await addTarget(`Company ${String(i).padStart(2, '0')}`);
    const sheet = await s.profile.sheet(scope());
    expect(sheet.groups[0]?.targets).toHaveLength(30);
    expect(sheet.more).toBe(10);
    const { pages, text } = await pdfText((await s.profile.sheetPdf(scope())).body);
    expect(pages).toBe(1);
    expect(text).toContain('Company 01');
    expect(text).toMatch(/\+ \d+ more on my list/);
  });

  it('briefs a scheduled conversation: who, how you met, history, suggestions, targets they may know, pitch and questions', async () => {
    await update({ pitchShort: 'I turn robotics prototypes into products.', skills: ['Robotics'], targetDefinition: { industries: ['Robotics'] } });
    await s.organizations.create(scope(), organizationCreateSchema.parse({ name: 'Acme Robotics', industry: 'Robotics' }));
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme Robotics', title: 'Engineering Manager', howWeMet: 'Job networking meeting at the library', sharedInterests: ['oenophile'] }));
    await addTarget('Acme Robotics', { industry: 'Robotics' });
    await addTarget('Globex', { industry: 'Robotics' });
    await addTarget('Nobody Inc');
    const first = await s.conversations.create(
      scope(),
      conversationCreateSchema.parse({
        kind: 'networking-meeting',
        startsAt: '2026-02-20T10:00:00.000Z',
        participants: [{ contactId: stan.id }],
        notes: 'Talked about motion control at Acme. He likes Burgundy wines.',
        nextSteps: 'Send him my resume',
        outcomes: { namesOffered: [{ newContact: { givenName: 'Ann', familyName: 'Lee', organizationName: 'Globex' } }], companiesSuggested: [{ organizationName: 'Umbrella Robotics' }], advice: [{ kind: 'book', title: 'Read "The 2-Hour Job Search"' }] },
      }),
    );
    const next = await s.conversations.create(scope(), conversationCreateSchema.parse({ kind: 'networking-interview', startsAt: '2026-03-04T14:00:00.000Z', timeZone: 'Europe/Paris', durationMinutes: 20, participants: [{ contactId: stan.id }] }));
    expect(next.status).toBe('scheduled');

    const brief = await s.prep.brief(scope(), next.id);
    expect(brief.conversation).toMatchObject({ id: next.id, kind: 'networking-interview', status: 'scheduled' });
    expect(brief.people).toEqual([
      expect.objectContaining({ displayName: 'Stan Fields', title: 'Engineering Manager', organization: expect.objectContaining({ name: 'Acme Robotics', industry: 'Robotics' }), howWeMet: 'Job networking meeting at the library', sharedInterests: ['oenophile'] }),
    ]);
    expect(brief.pastConversations).toEqual([expect.objectContaining({ id: first.id, kind: 'networking-meeting', notesExcerpt: 'Talked about motion control at Acme. He likes Burgundy wines.', nextSteps: 'Send him my resume' })]);
    expect(brief.suggested.referrals).toEqual([expect.objectContaining({ to: expect.objectContaining({ displayName: 'Ann Lee' }), status: 'offered' })]);
    expect(brief.suggested.companies).toEqual([expect.objectContaining({ name: 'Umbrella Robotics', targetStatus: 'researching', rank: 4 })]);
    expect(brief.suggested.advice).toEqual([expect.objectContaining({ title: 'Read "The 2-Hour Job Search"', status: 'open', updateSent: false })]);
    expect(brief.targetsTheyMayKnow.map((t) => [t.name, t.why])).toEqual([
      ['Acme Robotics', 'Stan Fields works there'],
      ['Globex', 'Stan Fields introduced you to Ann Lee there'],
      ['Umbrella Robotics', 'Stan Fields suggested it'],
    ]);
    expect(brief.targetGaps.map((t) => t.name)).toEqual(['Nobody Inc', 'Umbrella Robotics']);
    expect(brief.pitch.short).toBe('I turn robotics prototypes into products.');
    expect(Object.keys(brief.questions)).toEqual(['trends', 'insights', 'advice', 'resources', 'assignments']);
    expect(brief.questions.insights[0]).toBe('What does it take to succeed at Acme Robotics?');
    expect(brief.questions.trends[0]).toBe('What are the biggest changes in Robotics right now?');

    await expect(s.prep.brief(scope(), '01950000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('briefs a first meeting with someone you know nothing about', async () => {
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee' }));
    const first = await s.conversations.create(scope(), conversationCreateSchema.parse({ kind: 'event-encounter', startsAt: '2026-03-05T18:00:00.000Z', participants: [{ contactId: ann.id }] }));
    const brief = await s.prep.brief(scope(), first.id);
    expect(brief.people).toEqual([expect.objectContaining({ displayName: 'Ann Lee', title: null, organization: null, sharedInterests: [] })]);
    expect(brief).toMatchObject({ pastConversations: [], targetsTheyMayKnow: [], suggested: { referrals: [], companies: [], advice: [] } });
    expect(brief.questions.insights[0]).toBe('What does it take to succeed at your organization?');
  });
});
