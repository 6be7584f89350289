/**
 * Insights (PRODUCT.md, Views): things in the works against the 6–10 band, weekly activity
 * against goals, the funnel from contacts to offers, interviews by source, target coverage, and
 * how people answer. Every metric is a pure function over plain records; the service gathers
 * them with a few set-based queries.
 */
import { addCalendarDays, isoWeekday, localDate, parseInstant } from './business-days.js';
import { responsiveness, type Outreach, type Responsiveness } from './contact-insight.js';

const DAY_MS = 86_400_000;

export interface IContact {
  id: string;
  organizationId: string | null;
  createdAt: string;
}

export interface IConversation {
  id: string;
  kind: string;
  status: string;
  startsAt: string;
  createdAt: string;
  participantIds: readonly string[];
  organizationId: string | null;
  opportunityId: string | null;
  direction: string;
  awaitingReply: boolean;
  repliedAt: string | null;
}

export interface IStageChange {
  to: string;
  at: string;
}

export interface IOpportunity {
  id: string;
  organizationId: string;
  source: string;
  stage: string;
  notAFit: boolean;
  createdAt: string;
  /** Every stage change, including the first stage at creation, oldest first. */
  history: readonly IStageChange[];
}

export interface ITarget {
  organizationId: string;
  rank: number;
  status: string;
}

export interface Goals {
  newContactsPerWeek: number;
  conversationsPerWeek: number;
  actionsDonePerWeek: number;
}

export const DEFAULT_GOALS: Readonly<Goals> = Object.freeze({ newContactsPerWeek: 5, conversationsPerWeek: 3, actionsDonePerWeek: 5 });

export interface InsightRecords {
  /** The clock, an ISO instant. */
  now: string;
  timeZone: string;
  /** How many weeks the series cover, the current one included. */
  weeks: number;
  band: { min: number; max: number };
  /** A networking conversation counts as in the works for this many days after it happened. */
  recentDays: number;
  topTargetCount: number;
  goals: Goals;
  contacts: readonly IContact[];
  conversations: readonly IConversation[];
  referrals: readonly { id: string; status: string }[];
  opportunities: readonly IOpportunity[];
  actionsDone: readonly { completedAt: string }[];
  targets: readonly ITarget[];
}

const LIVE = new Set(['lead', 'applied', 'screening', 'interviewing', 'offer']);
const NETWORKING = new Set(['networking-meeting', 'informational-interview', 'networking-interview']);
const STAGE_RANK: Record<string, number> = { lead: 0, applied: 1, screening: 2, interviewing: 3, offer: 4, accepted: 5 };
const ACTIVE_TARGET = new Set(['researching', 'networking', 'in-process']);

/** The Monday of a local date's ISO week. */
export function weekStart(dateIso: string): string {
  return addCalendarDays(dateIso, 1 - isoWeekday(dateIso));
}

/** The Mondays of the last `weeks` weeks in `timeZone`, oldest first, the current week last. */
export function weekStarts(nowIso: string, timeZone: string, weeks: number): string[] {
  const current = weekStart(localDate(nowIso, timeZone));
  return Array.from({ length: weeks }, (_, i) => addCalendarDays(current, -7 * (weeks - 1 - i)));
}

/** The stage an opportunity was in at `atMs` (null before it existed). */
export function stageAt(o: IOpportunity, atMs: number): string | null {
  if (parseInstant(o.createdAt) > atMs) return null;
  let stage: string | null = null;
  for (const h of o.history) {
    if (parseInstant(h.at) <= atMs) stage = h.to;
  }
  return stage ?? o.history[0]?.to ?? o.stage;
}

/** Whether an opportunity ever reached a stage (interviewing, offer), by its history or its stage now. */
export function reachedStage(o: IOpportunity, stage: 'interviewing' | 'offer'): boolean {
  const needed = STAGE_RANK[stage] ?? 0;
  return [o.stage, ...o.history.map((h) => h.to)].some((s) => (STAGE_RANK[s] ?? -1) >= needed);
}

export interface InTheWorksPoint {
  week: string;
  /** The moment counted: the end of the week, or now for the current one. */
  at: string;
  count: number;
  opportunities: number;
  people: number;
  band: 'below' | 'healthy' | 'above';
}

/**
 * Things in the works at one moment, as the playbook's `thingsInTheWorks` counts them now: live
 * opportunities (not "not a fit") plus people in a networking conversation that existed by then,
 * was not cancelled, and started within `recentDays` before that moment or later; a person whose
 * organization already counts through a live opportunity is not counted twice.
 */
export function inTheWorksAt(r: InsightRecords, atMs: number): { opportunities: number; people: number } {
  const liveOrgs = new Set<string>();
  let opportunities = 0;
  for (const o of r.opportunities) {
    const stage = stageAt(o, atMs);
    if (stage !== null && LIVE.has(stage) && !o.notAFit) {
      opportunities += 1;
      liveOrgs.add(o.organizationId);
    }
  }
  const orgOf = new Map(r.contacts.map((c) => [c.id, c.organizationId]));
  const since = atMs - r.recentDays * DAY_MS;
  const people = new Set<string>();
  for (const c of r.conversations) {
    if (!NETWORKING.has(c.kind) || c.status === 'cancelled') continue;
    if (parseInstant(c.createdAt) > atMs || parseInstant(c.startsAt) < since) continue;
    for (const id of c.participantIds) {
      if (!orgOf.has(id)) continue;
      const org = orgOf.get(id) ?? null;
      if (org !== null && liveOrgs.has(org)) continue;
      people.add(id);
    }
  }
  return { opportunities, people: people.size };
}

/** Things in the works at the end of each of the last weeks (now, for this week), against the band. */
export function inTheWorksOverTime(r: InsightRecords): InTheWorksPoint[] {
  const nowMs = parseInstant(r.now);
  return weekStarts(r.now, r.timeZone, r.weeks).map((week) => {
    // The end of the week: the next Monday at 00:00 local, roughly (UTC offsets matter less than a day here).
    const endMs = Math.min(nowMs, Date.parse(`${addCalendarDays(week, 7)}T00:00:00.000Z`) - 1);
    const { opportunities, people } = inTheWorksAt(r, endMs);
    const count = opportunities + people;
    return { week, at: new Date(endMs).toISOString(), count, opportunities, people, band: count < r.band.min ? 'below' : count > r.band.max ? 'above' : 'healthy' };
  });
}

export interface ActivityWeek {
  week: string;
  newContacts: number;
  conversations: number;
  actionsDone: number;
}

/** New contacts, conversations held and actions done per week (local weeks), oldest first. */
export function weeklyActivity(r: InsightRecords): ActivityWeek[] {
  const weeks = weekStarts(r.now, r.timeZone, r.weeks);
  const rows = new Map(weeks.map((w) => [w, { week: w, newContacts: 0, conversations: 0, actionsDone: 0 }]));
  const bucket = (instant: string) => rows.get(weekStart(localDate(instant, r.timeZone)));
  for (const c of r.contacts) {
    const row = bucket(c.createdAt);
    if (row) row.newContacts += 1;
  }
  const nowMs = parseInstant(r.now);
  for (const c of r.conversations) {
    if (c.status !== 'done' || parseInstant(c.startsAt) > nowMs) continue;
    const row = bucket(c.startsAt);
    if (row) row.conversations += 1;
  }
  for (const a of r.actionsDone) {
    const row = bucket(a.completedAt);
    if (row) row.actionsDone += 1;
  }
  return weeks.map((w) => rows.get(w)!);
}

export interface InterviewCount {
  opportunityId: string | null;
  source: string;
  count: number;
}

/**
 * Interviews: the job interviews held or scheduled (not cancelled), per opportunity; an
 * opportunity that reached interviewing with no round logged counts as one. Job interviews
 * linked to no opportunity count under the source "unlinked".
 */
export function interviewCounts(r: InsightRecords): InterviewCount[] {
  const rounds = new Map<string, number>();
  let unlinked = 0;
  const known = new Set(r.opportunities.map((o) => o.id));
  for (const c of r.conversations) {
    if (c.kind !== 'job-interview' || c.status === 'cancelled') continue;
    if (c.opportunityId && known.has(c.opportunityId)) rounds.set(c.opportunityId, (rounds.get(c.opportunityId) ?? 0) + 1);
    else unlinked += 1;
  }
  const out: InterviewCount[] = r.opportunities
    .map((o) => ({ opportunityId: o.id, source: o.source, count: Math.max(rounds.get(o.id) ?? 0, reachedStage(o, 'interviewing') ? 1 : 0) }))
    .filter((x) => x.count > 0);
  if (unlinked > 0) out.push({ opportunityId: null, source: 'unlinked', count: unlinked });
  return out;
}

export const INTERVIEW_SOURCES = ['referral', 'hidden-job', 'converted', 'posting', 'unlinked'] as const;
/** Sources that come from people (networking), as opposed to postings (seed 003: jobs come from people). */
export const NETWORKING_SOURCES: ReadonlySet<string> = new Set(['referral', 'hidden-job', 'converted']);

export interface InterviewsBySource {
  total: number;
  networking: number;
  posting: number;
  unlinked: number;
  bySource: { source: (typeof INTERVIEW_SOURCES)[number]; count: number }[];
}

export function interviewsBySource(r: InsightRecords): InterviewsBySource {
  const counts = new Map<string, number>(INTERVIEW_SOURCES.map((s) => [s, 0]));
  for (const i of interviewCounts(r)) counts.set(i.source, (counts.get(i.source) ?? 0) + i.count);
  const get = (s: string) => counts.get(s) ?? 0;
  const networking = [...NETWORKING_SOURCES].reduce((n, s) => n + get(s), 0);
  return {
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    networking,
    posting: get('posting'),
    unlinked: get('unlinked'),
    bySource: INTERVIEW_SOURCES.map((source) => ({ source, count: get(source) })),
  };
}

export interface FunnelStep {
  step: 'contacts' | 'conversations' | 'referrals' | 'interviews' | 'offers';
  label: string;
  count: number;
}

/**
 * Contacts → people you talked with (a conversation held) → referrals (introductions made to
 * you) → interviews → offers (opportunities that reached an offer).
 */
export function funnel(r: InsightRecords): FunnelStep[] {
  const nowMs = parseInstant(r.now);
  const known = new Set(r.contacts.map((c) => c.id));
  const talked = new Set<string>();
  for (const c of r.conversations) {
    if (c.status !== 'done' || parseInstant(c.startsAt) > nowMs) continue;
    for (const id of c.participantIds) if (known.has(id)) talked.add(id);
  }
  return [
    { step: 'contacts', label: 'Contacts', count: r.contacts.length },
    { step: 'conversations', label: 'Talked with', count: talked.size },
    { step: 'referrals', label: 'Referrals', count: r.referrals.length },
    { step: 'interviews', label: 'Interviews', count: interviewCounts(r).reduce((n, i) => n + i.count, 0) },
    { step: 'offers', label: 'Offers', count: r.opportunities.filter((o) => reachedStage(o, 'offer')).length },
  ];
}

export interface TargetCoverage {
  topTargets: number;
  withContact: number;
  withConversation: number;
  /** Shares of the top targets, 0–1 (0 when there is no target). */
  contactShare: number;
  conversationShare: number;
}

/** Of the top active targets (by rank, `topTargetCount` of them): how many have a contact, and a conversation held. */
export function targetCoverage(r: InsightRecords): TargetCoverage {
  const top = r.targets
    .filter((t) => ACTIVE_TARGET.has(t.status))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, r.topTargetCount);
  const ids = new Set(top.map((t) => t.organizationId));
  const withContact = new Set<string>();
  const orgOf = new Map<string, string>();
  for (const c of r.contacts) {
    if (c.organizationId && ids.has(c.organizationId)) {
      withContact.add(c.organizationId);
      orgOf.set(c.id, c.organizationId);
    }
  }
  const nowMs = parseInstant(r.now);
  const withConversation = new Set<string>();
  for (const c of r.conversations) {
    if (c.status !== 'done' || parseInstant(c.startsAt) > nowMs) continue;
    if (c.organizationId && ids.has(c.organizationId)) withConversation.add(c.organizationId);
    for (const p of c.participantIds) {
      const org = orgOf.get(p);
      if (org) withConversation.add(org);
    }
  }
  const n = top.length;
  return {
    topTargets: n,
    withContact: withContact.size,
    withConversation: withConversation.size,
    contactShare: n === 0 ? 0 : withContact.size / n,
    conversationShare: n === 0 ? 0 : withConversation.size / n,
  };
}

export interface ReplyStats {
  /** Messages and calls you made that asked for an answer. */
  outreaches: number;
  replied: number;
  /** replied / outreaches, 0–1 (0 with no outreach). */
  rate: number;
  people: Record<Responsiveness, number>;
}

/**
 * The reply rate of your outreach (outbound emails and calls that awaited an answer or got one),
 * and how many people are Boosters, Obligates and Curmudgeons (`responsiveness`).
 */
export function replyStats(r: InsightRecords, businessDaysBetween: (from: string, to: string) => number): ReplyStats {
  const today = localDate(r.now, r.timeZone);
  const known = new Set(r.contacts.map((c) => c.id));
  const byPerson = new Map<string, Outreach[]>();
  let outreaches = 0;
  let replied = 0;
  for (const c of r.conversations) {
    if (c.direction !== 'outbound' || (c.kind !== 'email' && c.kind !== 'call') || c.status !== 'done') continue;
    if (!c.awaitingReply && !c.repliedAt) continue;
    outreaches += 1;
    if (c.repliedAt) replied += 1;
    const o: Outreach = { sentOn: localDate(c.startsAt, r.timeZone), repliedOn: c.repliedAt ? localDate(c.repliedAt, r.timeZone) : null };
    for (const p of c.participantIds) {
      if (!known.has(p)) continue;
      const list = byPerson.get(p);
      if (list) list.push(o);
      else byPerson.set(p, [o]);
    }
  }
  const people: Record<Responsiveness, number> = { booster: 0, obligate: 0, curmudgeon: 0, unknown: 0 };
  for (const list of byPerson.values()) people[responsiveness(list, today, businessDaysBetween)] += 1;
  return { outreaches, replied, rate: outreaches === 0 ? 0 : replied / outreaches, people };
}
