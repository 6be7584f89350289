/**
 * The playbook's input (plain facts from the workspace) and output (proposed actions).
 *
 * All instants are ISO-8601 UTC strings (`2026-03-03T14:00:00.000Z`); all dates are
 * `YYYY-MM-DD` in the user's time zone (`settings.timeZone`).
 */
import type { TemplateContext, TemplateId } from '../templates/templates.js';
import type { PlaybookSettings } from './settings.js';
import type { RuleContext } from './context.js';

/** The 14 rules, in the order of the playbook table (the order of importance is a setting: `rulePriority`). */
export const RULE_IDS = [
  'thank-you',
  'next-day-call',
  'reach-referral',
  'close-the-loop',
  'interview-status',
  'ask-feedback',
  'advice-update',
  'act-on-advice',
  'keep-in-touch',
  '3b7',
  'in-the-works',
  'target-gap',
  'convert',
  'prepare',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}

/** The kinds of conversation, in the order forms offer them. The API's schema is built from this list. */
export const CONVERSATION_KINDS = [
  'networking-meeting',
  'informational-interview',
  'networking-interview',
  'job-interview',
  'call',
  'email',
  'event-encounter',
] as const;

export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

/** The kinds that are networking conversations (a "pre-interview"), as opposed to job interviews or plain messages. */
export const NETWORKING_KINDS: ReadonlySet<ConversationKind> = new Set<ConversationKind>([
  'networking-meeting',
  'informational-interview',
  'networking-interview',
]);

export interface Cadence {
  /** Calendar days after the last interaction when the contact turns yellow (check in). */
  idealDays: number;
  /** Calendar days after the last interaction when the contact turns red. */
  maxDays: number;
}

export interface PContact {
  id: string;
  displayName: string;
  firstName: string;
  organizationId: string | null;
  /** Per-contact keep-in-touch cadence; null = the default cadence (see keep-in-touch). */
  cadence: Cadence | null;
  createdAt: string;
  /**
   * The last interaction as the database keeps it, when the caller passes only recent
   * conversations (30,000 contacts, 150,000 conversations): the rules take the later of this
   * and what the conversations given say.
   */
  lastInteractionAt?: string | null;
}

export type TargetStatus = 'active' | 'paused' | 'dropped';

export interface POrganization {
  id: string;
  name: string;
  /** Present when the organization is on the target list. Rank 1 is the top target. */
  target: { rank: number; motivation: number; posting: number; status: TargetStatus } | null;
}

export type ConversationStatus = 'scheduled' | 'done' | 'cancelled';
export type ConversationDirection = 'inbound' | 'outbound' | 'mutual';

export interface PConversation {
  id: string;
  kind: ConversationKind;
  status: ConversationStatus;
  startsAt: string;
  participantIds: string[];
  direction: ConversationDirection;
  /** Outreach (email, call) that expects an answer. */
  awaitingReply: boolean;
  repliedAt: string | null;
  opportunityId: string | null;
  interviewRound: number | null;
}

export type ReferralStatus = 'offered' | 'contacted' | 'met' | 'led-to-interview' | 'led-to-offer';

/** `fromContactId` introduced me to `toContactId` (a person) or to `toOrganizationId`. */
export interface PReferral {
  id: string;
  fromContactId: string;
  toContactId: string | null;
  toOrganizationId: string | null;
  status: ReferralStatus;
  offeredAt: string;
  statusChangedAt: string;
}

export type AdviceKind = 'book' | 'course' | 'person' | 'company' | 'other';

export interface PAdvice {
  id: string;
  /** When the advice was recorded. */
  createdAt: string;
  /** The adviser. */
  contactId: string;
  title: string;
  kind: AdviceKind;
  status: 'open' | 'done' | 'dropped';
  doneAt: string | null;
  updateSentAt: string | null;
}

export type OpportunityStage =
  | 'lead'
  | 'applied'
  | 'screening'
  | 'interviewing'
  | 'offer'
  | 'accepted'
  | 'rejected'
  | 'withdrawn'
  | 'converted';

/** Stages in which an opportunity is still alive (a "thing in the works"). */
export const LIVE_STAGES: ReadonlySet<OpportunityStage> = new Set<OpportunityStage>([
  'lead',
  'applied',
  'screening',
  'interviewing',
  'offer',
]);

export interface POpportunity {
  id: string;
  title: string;
  organizationId: string;
  stage: OpportunityStage;
  stageChangedAt: string;
  referrerContactId: string | null;
  /** "The right company, the wrong job" (seed 002). */
  notAFit: boolean;
  interviewerIds: string[];
  /** The interviewer the seeker had rapport with (seed 001). */
  rapportInterviewerId: string | null;
}

export interface PlaybookInput {
  /** The clock: an ISO-8601 instant. The playbook never reads the system clock. */
  now: string;
  settings: PlaybookSettings;
  contacts: PContact[];
  organizations: POrganization[];
  conversations: PConversation[];
  referrals: PReferral[];
  advice: PAdvice[];
  opportunities: POpportunity[];
}

export type ActionChannel = 'email' | 'call' | 'meeting' | 'task';

export interface RecordRef {
  type: 'contact' | 'organization' | 'conversation' | 'referral' | 'advice' | 'opportunity';
  id: string;
}

export interface ProposedAction {
  /**
   * The action's identity: what it asks, about which outcome, of whom
   * (`thank-you:conversation:c1@stan`, see `identity.ts`). One per open action.
   */
  key: string;
  ruleId: RuleId;
  /** Short imperative ("Thank Stan Fields"). */
  title: string;
  /** A sentence for a person, naming people and dates ("You met Stan Fields on Tue 3 Mar: …"). */
  reason: string;
  /** Local date (`YYYY-MM-DD`) by which to act. */
  dueOn: string;
  channel: ActionChannel;
  /** The message template to offer, for actions that are messages. */
  templateId: TemplateId | null;
  /** The records the action concerns (the first contact listed is the main person). */
  subjects: RecordRef[];
  /** The contacts the message or call goes to (empty for tasks, or when the person is still to be found). */
  recipientContactIds: string[];
  /**
   * Values for the template placeholders, from the facts at compute time (names, formatted
   * dates). The caller adds `me` (the seeker) before `renderTemplate`.
   */
  templateContext: TemplateContext | null;
}

export type StoredActionStatus = 'open' | 'done' | 'snoozed' | 'dismissed' | 'obsolete';

export interface StoredAction {
  id: string;
  /** The `ProposedAction.key` it came from; null for manual actions. */
  key: string | null;
  /** Null for manual actions, which the playbook never touches. */
  ruleId: RuleId | null;
  status: StoredActionStatus;
  dueOn: string;
  snoozedUntil: string | null;
  title: string;
  reason: string;
}

/** One rule of the playbook. `evaluate` is pure: same input and context, same actions. */
export interface PlaybookRule {
  id: RuleId;
  /** One sentence for the settings screen: when the rule fires and what it proposes. */
  describe: string;
  evaluate(input: PlaybookInput, ctx: RuleContext): ProposedAction[];
}
