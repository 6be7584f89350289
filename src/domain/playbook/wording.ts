/** Small helpers that write the reasons: dates like "Tue 3 Mar", lists like "A, B and C". */
import { toEpochDay, weekdayOfEpochDay } from '../business-days.js';
import type { ConversationKind } from './playbook.types.js';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `2026-03-03` → `Tue 3 Mar`. The year is added when it differs from the year of
 * `referenceDateIso` (today), so an old date reads `Mon 3 Mar 2025`.
 */
export function formatDate(dateIso: string, referenceDateIso?: string): string {
  const day = toEpochDay(dateIso);
  const [y, m, d] = dateIso.split('-');
  const base = `${WEEKDAYS[weekdayOfEpochDay(day)]} ${Number(d)} ${MONTHS[Number(m) - 1]}`;
  return referenceDateIso !== undefined && referenceDateIso.slice(0, 4) !== y ? `${base} ${y}` : base;
}

/** `['A']` → `A`; `['A', 'B']` → `A and B`; `['A', 'B', 'C']` → `A, B and C`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const KIND_PHRASES: Record<ConversationKind, string> = {
  'networking-meeting': 'networking meeting',
  'informational-interview': 'informational interview',
  'networking-interview': 'networking interview',
  'job-interview': 'job interview',
  call: 'call',
  email: 'email',
  'event-encounter': 'event',
};

/** `networking-interview` → `networking interview`. */
export function kindPhrase(kind: ConversationKind): string {
  return KIND_PHRASES[kind];
}

/** "a networking interview", "an informational interview", "an event". */
export function withArticle(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
