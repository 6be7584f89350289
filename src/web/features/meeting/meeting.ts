import type { ConversationKind, ConversationStatus } from '../../../contracts/conversation.schema.js';

/** Kinds that have a meeting mode: the interviews and meetings, not calls, emails or encounters. */
export const MEETING_KINDS: readonly ConversationKind[] = ['networking-interview', 'informational-interview', 'networking-meeting', 'job-interview'];

export const canMeet = (c: { kind: ConversationKind; status: ConversationStatus }) => c.status === 'scheduled' && MEETING_KINDS.includes(c.kind);

/** Seed 004: 15 to 20 minutes. Amber from 15, red from 20. */
export const AMBER_AT_SECONDS = 15 * 60;
export const RED_AT_SECONDS = 20 * 60;
export type TimerTone = 'normal' | 'amber' | 'red';
export function timerTone(seconds: number): TimerTone {
  if (seconds >= RED_AT_SECONDS) return 'red';
  if (seconds >= AMBER_AT_SECONDS) return 'amber';
  return 'normal';
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
