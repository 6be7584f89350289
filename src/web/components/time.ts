/** Dates and times as a person reads them, in the browser's time zone. */

/** The browser's IANA time zone (what the user's clock shows). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of an <input type="datetime-local"> (local wall time, to the minute). */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value of a datetime-local input as an ISO instant in UTC, or null when it is not a date. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  // Date-time strings without an offset are local time (ECMA-262), which is what the user typed.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "Tue 12 Mar 2026, 14:30" in the browser's zone. */
export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "14:30 in America/New_York" when the record's zone differs from the browser's, else null. */
export function inOtherZone(iso: string, timeZone: string): string | null {
  if (!timeZone || timeZone === browserTimeZone()) return null;
  try {
    const time = new Date(iso).toLocaleString(undefined, { timeZone, hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' });
    return `${time} in ${timeZone}`;
  } catch {
    return null;
  }
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "12 days ago", "yesterday", "in 3 hours", "just now". */
export function fromNow(iso: string, now: Date = new Date()): string {
  const diffMs = new Date(iso).getTime() - now.getTime();
  const minutes = Math.round(diffMs / 60_000);
  if (Math.abs(minutes) < 1) return 'just now';
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(diffMs / 3_600_000);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  const days = Math.round(diffMs / 86_400_000);
  if (Math.abs(days) < 45) return relative.format(days, 'day');
  const months = Math.round(days / 30.44);
  if (Math.abs(months) < 12) return relative.format(months, 'month');
  return relative.format(Math.round(days / 365.25), 'year');
}

/** "Wed, Nov 25, 2026" in the browser's zone. */
export function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** "09:30 AM" in the browser's zone. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
