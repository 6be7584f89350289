/** All rules, in the order of the playbook table (the tie-break order of actions due the same day). */
import type { PlaybookRule, RuleId } from '../playbook.types.js';
import { thankYouRule } from './thank-you.rule.js';
import { nextDayCallRule } from './next-day-call.rule.js';
import { reachReferralRule } from './reach-referral.rule.js';
import { closeTheLoopRule } from './close-the-loop.rule.js';
import { interviewStatusRule } from './interview-status.rule.js';
import { askFeedbackRule } from './ask-feedback.rule.js';
import { adviceUpdateRule } from './advice-update.rule.js';
import { actOnAdviceRule } from './act-on-advice.rule.js';
import { keepInTouchRule } from './keep-in-touch.rule.js';
import { threeB7Rule } from './3b7.rule.js';
import { inTheWorksRule } from './in-the-works.rule.js';
import { targetGapRule } from './target-gap.rule.js';
import { convertRule } from './convert.rule.js';
import { prepareRule } from './prepare.rule.js';

export const RULES: readonly PlaybookRule[] = [
  thankYouRule,
  nextDayCallRule,
  reachReferralRule,
  closeTheLoopRule,
  interviewStatusRule,
  askFeedbackRule,
  adviceUpdateRule,
  actOnAdviceRule,
  keepInTouchRule,
  threeB7Rule,
  inTheWorksRule,
  targetGapRule,
  convertRule,
  prepareRule,
];

export const RULES_BY_ID: ReadonlyMap<RuleId, PlaybookRule> = new Map(RULES.map((r) => [r.id, r]));

export {
  thankYouRule,
  nextDayCallRule,
  reachReferralRule,
  closeTheLoopRule,
  interviewStatusRule,
  askFeedbackRule,
  adviceUpdateRule,
  actOnAdviceRule,
  keepInTouchRule,
  threeB7Rule,
  inTheWorksRule,
  targetGapRule,
  convertRule,
  prepareRule,
};
