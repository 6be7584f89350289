/**
 * Calendar dates (`YYYY-MM-DD`) as the playbook counts them: in the user's time zone, which the
 * API gives as Today's `today`. Arithmetic is done at noon UTC so that no zone or daylight
 * saving change can move a date.
 */

const toDate = (iso: string) => new Date(`${iso}T12:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const d = toDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  const day = toDate(iso).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The first Monday strictly after `iso`. */
export function nextMonday(iso: string): string {
  return addDays(iso, 8 - isoWeekday(iso));
}

/** "Mon 23 Nov" (with the year when it is not `today`'s year). */
export function formatDay(iso: string, today?: string): string {
  const withYear = today !== undefined && iso.slice(0, 4) !== today.slice(0, 4);
  return toDate(iso).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
}

/** "today", "tomorrow", "2 days overdue", "in 5 days" — how a due date reads from `today`. */
export function dueLabel(dueOn: string, today: string): string {
  const diff = daysBetween(today, dueOn);
  if (diff === 0) return 'today';
  if (diff === 1) return 'tomorrow';
  if (diff === -1) return 'yesterday';
  if (diff < 0) return `${-diff} days overdue`;
  return `in ${diff} days`;
}

export const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
