import type { ConversationKind } from '../contracts/conversation.schema.js';

/**
 * Pure rules of the mail and calendar import: who answered what (threads), which meeting kind a
 * calendar title suggests, and which open actions a sent message answers. No I/O.
 */

export interface ThreadMessage {
  /** The message's own key (its Message-ID's). */
  key: string;
  /** Keys of the messages it answers (In-Reply-To). */
  answers: readonly string[];
  /** Keys of every message of its thread it names (In-Reply-To and References). */
  thread: readonly string[];
  sentAtMs: number;
  outbound: boolean;
  /** Sender's address, lower case. */
  from: string;
  /** To, Cc and Bcc addresses, lower case. */
  recipients: readonly string[];
  subject: string;
}

export interface ThreadOutcome {
  /** An outreach: a message you sent that starts an exchange (or follows up your own), not a reply to theirs. */
  outreach: boolean;
  /** The first answer from one of its recipients, if any. */
  repliedAtMs: number | null;
}

const REPLY_PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|antw)\s*(?:\[\d+\])?\s*[:：]\s*)+/i;

/** The subject without "Re:", "Fwd:" and their translations, folded: the same for a whole thread. */
export function subjectKey(subject: string): string {
  return subject.replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function isReplySubject(subject: string): boolean {
  return /^\s*(?:re|aw|sv|vs|antw)\s*(?:\[\d+\])?\s*[:：]/i.test(subject);
}

/**
 * For each outbound message: is it an outreach, and when did one of its recipients first answer?
 * An answer is a later message from a recipient that names it in In-Reply-To or References;
 * failing those headers (some clients drop them), a later "Re:" of the same subject from a
 * recipient that names no thread at all.
 */
export function threadOutcomes(messages: readonly ThreadMessage[]): Map<string, ThreadOutcome> {
  const byKey = new Map<string, ThreadMessage>();
  for (const m of messages) if (!byKey.has(m.key)) byKey.set(m.key, m);
  const answersTo = new Map<string, ThreadMessage[]>();
  const headerless = new Map<string, ThreadMessage[]>();
  for (const m of messages) {
    if (m.outbound) continue;
    for (const k of new Set(m.thread)) {
      const list = answersTo.get(k);
      if (list) list.push(m);
      else answersTo.set(k, [m]);
    }
    if (m.thread.length === 0 && isReplySubject(m.subject)) {
      const k = subjectKey(m.subject);
      const list = headerless.get(k);
      if (list) list.push(m);
      else headerless.set(k, [m]);
    }
  }
  const out = new Map<string, ThreadOutcome>();
  for (const m of messages) {
    if (!m.outbound || out.has(m.key)) continue;
    const outreach = m.answers.length === 0 ? !isReplySubject(m.subject) : m.answers.every((k) => byKey.get(k)?.outbound === true);
    const recipients = new Set(m.recipients);
    let repliedAtMs: number | null = null;
    const consider = (r: ThreadMessage) => {
      if (r.sentAtMs > m.sentAtMs && recipients.has(r.from) && (repliedAtMs === null || r.sentAtMs < repliedAtMs)) repliedAtMs = r.sentAtMs;
    };
    for (const r of answersTo.get(m.key) ?? []) consider(r);
    for (const r of headerless.get(subjectKey(m.subject)) ?? []) consider(r);
    out.set(m.key, { outreach, repliedAtMs });
  }
  return out;
}

/**
 * The kind of conversation a calendar title suggests; the user may change it in the preview.
 * Checked in order: the most specific words first.
 */
export function guessMeetingKind(title: string): ConversationKind {
  const t = title.toLowerCase();
  if (/informational|info(?:rmation)? interview|entretien d'information/.test(t)) return 'informational-interview';
  if (/networking interview/.test(t)) return 'networking-interview';
  if (/interview|entretien|vorstellungsgespr|screening|onsite|on-site|hiring manager|recruiter|panel/.test(t)) return 'job-interview';
  if (/coffee|caf[eé]|lunch|breakfast|dinner|drinks?\b|networking|catch[ -]?up|meet(?:ing)? with|intro/.test(t)) return 'networking-meeting';
  if (/\bcall\b|phone|zoom|teams|hangout|video/.test(t)) return 'call';
  return 'networking-meeting';
}

export interface OpenEmailAction {
  id: string;
  /** Contacts the action asks you to write to. */
  recipientIds: readonly string[];
  /** What it answers happened at this instant (the conversation it is about, else when it was proposed). */
  sinceMs: number;
}

export interface SentMessage {
  contactIds: readonly string[];
  sentAtMs: number;
}

/**
 * Open email actions that a sent message answers: one to one of its recipients, sent after what
 * the action is about (a thank-you after the meeting, a follow-up after the outreach). Returns
 * each answered action with the first message that answered it.
 */
export function answeredActions(actions: readonly OpenEmailAction[], sent: readonly SentMessage[]): Map<string, number> {
  const firstSentTo = new Map<string, number[]>();
  for (const s of sent) {
    for (const id of s.contactIds) {
      const list = firstSentTo.get(id);
      if (list) list.push(s.sentAtMs);
      else firstSentTo.set(id, [s.sentAtMs]);
    }
  }
  const out = new Map<string, number>();
  for (const a of actions) {
    let first: number | null = null;
    for (const id of a.recipientIds) {
      for (const at of firstSentTo.get(id) ?? []) if (at > a.sinceMs && (first === null || at < first)) first = at;
    }
    if (first !== null) out.set(a.id, first);
  }
  return out;
}
