import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './playbook.types.js';
import { DEFAULT_PLAYBOOK_SETTINGS, DEFAULT_RULE_PRIORITY, DEFAULT_WINDOWS, hasWindow, resolveSettings, settingsChangeProblems } from './settings.js';

describe('playbook settings', () => {
  it('has the playbook’s defaults, all 13 rules on', () => {
    expect(DEFAULT_PLAYBOOK_SETTINGS).toMatchObject({
      workingDays: [1, 2, 3, 4, 5],
      thankYouBusinessDays: 1,
      nextDayCallBusinessDays: 1,
      reachReferralBusinessDays: 2,
      interviewStatusBusinessDays: 10,
      askFeedbackBusinessDays: 3,
      threeB7SecondContactBusinessDays: 3,
      threeB7FollowUpBusinessDays: 7,
      inTheWorksMin: 6,
      inTheWorksMax: 10,
      topTargetCount: 10,
      defaultCadence: { idealDays: 30, maxDays: 90 },
      prepareLeadBusinessDays: 1,
    });
    expect(DEFAULT_PLAYBOOK_SETTINGS.enabledRules).toEqual([...RULE_IDS]);
    expect(resolveSettings()).toEqual(DEFAULT_PLAYBOOK_SETTINGS);
  });

  it('merges overrides (undefined keeps the default; the cadence merges field by field) without touching the defaults', () => {
    const s = resolveSettings({ timeZone: 'Asia/Tokyo', inTheWorksMin: undefined, defaultCadence: { idealDays: 14 }, holidays: ['2026-05-05', '2026-05-04', '2026-05-05'] });
    expect(s.timeZone).toBe('Asia/Tokyo');
    expect(s.inTheWorksMin).toBe(6);
    expect(s.defaultCadence).toEqual({ idealDays: 14, maxDays: 90 });
    expect(s.holidays).toEqual(['2026-05-04', '2026-05-05']);
    s.workingDays.push(6);
    expect(DEFAULT_PLAYBOOK_SETTINGS.workingDays).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses impossible settings, naming the field', () => {
    expect(() => resolveSettings({ timeZone: 'Europe/Atlantis' })).toThrow(/timeZone/);
    expect(() => resolveSettings({ workingDays: [] })).toThrow(/workingDays/);
    expect(() => resolveSettings({ workingDays: [8] })).toThrow(/workingDays/);
    expect(() => resolveSettings({ holidays: ['2026-02-30'] })).toThrow(/holidays/);
    expect(() => resolveSettings({ thankYouBusinessDays: -1 })).toThrow(/thankYouBusinessDays/);
    expect(() => resolveSettings({ interviewStatusBusinessDays: 2.5 })).toThrow(/interviewStatusBusinessDays/);
    expect(() => resolveSettings({ inTheWorksMin: 12 })).toThrow(/inTheWorksMin/);
    expect(() => resolveSettings({ defaultCadence: { idealDays: 60, maxDays: 30 } })).toThrow(/maxDays/);
    // @ts-expect-error an unknown rule id
    expect(() => resolveSettings({ enabledRules: ['follow-the-money'] })).toThrow(/enabledRules/);
  });

  it('a change of the order and the windows: every rule exactly once, whole days or never, no window longer than staleAfterDays, none for standing rules', () => {
    const change = (c: Parameters<typeof settingsChangeProblems>[1], stored: Parameters<typeof settingsChangeProblems>[0] = {}) => settingsChangeProblems({ ...stored, ...c }, c);
    const fields = (c: Parameters<typeof settingsChangeProblems>[1], stored: Parameters<typeof settingsChangeProblems>[0] = {}) => change(c, stored).map((p) => p.field);
    expect(change({ rulePriority: ['thank-you', ...DEFAULT_RULE_PRIORITY.filter((id) => id !== 'thank-you')] })).toEqual([]);
    expect(change({ rulePriority: null, windows: null })).toEqual([]);
    expect(change({ windows: { ...DEFAULT_WINDOWS } })).toEqual([]);

    const [missing] = change({ rulePriority: ['ask-feedback', 'reach-referral'] });
    expect(missing).toEqual({ field: 'rulePriority', message: expect.stringMatching(/^every rule once: thank-you, next-day-call, close-the-loop, .* are missing$/) });
    expect(change({ rulePriority: [...DEFAULT_RULE_PRIORITY, 'thank-you'] })).toEqual([{ field: 'rulePriority', message: 'every rule once: thank-you is listed twice' }]);
    expect(change({ rulePriority: [...DEFAULT_RULE_PRIORITY, 'follow-the-money'] })[0]?.message).toMatch(/^unknown rule "follow-the-money"/);

    expect(fields({ windows: { 'thank-you': -1 } })).toEqual(['windows.thank-you']);
    expect(fields({ windows: { 'thank-you': 2.5 } })).toEqual(['windows.thank-you']);
    expect(fields({ windows: { 'thank-you': 31 } })).toEqual(['windows.thank-you']);
    expect(change({ windows: { 'thank-you': 31 } })[0]?.message).toBe('at most 30 days: after staleAfterDays (30) every deadline is given up anyway');
    expect(fields({ windows: { 'thank-you': 45 }, staleAfterDays: 60 })).toEqual([]);
    expect(fields({ windows: { 'keep-in-touch': 5 } })).toEqual(['windows.keep-in-touch']);
    expect(fields({ windows: { 'keep-in-touch': null, 'thank-you': null } })).toEqual([]);
    expect(fields({ windows: { 'no-such-rule': 3 } })).toEqual(['windows.no-such-rule']);
    // A shorter limit than a default window names the limit, the field that was changed…
    expect(change({ staleAfterDays: 10 })).toEqual([
      { field: 'staleAfterDays', message: 'at least the longest expiry window (act-on-advice: 30 days); first shorten close-the-loop (14), ask-feedback (14), advice-update (14), act-on-advice (30)' },
    ]);
    // …and passes once the windows are shortened in the same change.
    expect(change({ staleAfterDays: 10, windows: { 'close-the-loop': 7, 'ask-feedback': 7, 'advice-update': 7, 'act-on-advice': 7 } })).toEqual([]);
    expect(Object.entries(DEFAULT_WINDOWS).filter(([id]) => !hasWindow(id as never)).every(([, days]) => days === null)).toBe(true);
  });
});
