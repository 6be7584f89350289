import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './playbook.types.js';
import { DEFAULT_PLAYBOOK_SETTINGS, resolveSettings } from './settings.js';

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
});
