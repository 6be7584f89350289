import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationCreateSchema, type ConversationCreateInput } from '../../src/contracts/conversation.schema.js';
import { settingsUpdateSchema } from '../../src/contracts/settings.schema.js';
import { DEFAULT_RULE_PRIORITY, DEFAULT_WINDOWS } from '../../src/domain/playbook/settings.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { buildContact } from '../support/factories.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';

const available = await engineAvailable();

/**
 * The order of importance and the expiry windows are settings (issue 12): every rule exactly
 * once in the order, windows of whole days or never and never longer than staleAfterDays; a bad
 * value is refused naming its field and changes nothing; a saved order or window changes Today.
 */
describe.skipIf(!available)(`playbook settings: order of importance and windows, on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let s: Services;
  let workspaceId: string;
  const clock = fixedClock('2026-03-03T17:00:00.000Z'); // Tue 3 Mar 2026
  const scope = () => ({ workspaceId });
  const log = (input: ConversationCreateInput) => s.conversations.create(scope(), conversationCreateSchema.parse(input));
  const update = (playbook: Record<string, unknown>) => s.settings.update(scope(), settingsUpdateSchema.parse({ playbook }));
  const effective = async () => (await s.settings.view(scope())).effective as { windows: Record<string, number | null>; rulePriority: string[] };
  const stored = async () => (await s.settings.view(scope())).playbook;
  const refusal = async (playbook: Record<string, unknown>) => {
    const error = (await update(playbook).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; issues?: { path: string; message: string }[] } | null;
    expect(error?.code, JSON.stringify(playbook)).toBe('invalid');
    return error?.issues ?? [];
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

  it('shows every rule with its group, why it stands where it does, and whether it expires; the defaults are the effective values', async () => {
    const view = await s.settings.view(scope());
    expect(view.rules).toHaveLength(DEFAULT_RULE_PRIORITY.length);
    expect(view.rules.find((r) => r.id === 'ask-feedback')).toMatchObject({ group: 'next-interview', expires: true, whyFirst: expect.stringMatching(/after a rejection/) });
    expect(view.rules.find((r) => r.id === 'keep-in-touch')).toMatchObject({ group: 'housekeeping', expires: false });
    expect(await effective()).toMatchObject({ windows: DEFAULT_WINDOWS, rulePriority: [...DEFAULT_RULE_PRIORITY] });
  });

  it('refuses an order that does not list every rule exactly once, naming the field; nothing changes', async () => {
    const without = DEFAULT_RULE_PRIORITY.filter((id) => id !== 'thank-you');
    expect(await refusal({ rulePriority: ['ask-feedback', 'reach-referral'] })).toEqual([{ path: 'playbook.rulePriority', message: expect.stringMatching(/^every rule once: .*thank-you.* are missing$/) }]);
    expect(await refusal({ rulePriority: [...without, 'ask-feedback'] })).toEqual([
      { path: 'playbook.rulePriority', message: 'every rule once: ask-feedback is listed twice' },
      { path: 'playbook.rulePriority', message: 'every rule once: thank-you is missing' },
    ]);
    expect((await refusal({ rulePriority: [...DEFAULT_RULE_PRIORITY, 'follow-the-money'] }))[0]?.message).toMatch(/^unknown rule "follow-the-money"; known: thank-you, /);
    expect(await stored()).toEqual({});
  });

  it('refuses a window that is not whole days ≥ 0 or never, longer than staleAfterDays, or on a rule that never expires — naming the rule', async () => {
    expect(() => settingsUpdateSchema.parse({ playbook: { windows: { 'thank-you': -1 } } })).toThrow(/At least 0 days/);
    expect(() => settingsUpdateSchema.parse({ playbook: { windows: { 'thank-you': 1.5 } } })).toThrow(/A whole number of days/);
    expect(await refusal({ windows: { 'thank-you': 45 } })).toEqual([{ path: 'playbook.windows.thank-you', message: 'at most 30 days: after staleAfterDays (30) every deadline is given up anyway' }]);
    expect(await refusal({ windows: { 'keep-in-touch': 5 } })).toEqual([{ path: 'playbook.windows.keep-in-touch', message: expect.stringMatching(/keep-in-touch lasts while its condition holds/) }]);
    expect(await refusal({ windows: { 'no-such-rule': 5 } })).toEqual([{ path: 'playbook.windows.no-such-rule', message: expect.stringMatching(/^unknown rule/) }]);
    // A shorter limit than the windows names the limit, the field that was changed.
    expect(await refusal({ staleAfterDays: 10 })).toEqual([{ path: 'playbook.staleAfterDays', message: expect.stringMatching(/^at least the longest expiry window \(act-on-advice: 30 days\)/) }]);
    expect(await stored()).toEqual({});
  });

  it('saves windows rule by rule and the whole order; null puts either back to its default', async () => {
    const order = ['keep-in-touch', ...DEFAULT_RULE_PRIORITY.filter((id) => id !== 'keep-in-touch')];
    await update({ windows: { 'thank-you': 7 }, rulePriority: order });
    await update({ windows: { 'keep-in-touch': null, 'ask-feedback': 21 } });
    expect(await stored()).toEqual({ windows: { 'thank-you': 7, 'keep-in-touch': null, 'ask-feedback': 21 }, rulePriority: order });
    expect(await effective()).toMatchObject({ windows: { ...DEFAULT_WINDOWS, 'thank-you': 7, 'ask-feedback': 21 }, rulePriority: order });
    // staleAfterDays may come down to the longest window, and a window may go up with it.
    await update({ staleAfterDays: 60, windows: { 'thank-you': 45 } });
    expect((await effective()).windows['thank-you']).toBe(45);
    await update({ windows: null, rulePriority: null, staleAfterDays: 30 });
    expect(await stored()).toEqual({ staleAfterDays: 30 });
    expect(await effective()).toMatchObject({ windows: DEFAULT_WINDOWS, rulePriority: [...DEFAULT_RULE_PRIORITY] });
  });

  it('a saved order changes Today’s order; a saved window lets a late thank-you through or expires it', async () => {
    const stan = await s.contacts.create(scope(), buildContact({ givenName: 'Stan', familyName: 'Fields', organizationName: 'Acme' }));
    await log({
      kind: 'networking-interview',
      startsAt: '2026-03-02T15:00:00Z',
      participants: [{ contactId: stan.id }],
      outcomes: { namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron' } }] },
    });
    const ann = await s.contacts.create(scope(), buildContact({ givenName: 'Ann', familyName: 'Lee' }));
    await log({ kind: 'networking-meeting', startsAt: '2026-02-23T15:00:00Z', participants: [{ contactId: ann.id }] });
    const rules = async () => (await s.playbook.today(scope())).now.map((a) => a.ruleId);

    // By default: the next-day call and the referral before the thank-you; Ann's thank-you (due 24 Feb) has expired.
    const before = await rules();
    expect(before.indexOf('next-day-call')).toBeLessThan(before.indexOf('thank-you'));
    expect((await s.playbook.today(scope())).now.filter((a) => a.ruleId === 'thank-you').map((a) => a.title)).toEqual(['Thank Stan Fields']);

    // Thank-yous first, and a window of two weeks: Ann's is back, and both come first.
    await update({ rulePriority: ['thank-you', ...DEFAULT_RULE_PRIORITY.filter((id) => id !== 'thank-you')], windows: { 'thank-you': 14 } });
    const today = await s.playbook.today(scope());
    expect(today.first.map((a) => a.title).slice(0, 2)).toEqual(['Thank Ann Lee', 'Thank Stan Fields']);
    expect(today.first[0]).toMatchObject({ priority: 1, whyFirst: expect.stringMatching(/thank-you on time/) });

    // A window of 0: a thank-you not sent on its day expires.
    await update({ windows: { 'thank-you': 0 } });
    expect((await s.playbook.today(scope())).now.filter((a) => a.ruleId === 'thank-you').map((a) => a.title)).toEqual(['Thank Stan Fields']);
    clock.set('2026-03-04T17:00:00.000Z');
    expect((await s.playbook.today(scope())).now.filter((a) => a.ruleId === 'thank-you')).toEqual([]);
    clock.set('2026-03-03T17:00:00.000Z');
  });
});
