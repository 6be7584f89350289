/**
 * The evaluation context: the input indexed once (by id, by contact, by organization, by
 * opportunity) so that every rule runs in linear time over a workspace of 30,000 contacts and
 * 150,000 conversations. Rules read from it; nothing in it changes after it is built.
 */
import {
  CompiledCalendar,
  addCalendarDays,
  fromEpochDay,
  localDateOfMs,
  localTime,
  parseInstant,
  toEpochDay,
} from '../business-days.js';
import { BUSINESS_DAY_DELAY_FIELDS, type PlaybookSettings } from './settings.js';
import { formatDate } from './wording.js';
import type {
  PContact,
  PConversation,
  PlaybookInput,
  POpportunity,
  POrganization,
  PReferral,
} from './playbook.types.js';

const DAY_MS = 86_400_000;

/** What the conversations say about one contact. */
export interface ContactStats {
  /** Latest `done` conversation they took part in that started at or before now (the "last interaction"). */
  lastInteractionAt: string | null;
  lastInteractionMs: number;
  /** Number of such done conversations. */
  doneCount: number;
  /** Start of their latest non-cancelled conversation, whatever its status or date (any sign of contact). */
  lastTouchMs: number;
  /** Start of their earliest scheduled conversation at or after now (Infinity when none). */
  nextScheduledMs: number;
}

/** A conversation with its start parsed once. */
export interface TimedConversation {
  conversation: PConversation;
  startMs: number;
}

/** The job interviews of one opportunity. */
export interface OpportunityInterviews {
  latestDone: TimedConversation | null;
  /** A job interview for it is scheduled at or after now. */
  hasUpcoming: boolean;
}

const NO_STATS: ContactStats = Object.freeze({
  lastInteractionAt: null,
  lastInteractionMs: Number.NEGATIVE_INFINITY,
  doneCount: 0,
  lastTouchMs: Number.NEGATIVE_INFINITY,
  nextScheduledMs: Number.POSITIVE_INFINITY,
});

export class RuleContext {
  readonly input: PlaybookInput;
  readonly settings: PlaybookSettings;
  readonly calendar: CompiledCalendar;
  readonly nowMs: number;
  /** Today in the user's zone. */
  readonly today: string;
  /** Actions due before this date are stale and not proposed by the deadline rules. */
  readonly staleBefore: string;

  readonly contactsById = new Map<string, PContact>();
  readonly organizationsById = new Map<string, POrganization>();
  readonly opportunitiesById = new Map<string, POpportunity>();
  readonly contactsByOrganization = new Map<string, PContact[]>();
  readonly referralsByFrom = new Map<string, PReferral[]>();
  readonly referralsByTo = new Map<string, PReferral[]>();
  readonly contactStats = new Map<string, ContactStats>();
  readonly interviewsByOpportunity = new Map<string, OpportunityInterviews>();
  /** `done` conversations that started at or before now and recently enough to still matter to a deadline rule. */
  readonly recentDone: TimedConversation[] = [];
  /** `scheduled` conversations starting at or after now, earliest first. */
  readonly upcoming: TimedConversation[] = [];
  /** Start (epoch ms) of `input.conversations[i]`. */
  readonly conversationStartMs: Float64Array;

  constructor(input: PlaybookInput) {
    this.input = input;
    this.settings = input.settings;
    this.calendar = new CompiledCalendar(input.settings);
    this.nowMs = parseInstant(input.now);
    this.today = localDateOfMs(this.nowMs, this.settings.timeZone);
    this.staleBefore = addCalendarDays(this.today, -this.settings.staleAfterDays);

    for (const c of input.contacts) {
      this.contactsById.set(c.id, c);
      if (c.organizationId !== null) push(this.contactsByOrganization, c.organizationId, c);
    }
    for (const o of input.organizations) this.organizationsById.set(o.id, o);
    for (const o of input.opportunities) this.opportunitiesById.set(o.id, o);
    for (const r of input.referrals) {
      push(this.referralsByFrom, r.fromContactId, r);
      if (r.toContactId !== null) push(this.referralsByTo, r.toContactId, r);
    }

    // The oldest conversation a deadline rule can still care about: its action would be due at
    // most `maxDelay` business days after it and is dropped once due before `staleBefore`.
    // Two extra days cover any zone offset between the UTC instant and the local date.
    const maxDelay = Math.max(...BUSINESS_DAY_DELAY_FIELDS.map((f) => this.settings[f]));
    const earliestDay = this.calendar.addBusinessEpochDays(toEpochDay(this.staleBefore), -maxDelay);
    const recentCutoffMs = (earliestDay - 2) * DAY_MS;

    const nowMs = this.nowMs;
    const conversations = input.conversations;
    this.conversationStartMs = new Float64Array(conversations.length);
    for (let i = 0; i < conversations.length; i += 1) {
      const conv = conversations[i]!;
      const startMs = parseInstant(conv.startsAt);
      this.conversationStartMs[i] = startMs;
      if (conv.status === 'cancelled') continue;
      const done = conv.status === 'done' && startMs <= nowMs;
      const upcoming = conv.status === 'scheduled' && startMs >= nowMs;
      for (const pid of conv.participantIds) {
        let s = this.contactStats.get(pid);
        if (!s) {
          s = { ...NO_STATS };
          this.contactStats.set(pid, s);
        }
        if (startMs > s.lastTouchMs) s.lastTouchMs = startMs;
        if (done) {
          s.doneCount += 1;
          if (startMs > s.lastInteractionMs) {
            s.lastInteractionMs = startMs;
            s.lastInteractionAt = conv.startsAt;
          }
        } else if (upcoming && startMs < s.nextScheduledMs) {
          s.nextScheduledMs = startMs;
        }
      }
      if (done && startMs >= recentCutoffMs) this.recentDone.push({ conversation: conv, startMs });
      if (upcoming) this.upcoming.push({ conversation: conv, startMs });
      if (conv.kind === 'job-interview' && conv.opportunityId !== null && (done || upcoming)) {
        let iv = this.interviewsByOpportunity.get(conv.opportunityId);
        if (!iv) {
          iv = { latestDone: null, hasUpcoming: false };
          this.interviewsByOpportunity.set(conv.opportunityId, iv);
        }
        if (upcoming) iv.hasUpcoming = true;
        else if (!iv.latestDone || startMs > iv.latestDone.startMs) iv.latestDone = { conversation: conv, startMs };
      }
    }
    this.upcoming.sort((a, b) => a.startMs - b.startMs || cmp(a.conversation.id, b.conversation.id));
  }

  /** Conversation facts about a contact (an empty record when they have none). */
  statsOf(contactId: string): ContactStats {
    return this.contactStats.get(contactId) ?? NO_STATS;
  }

  contact(id: string | null | undefined): PContact | undefined {
    return id === null || id === undefined ? undefined : this.contactsById.get(id);
  }

  organization(id: string | null | undefined): POrganization | undefined {
    return id === null || id === undefined ? undefined : this.organizationsById.get(id);
  }

  /** Known contacts among the ids, in order, without duplicates. */
  knownContacts(ids: readonly string[]): PContact[] {
    const out: PContact[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const c = this.contactsById.get(id);
      if (c && !seen.has(id)) {
        seen.add(id);
        out.push(c);
      }
    }
    return out;
  }

  /** Epoch milliseconds of an instant (a date-time without zone is read as UTC). */
  ms(instantIso: string): number {
    return parseInstant(instantIso);
  }

  /** Calendar date of an instant in the user's zone. */
  localDate(instantIso: string): string {
    return localDateOfMs(parseInstant(instantIso), this.settings.timeZone);
  }

  localDateOfMs(epochMs: number): string {
    return localDateOfMs(epochMs, this.settings.timeZone);
  }

  /** `HH:mm` of an instant in the user's zone. */
  localTime(instantIso: string): string {
    return localTime(instantIso, this.settings.timeZone);
  }

  addBusinessDays(dateIso: string, n: number): string {
    return fromEpochDay(this.calendar.addBusinessEpochDays(toEpochDay(dateIso), n));
  }

  /** True when a deadline-rule action due on this date is too old to propose (see `staleAfterDays`). */
  isStale(dueOn: string): boolean {
    return dueOn < this.staleBefore;
  }

  /** "Tue 3 Mar" (with the year when it is not this year). */
  fmt(dateIso: string): string {
    return formatDate(dateIso, this.today);
  }

  /** The person or organization a referral points to, by name. */
  referralTargetName(r: PReferral): string | null {
    return this.contact(r.toContactId)?.displayName ?? this.organization(r.toOrganizationId)?.name ?? null;
  }
}

export function buildContext(input: PlaybookInput): RuleContext {
  return new RuleContext(input);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
