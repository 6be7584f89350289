import { DEFAULT_TEMPLATES, type MessageTemplate } from '../../../domain/templates/templates.js';
/**
 * Defaults the settings page shows next to your values, so that "reset" can say what it resets to.
 * They are copies of `src/domain/playbook/settings.ts` (DEFAULT_PLAYBOOK_SETTINGS) and
 * `src/domain/templates/templates.ts` (DEFAULT_TEMPLATES): the web may import only contracts.
 * test/cli/today.cli.test.ts fails when a copy drifts from the domain.
 */

export const PLAYBOOK_DEFAULTS = {
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5],
  holidays: [] as string[],
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
  enabledRules: ['thank-you', 'next-day-call', 'reach-referral', 'close-the-loop', 'interview-status', 'ask-feedback', 'advice-update', 'keep-in-touch', '3b7', 'in-the-works', 'target-gap', 'convert', 'prepare'],
};
export type PlaybookValues = typeof PLAYBOOK_DEFAULTS;

export type TemplateDefault = MessageTemplate;

/** The default texts are the domain's own (pure text, shared with the server: no copy to drift). */
export const TEMPLATE_DEFAULTS: Record<string, TemplateDefault> = DEFAULT_TEMPLATES;

export const TEMPLATE_IDS = Object.keys(TEMPLATE_DEFAULTS);

/** Who you are in messages: always available to every template. */
export const ME_PLACEHOLDERS = ['me.firstName', 'me.lastName', 'me.fullName'];

/** The placeholders a text uses (`{{contact.firstName}}`, and the names of `{{#x}}…{{/x}}` sections). */
export function placeholdersIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*[#^/]?\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}/g)) if (m[1]) found.add(m[1]);
  return [...found].sort();
}
