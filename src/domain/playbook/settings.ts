/**
 * Every number the playbook uses is a setting with a default (PRODUCT.md: "Defaults are
 * settings, not constants"). Business days are counted in `timeZone` on `workingDays`
 * (ISO 1 = Monday … 7 = Sunday), skipping `holidays`.
 */
import { isValidTimeZone, toEpochDay } from '../business-days.js';
import { RULE_IDS, isRuleId, type Cadence, type RuleId } from './playbook.types.js';

export interface PlaybookSettings {
  /** IANA zone of the user (`Europe/Berlin`). All dates of the playbook are dates in this zone. */
  timeZone: string;
  /** ISO weekday numbers of the working week (1 = Monday … 7 = Sunday). */
  workingDays: number[];
  /** Non-working dates, `YYYY-MM-DD`. */
  holidays: string[];

  /** thank-you: business days after the conversation. */
  thankYouBusinessDays: number;
  /** next-day-call: business days after a networking interview. */
  nextDayCallBusinessDays: number;
  /** reach-referral: business days after a name was offered. */
  reachReferralBusinessDays: number;
  /** close-the-loop: business days after the referral reached a milestone (met, interview, offer). */
  closeTheLoopBusinessDays: number;
  /** interview-status: business days without news after a job interview. */
  interviewStatusBusinessDays: number;
  /** ask-feedback: business days after a rejection. */
  askFeedbackBusinessDays: number;
  /** advice-update: business days after the advice was acted on. */
  adviceUpdateBusinessDays: number;
  /** 3b7: business days without a reply before trying a second contact at the organization. */
  threeB7SecondContactBusinessDays: number;
  /** 3b7: business days without a reply before following up once with the first contact. */
  threeB7FollowUpBusinessDays: number;

  /** in-the-works: below this many things in the works, propose meetings at top targets. */
  inTheWorksMin: number;
  /** in-the-works: the top of the healthy band (shown in the reason and in Insights). */
  inTheWorksMax: number;
  /** in-the-works: a networking conversation counts for this many calendar days after it happened. */
  inTheWorksRecentDays: number;
  /** How many of the ranked, active target list count as "top" (target-gap, in-the-works). */
  topTargetCount: number;

  /** keep-in-touch: calendar days; a contact's own cadence overrides it. */
  defaultCadence: Cadence;
  /** prepare: how many business days ahead to prepare for a scheduled conversation. */
  prepareLeadBusinessDays: number;
  /**
   * Deadline rules (thank-you, next-day-call, reach-referral, close-the-loop, interview-status,
   * ask-feedback, advice-update, 3b7) stop proposing an action once it is more than this many
   * calendar days overdue: an imported history of 150,000 conversations must not become
   * 150,000 thank-yous, and a thank-you two months late is no longer the right move.
   */
  staleAfterDays: number;
  /** act-on-advice: business days after the advice was recorded to act on it (buy the book, enrol). */
  actOnAdviceBusinessDays: number;
  /** convert: business days after converting an opportunity to ask for the informational interview. */
  informationalRequestBusinessDays: number;
  /**
   * Per rule, calendar days after its due date when an open action EXPIRES instead of nagging
   * (a thank-you three weeks late is pointless). `null`: it never expires (standing conditions,
   * keep-in-touch). Never more than `staleAfterDays`, which caps every deadline rule.
   */
  windows: Record<RuleId, number | null>;
  /**
   * The order of importance on Today, most important first: within a day, what moves the search
   * towards the next interview comes before keep-in-touch and housekeeping. Every rule, once.
   */
  rulePriority: RuleId[];
  /** Rules that run. All of them by default. */
  enabledRules: RuleId[];
}

/** How long each rule's action is worth doing after its due date (calendar days; null = while it lasts). */
export const DEFAULT_WINDOWS: Readonly<Record<RuleId, number | null>> = Object.freeze({
  'thank-you': 3,
  'next-day-call': 2,
  'reach-referral': 10,
  'close-the-loop': 14,
  'interview-status': 10,
  'ask-feedback': 14,
  'advice-update': 14,
  'act-on-advice': 30,
  'keep-in-touch': null,
  '3b7': 7,
  'in-the-works': null,
  'target-gap': null,
  convert: null,
  prepare: null,
});

/**
 * Rules whose actions last while their condition holds, so a window means nothing to them: a
 * check-in stays until you are in touch, the target list's needs until they are met, preparing
 * until the conversation takes place. Their window is always null ("never").
 */
export const STANDING_RULES: readonly RuleId[] = Object.freeze(['keep-in-touch', 'in-the-works', 'target-gap', 'prepare']) as readonly RuleId[];

/** True when the rule's actions expire by their window (the deadline rules). */
export function hasWindow(ruleId: RuleId): boolean {
  return !STANDING_RULES.includes(ruleId);
}

/**
 * The default order of importance (README "How Today decides"): first what leads to the next
 * interview, then what keeps a relationship that just helped you, then keep-in-touch and
 * housekeeping.
 */
export const DEFAULT_RULE_PRIORITY: readonly RuleId[] = Object.freeze([
  'ask-feedback',
  'next-day-call',
  'reach-referral',
  'prepare',
  'interview-status',
  '3b7',
  'convert',
  'thank-you',
  'close-the-loop',
  'act-on-advice',
  'advice-update',
  'keep-in-touch',
  'target-gap',
  'in-the-works',
]) as readonly RuleId[];

export const DEFAULT_PLAYBOOK_SETTINGS: Readonly<PlaybookSettings> = Object.freeze({
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5],
  holidays: [],
  thankYouBusinessDays: 1,
  nextDayCallBusinessDays: 1,
  reachReferralBusinessDays: 2,
  closeTheLoopBusinessDays: 1,
  interviewStatusBusinessDays: 10,
  askFeedbackBusinessDays: 3,
  adviceUpdateBusinessDays: 1,
  threeB7SecondContactBusinessDays: 3,
  threeB7FollowUpBusinessDays: 7,
  inTheWorksMin: 6,
  inTheWorksMax: 10,
  inTheWorksRecentDays: 14,
  topTargetCount: 10,
  defaultCadence: { idealDays: 30, maxDays: 90 },
  prepareLeadBusinessDays: 1,
  staleAfterDays: 30,
  actOnAdviceBusinessDays: 5,
  informationalRequestBusinessDays: 2,
  windows: { ...DEFAULT_WINDOWS },
  rulePriority: [...DEFAULT_RULE_PRIORITY],
  enabledRules: [...RULE_IDS],
});

/** What a user or a workspace may override; missing (or undefined) fields keep the default. */
export type PlaybookSettingsInput = Partial<Omit<PlaybookSettings, 'defaultCadence' | 'windows' | 'rulePriority'>> & {
  defaultCadence?: Partial<Cadence>;
  /** Only the rules whose window changes; the others keep the default. null: every default. */
  windows?: Partial<Record<string, number | null>> | null;
  /** The most important rules first; rules left out follow in their default order. null: the default order. */
  rulePriority?: string[] | null;
};

/** A setting that cannot be stored: the field (`windows.thank-you`) and why. */
export interface SettingProblem {
  field: string;
  message: string;
}

/**
 * What a change of the settings may not store, beyond the single values `resolveSettings`
 * checks: an order of importance that names every rule exactly once, and windows of whole days
 * ≥ 0 or null, only for rules that expire, never longer than `staleAfterDays` (which gives up on
 * every deadline). `merged` is what would be stored; `change` is what the user changed — when a
 * shorter `staleAfterDays` meets a longer window, the field they changed is the one named.
 * Reading stays lenient (`resolveSettings` fills a partial order in), so older settings still work.
 */
export function settingsChangeProblems(merged: PlaybookSettingsInput, change: PlaybookSettingsInput): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const known = RULE_IDS.join(', ');
  if (change.rulePriority) {
    const order = change.rulePriority;
    const unknown = order.filter((id) => !isRuleId(id));
    const twice = [...new Set(order.filter((id, i) => order.indexOf(id) !== i))];
    const missing = RULE_IDS.filter((id) => !order.includes(id));
    if (unknown.length > 0) problems.push({ field: 'rulePriority', message: `unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => JSON.stringify(id)).join(', ')}; known: ${known}` });
    if (twice.length > 0) problems.push({ field: 'rulePriority', message: `every rule once: ${twice.join(', ')} ${twice.length > 1 ? 'are' : 'is'} listed twice` });
    if (missing.length > 0) problems.push({ field: 'rulePriority', message: `every rule once: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing` });
  }
  const stale = merged.staleAfterDays ?? DEFAULT_PLAYBOOK_SETTINGS.staleAfterDays;
  const windows = merged.windows ?? {};
  for (const [id, days] of Object.entries(windows)) {
    const field = `windows.${id}`;
    if (!isRuleId(id)) {
      problems.push({ field, message: `unknown rule; known: ${known}` });
      continue;
    }
    if (days === undefined || days === null) continue;
    if (!Number.isInteger(days) || days < 0) problems.push({ field, message: `a whole number of days ≥ 0, or never; got ${String(days)}` });
    else if (!hasWindow(id)) problems.push({ field, message: `${id} lasts while its condition holds, so it never expires; its window can only be never` });
  }
  if (Number.isInteger(stale)) {
    const tooLong: { id: RuleId; days: number }[] = [];
    for (const id of RULE_IDS) {
      const days = id in windows ? windows[id] : DEFAULT_WINDOWS[id];
      if (days === undefined || days === null || !Number.isInteger(days) || days <= stale || !hasWindow(id)) continue;
      if (change.staleAfterDays !== undefined && change.windows?.[id] === undefined) tooLong.push({ id, days });
      else problems.push({ field: `windows.${id}`, message: `at most ${stale} days: after staleAfterDays (${stale}) every deadline is given up anyway` });
    }
    const longest = tooLong.reduce<{ id: RuleId; days: number } | null>((a, b) => (a && a.days >= b.days ? a : b), null);
    if (longest) {
      problems.push({ field: 'staleAfterDays', message: `at least the longest expiry window (${longest.id}: ${longest.days} days); first shorten ${tooLong.map((w) => `${w.id} (${w.days})`).join(', ')}` });
    }
  }
  return problems;
}

const WHOLE_DAY_FIELDS = [
  'thankYouBusinessDays',
  'nextDayCallBusinessDays',
  'reachReferralBusinessDays',
  'closeTheLoopBusinessDays',
  'interviewStatusBusinessDays',
  'askFeedbackBusinessDays',
  'adviceUpdateBusinessDays',
  'threeB7SecondContactBusinessDays',
  'threeB7FollowUpBusinessDays',
  'inTheWorksMin',
  'inTheWorksMax',
  'inTheWorksRecentDays',
  'topTargetCount',
  'prepareLeadBusinessDays',
  'staleAfterDays',
  'actOnAdviceBusinessDays',
  'informationalRequestBusinessDays',
] as const satisfies readonly (keyof PlaybookSettings)[];

/** The business-day delays, largest of which bounds how far back the deadline rules look. */
export const BUSINESS_DAY_DELAY_FIELDS = [
  'thankYouBusinessDays',
  'nextDayCallBusinessDays',
  'reachReferralBusinessDays',
  'closeTheLoopBusinessDays',
  'interviewStatusBusinessDays',
  'askFeedbackBusinessDays',
  'adviceUpdateBusinessDays',
  'threeB7SecondContactBusinessDays',
  'threeB7FollowUpBusinessDays',
  'actOnAdviceBusinessDays',
  'informationalRequestBusinessDays',
] as const satisfies readonly (keyof PlaybookSettings)[];

function fail(field: string, message: string): never {
  throw new RangeError(`Playbook setting "${field}": ${message}`);
}

/**
 * Defaults merged with the overrides, validated. Throws a RangeError naming the field on an
 * impossible value (unknown zone, no working day, negative delay, unknown rule, min > max…).
 */
export function resolveSettings(partial: PlaybookSettingsInput = {}): PlaybookSettings {
  const d = DEFAULT_PLAYBOOK_SETTINGS;
  const pick = <K extends keyof PlaybookSettings>(k: K): PlaybookSettings[K] =>
    (partial[k as keyof PlaybookSettingsInput] ?? d[k]) as PlaybookSettings[K];

  const settings: PlaybookSettings = {
    timeZone: pick('timeZone'),
    workingDays: [...new Set(pick('workingDays'))].sort((a, b) => a - b),
    holidays: [...new Set(pick('holidays'))].sort(),
    thankYouBusinessDays: pick('thankYouBusinessDays'),
    nextDayCallBusinessDays: pick('nextDayCallBusinessDays'),
    reachReferralBusinessDays: pick('reachReferralBusinessDays'),
    closeTheLoopBusinessDays: pick('closeTheLoopBusinessDays'),
    interviewStatusBusinessDays: pick('interviewStatusBusinessDays'),
    askFeedbackBusinessDays: pick('askFeedbackBusinessDays'),
    adviceUpdateBusinessDays: pick('adviceUpdateBusinessDays'),
    threeB7SecondContactBusinessDays: pick('threeB7SecondContactBusinessDays'),
    threeB7FollowUpBusinessDays: pick('threeB7FollowUpBusinessDays'),
    inTheWorksMin: pick('inTheWorksMin'),
    inTheWorksMax: pick('inTheWorksMax'),
    inTheWorksRecentDays: pick('inTheWorksRecentDays'),
    topTargetCount: pick('topTargetCount'),
    defaultCadence: {
      idealDays: partial.defaultCadence?.idealDays ?? d.defaultCadence.idealDays,
      maxDays: partial.defaultCadence?.maxDays ?? d.defaultCadence.maxDays,
    },
    prepareLeadBusinessDays: pick('prepareLeadBusinessDays'),
    staleAfterDays: pick('staleAfterDays'),
    actOnAdviceBusinessDays: pick('actOnAdviceBusinessDays'),
    informationalRequestBusinessDays: pick('informationalRequestBusinessDays'),
    windows: { ...d.windows },
    rulePriority: [],
    enabledRules: [...new Set(pick('enabledRules'))],
  };
  for (const [id, days] of Object.entries(partial.windows ?? {})) {
    if (!isRuleId(id)) fail(`windows.${id}`, `unknown rule; known: ${RULE_IDS.join(', ')}`);
    if (days === undefined) continue;
    if (days !== null && (!Number.isInteger(days) || days < 0)) fail(`windows.${id}`, `must be a whole number of days ≥ 0, or null (never expires); got ${String(days)}`);
    settings.windows[id] = days;
  }
  const priority = [...new Set(partial.rulePriority ?? [])];
  for (const id of priority) {
    if (!isRuleId(id)) fail('rulePriority', `unknown rule ${JSON.stringify(id)}; known: ${RULE_IDS.join(', ')}`);
  }
  settings.rulePriority = [...(priority as RuleId[]), ...d.rulePriority.filter((id) => !priority.includes(id))];

  if (!isValidTimeZone(settings.timeZone)) fail('timeZone', `unknown IANA time zone ${JSON.stringify(settings.timeZone)}`);
  if (settings.workingDays.length === 0) fail('workingDays', 'at least one working day is needed');
  for (const wd of settings.workingDays) {
    if (!Number.isInteger(wd) || wd < 1 || wd > 7) fail('workingDays', `${String(wd)} is not an ISO weekday (1 = Monday … 7 = Sunday)`);
  }
  for (const h of settings.holidays) {
    try {
      toEpochDay(h);
    } catch {
      fail('holidays', `${JSON.stringify(h)} is not a date (YYYY-MM-DD)`);
    }
  }
  for (const field of WHOLE_DAY_FIELDS) {
    const v = settings[field];
    if (!Number.isInteger(v) || v < 0) fail(field, `must be a whole number ≥ 0; got ${String(v)}`);
  }
  if (settings.inTheWorksMin > settings.inTheWorksMax) fail('inTheWorksMin', 'must not exceed inTheWorksMax');
  const { idealDays, maxDays } = settings.defaultCadence;
  if (!Number.isInteger(idealDays) || idealDays < 1) fail('defaultCadence.idealDays', `must be a whole number ≥ 1; got ${String(idealDays)}`);
  if (!Number.isInteger(maxDays) || maxDays < idealDays) fail('defaultCadence.maxDays', `must be a whole number ≥ idealDays; got ${String(maxDays)}`);
  for (const id of settings.enabledRules) {
    if (!isRuleId(id)) fail('enabledRules', `unknown rule ${JSON.stringify(id)}; known: ${RULE_IDS.join(', ')}`);
  }
  return settings;
}
