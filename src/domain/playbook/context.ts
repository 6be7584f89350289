/**
 * The evaluation context: the input indexed once (by id, by contact, by organization, by
 * opportunity) so that every rule runs in linear time over a workspace of 30,000 contacts and
 * 150,000 conversations. Rules read from it; nothing in it changes after it is built.
 */
import {
  CompiledCalendar,
  addCalendarDays,
  fromEpochDay,
  localEpochDayOfMs,
  localTime,
  parseInstant,
  toEpochDay,
} from '../business-days.js';
import { BUSINESS_DAY_DELAY_FIELDS, type PlaybookSettings } from './settings.js';
import { formatDate } from './wording.js';
import type { RuleMemo } from './memo.js';
import { indexContacts, type ContactIndexes } from './contact-indexes.js';
import { NETWORKING_KINDS } from './playbook.types.js';
import type {
  RuleId,
  PContact,
  PConversation,
  PlaybookInput,
  POpportunity,
  POrganization,
  PReferral,
} from './playbook.types.js';

const DAY_MS = 86_400_000;
/** In `contactFacts.lastInteractionConversation`: the last interaction came from `PContact.lastInteractionAt`. */
export const KNOWN_FROM_CALLER = -2;

/** What the conversations say about one contact. */
export interface ContactStats {
  readonly contactId: string;
  /** The contact, when the id is a known contact. */
  readonly contact: PContact | undefined;
  /** Start (as given) of the latest `done` conversation they took part in that started at or before now — the "last interaction". */
  readonly lastInteractionAt: string | null;
  /** The same in epoch ms (-Infinity when none). */
  readonly lastInteractionMs: number;
  /** Number of such done conversations. */
  readonly doneCount: number;
  /** Start (epoch ms) of their latest non-cancelled conversation, whatever its status or date (-Infinity when none). */
  readonly lastTouchMs: number;
  /** Start (epoch ms) of their earliest scheduled conversation at or after now (Infinity when none). */
  readonly nextScheduledMs: number;
}

/** A conversation with its start in epoch ms. */
export interface TimedConversation {
  conversation: PConversation;
  startMs: number;
}

/** The job interviews of one opportunity. */
export interface OpportunityInterviews {
  /** The latest `done` job interview for it that started at or before now. */
  latestDone: TimedConversation | null;
  /** A job interview for it is scheduled at or after now. */
  hasUpcoming: boolean;
}

export class RuleContext {
  readonly input: PlaybookInput;
  readonly settings: PlaybookSettings;
  readonly calendar: CompiledCalendar;
  readonly nowMs: number;
  /** Today in the user's zone. */
  readonly today: string;
  /** Today as an epoch day (see `toEpochDay`). */
  readonly todayDay: number;
  /** Actions due before this date are stale and not proposed by the deadline rules. */
  readonly staleBefore: string;
  /**
   * Instant (epoch ms) before which no fact can produce a non-stale deadline action (its action
   * would be due at most the largest business-day delay later). Rules use it to skip old
   * records with one comparison.
   */
  readonly recentCutoffMs: number;

  /** Position of each contact in `input.contacts` (the first one, should an id repeat). */
  readonly contactIndex: ReadonlyMap<string, number>;
  readonly organizationsById = new Map<string, POrganization>();
  readonly opportunitiesById = new Map<string, POpportunity>();
  /** The contacts of each organization, in the order of `input.contacts`. */
  readonly contactsByOrganization: ReadonlyMap<string, readonly PContact[]>;
  readonly referralsByFrom = new Map<string, PReferral[]>();
  readonly referralsByTo = new Map<string, PReferral[]>();
  readonly interviewsByOpportunity = new Map<string, OpportunityInterviews>();
  /**
   * Conversation facts per contact, indexed like `input.contacts` (typed arrays: one pass over
   * 150,000 conversations writes here without allocating an object per contact).
   * - `lastInteractionMs`: start of the latest `done` conversation they took part in that
   *   started at or before now — the "last interaction" (-Infinity when none);
   * - `lastInteractionConversation`: its index in `input.conversations` (-1 when none);
   * - `doneCount`: how many such conversations;
   * - `lastTouchMs`: start of their latest non-cancelled conversation of any status or date;
   * - `nextScheduledMs`: start of their earliest scheduled conversation at or after now (Infinity when none).
   */
  readonly contactFacts: {
    readonly lastInteractionMs: Float64Array;
    readonly lastInteractionConversation: Int32Array;
    readonly doneCount: Int32Array;
    readonly lastTouchMs: Float64Array;
    readonly nextScheduledMs: Float64Array;
  };
  /** `done` conversations that started at or before now and recently enough to still matter to a deadline rule. */
  readonly recentDone: TimedConversation[] = [];
  /** `scheduled` conversations starting at or after now, earliest first. */
  readonly upcoming: TimedConversation[] = [];
  /**
   * Non-cancelled networking conversations (networking meeting, informational or networking
   * interview) starting within the last `inTheWorksRecentDays` days or later — what
   * `thingsInTheWorks` counts people from.
   */
  readonly liveNetworking: PConversation[] = [];

  private readonly sortedReferralsTo = new Map<string, readonly PReferral[]>();
  private readonly fmtCache = new Map<number, string>();
  private readonly expiryCache = new Map<number, string>();

  /** Results of rules remembered across computations for the same day and settings (see `RuleMemo`). */
  readonly memo: RuleMemo | undefined;

  constructor(input: PlaybookInput, options: ContextOptions = {}) {
    this.input = input;
    this.settings = input.settings;
    this.calendar = new CompiledCalendar(input.settings);
    this.nowMs = parseInstant(input.now);
    this.todayDay = localEpochDayOfMs(this.nowMs, this.settings.timeZone);
    this.today = fromEpochDay(this.todayDay);
    this.staleBefore = addCalendarDays(this.today, -this.settings.staleAfterDays);
    this.memo = options.memo && options.memo.validFor === memoKey(this.today, input.settings) ? options.memo : undefined;

    const contacts = input.contacts;
    const n = contacts.length;
    if (options.indexes) {
      ({ contactIndex: this.contactIndex, contactsByOrganization: this.contactsByOrganization } = options.indexes);
    } else {
      const built = indexContacts(contacts);
      this.contactIndex = built.contactIndex;
      this.contactsByOrganization = built.contactsByOrganization;
    }
    const facts = {
      lastInteractionMs: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
      lastInteractionConversation: new Int32Array(n).fill(-1),
      doneCount: new Int32Array(n),
      lastTouchMs: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
      nextScheduledMs: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    };
    this.contactFacts = facts;
    const { lastInteractionMs, lastInteractionConversation, doneCount, lastTouchMs, nextScheduledMs } = facts;
    const contactIndex = this.contactIndex;
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
    this.recentCutoffMs = recentCutoffMs;

    const networkingSinceMs = this.nowMs - this.settings.inTheWorksRecentDays * DAY_MS;

    const nowMs = this.nowMs;
    const conversations = input.conversations;
    for (let i = 0; i < conversations.length; i += 1) {
      const conv = conversations[i]!;
      if (conv.status === 'cancelled') continue;
      const start = parseInstant(conv.startsAt);
      const done = conv.status === 'done' && start <= nowMs;
      const upcoming = conv.status === 'scheduled' && start >= nowMs;
      const ids = conv.participantIds;
      for (let p = 0; p < ids.length; p += 1) {
        // Unknown participants are skipped: no rule acts on someone who is not a contact.
        const k = contactIndex.get(ids[p]!);
        if (k === undefined) continue;
        if (start > lastTouchMs[k]!) lastTouchMs[k] = start;
        if (done) {
          doneCount[k] = doneCount[k]! + 1;
          if (start > lastInteractionMs[k]!) {
            lastInteractionMs[k] = start;
            lastInteractionConversation[k] = i;
          }
        } else if (upcoming && start < nextScheduledMs[k]!) {
          nextScheduledMs[k] = start;
        }
      }
      if (done && start >= recentCutoffMs) this.recentDone.push({ conversation: conv, startMs: start });
      if (upcoming) this.upcoming.push({ conversation: conv, startMs: start });
      if (start >= networkingSinceMs && NETWORKING_KINDS.has(conv.kind)) this.liveNetworking.push(conv);
      if (conv.kind === 'job-interview' && conv.opportunityId !== null && (done || upcoming)) {
        let iv = this.interviewsByOpportunity.get(conv.opportunityId);
        if (!iv) {
          iv = { latestDone: null, hasUpcoming: false };
          this.interviewsByOpportunity.set(conv.opportunityId, iv);
        }
        if (upcoming) iv.hasUpcoming = true;
        else if (!iv.latestDone || start > iv.latestDone.startMs) iv.latestDone = { conversation: conv, startMs: start };
      }
    }
    this.upcoming.sort((a, b) => a.startMs - b.startMs || cmp(a.conversation.id, b.conversation.id));

    // A caller that passes only recent conversations gives each contact's last interaction as
    // the database keeps it: the later of the two counts, and it counts as one done
    // conversation. -2 in lastInteractionConversation marks "known from the caller".
    for (let k = 0; k < n; k += 1) {
      const c = contacts[k]!;
      const known = c.lastInteractionAt;
      if (!known || contactIndex.get(c.id) !== k) continue;
      const ms = parseInstant(known);
      if (ms > nowMs || ms <= lastInteractionMs[k]!) continue;
      lastInteractionMs[k] = ms;
      lastInteractionConversation[k] = KNOWN_FROM_CALLER;
      if (doneCount[k] === 0) doneCount[k] = 1;
      if (ms > lastTouchMs[k]!) lastTouchMs[k] = ms;
    }
  }

  /** Conversation facts about a contact, by id (an empty record for an unknown id). */
  statsOf(contactId: string): ContactStats {
    const k = this.contactIndex.get(contactId);
    const f = this.contactFacts;
    if (k === undefined) {
      return {
        contactId,
        contact: undefined,
        lastInteractionAt: null,
        lastInteractionMs: Number.NEGATIVE_INFINITY,
        doneCount: 0,
        lastTouchMs: Number.NEGATIVE_INFINITY,
        nextScheduledMs: Number.POSITIVE_INFINITY,
      };
    }
    const conv = f.lastInteractionConversation[k]!;
    return {
      contactId,
      contact: this.input.contacts[k],
      lastInteractionAt: conv >= 0 ? (this.input.conversations[conv]?.startsAt ?? null) : conv === KNOWN_FROM_CALLER ? (this.input.contacts[k]?.lastInteractionAt ?? null) : null,
      lastInteractionMs: f.lastInteractionMs[k]!,
      doneCount: f.doneCount[k]!,
      lastTouchMs: f.lastTouchMs[k]!,
      nextScheduledMs: f.nextScheduledMs[k]!,
    };
  }

  contact(id: string | null | undefined): PContact | undefined {
    if (id === null || id === undefined) return undefined;
    const k = this.contactIndex.get(id);
    return k === undefined ? undefined : this.input.contacts[k];
  }

  organization(id: string | null | undefined): POrganization | undefined {
    return id === null || id === undefined ? undefined : this.organizationsById.get(id);
  }

  /** Known contacts among the ids, in order, without duplicates. */
  knownContacts(ids: readonly string[]): PContact[] {
    const out: PContact[] = [];
    for (const id of ids) {
      const c = this.contact(id);
      if (c && !out.includes(c)) out.push(c);
    }
    return out;
  }

  /** Epoch milliseconds of an instant (a date-time without zone is read as UTC). */
  ms(instantIso: string): number {
    return parseInstant(instantIso);
  }

  /** Calendar date of an instant in the user's zone. */
  localDate(instantIso: string): string {
    return fromEpochDay(localEpochDayOfMs(parseInstant(instantIso), this.settings.timeZone));
  }

  localDateOfMs(epochMs: number): string {
    return fromEpochDay(localEpochDayOfMs(epochMs, this.settings.timeZone));
  }

  /** Local calendar date of an instant as an epoch day (no string work, for hot loops). */
  localEpochDayOfMs(epochMs: number): number {
    return localEpochDayOfMs(epochMs, this.settings.timeZone);
  }

  /** `HH:mm` of an instant in the user's zone. */
  localTime(instantIso: string): string {
    return localTime(instantIso, this.settings.timeZone);
  }

  addBusinessDays(dateIso: string, n: number): string {
    return fromEpochDay(this.calendar.addBusinessEpochDays(toEpochDay(dateIso), n));
  }

  /** False when the instant is too old for any deadline rule to care about (a cheap pre-check before `isStale`). */
  isRecent(instantIso: string): boolean {
    return parseInstant(instantIso) >= this.recentCutoffMs;
  }

  /** True when a deadline-rule action due on this date is too old to propose (see `staleAfterDays`). */
  isStale(dueOn: string): boolean {
    return dueOn < this.staleBefore;
  }

  /**
   * True when the rule's action due on this date has expired: its window (`settings.windows`,
   * capped by `staleAfterDays`) has passed. A record logged after the fact (three interviews
   * entered weeks later) then proposes nothing for a moment that has passed.
   */
  isExpired(ruleId: RuleId, dueOn: string): boolean {
    if (dueOn < this.staleBefore) return true;
    const window = this.settings.windows[ruleId];
    if (window === null || window === undefined) return false;
    let cutoff = this.expiryCache.get(window);
    if (cutoff === undefined) {
      cutoff = addCalendarDays(this.today, -window);
      this.expiryCache.set(window, cutoff);
    }
    return dueOn < cutoff;
  }

  /** "Tue 3 Mar" (with the year when it is not this year). */
  fmt(dateIso: string): string {
    const day = toEpochDay(dateIso);
    let text = this.fmtCache.get(day);
    if (text === undefined) {
      text = formatDate(dateIso, this.today);
      this.fmtCache.set(day, text);
    }
    return text;
  }

  /** Referrals that introduced you to this contact, oldest offer first (then id). */
  referralsTo(contactId: string): readonly PReferral[] {
    let list = this.sortedReferralsTo.get(contactId);
    if (list === undefined) {
      const raw = this.referralsByTo.get(contactId) ?? [];
      list =
        raw.length <= 1
          ? raw
          : raw
              .map((r) => ({ r, at: parseInstant(r.offeredAt) }))
              .sort((a, b) => a.at - b.at || cmp(a.r.id, b.r.id))
              .map((x) => x.r);
      this.sortedReferralsTo.set(contactId, list);
    }
    return list;
  }

  /** The person or organization a referral points to, by name. */
  referralTargetName(r: PReferral): string | null {
    return this.contact(r.toContactId)?.displayName ?? this.organization(r.toOrganizationId)?.name ?? null;
  }
}

export interface ContextOptions {
  /** Results of rules remembered from earlier computations (see `RuleMemo`). */
  memo?: RuleMemo | undefined;
  /**
   * The contact indexes, kept up to date by a caller that holds the facts between two
   * computations (`IndexedContacts`). They must be exactly what `indexContacts(input.contacts)`
   * returns.
   */
  indexes?: ContactIndexes | undefined;
}

export function buildContext(input: PlaybookInput, options: ContextOptions = {}): RuleContext {
  return new RuleContext(input, options);
}

/** What a `RuleMemo` must be made for: the local date and every setting. */
export function memoKey(today: string, settings: PlaybookSettings): string {
  return `${today}|${JSON.stringify(settings)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Plain code-unit order (locale-independent, so output is the same on every machine). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
