/**
 * Business-day arithmetic in the user's time zone.
 *
 * Everything here works on calendar DATES (`YYYY-MM-DD`), never on multiples of 24 hours:
 * a day that has 23 or 25 hours (daylight-saving change) is still one day. An instant
 * (`2026-03-03T14:00:00.000Z`) becomes a date only through `localDate`, in a named IANA zone.
 *
 * Internally a date is an "epoch day": the number of days since 1970-01-01 (a Thursday).
 * That makes weekday, difference and addition plain integer arithmetic.
 */
import { DateTime, IANAZone } from 'luxon';

/** Working days are ISO weekday numbers: 1 = Monday … 7 = Sunday. Holidays are `YYYY-MM-DD`. */
export interface BusinessCalendar {
  timeZone: string;
  workingDays: readonly number[];
  holidays: readonly string[];
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Dates as epoch days
// ---------------------------------------------------------------------------------------------

// Dates repeat endlessly in a workspace (a few thousand distinct days against hundreds of
// thousands of records): both conversions are memoised, which also makes equal dates share one
// string. The caches are bounded and only ever hold pure results.
const CACHE_LIMIT = 50_000;
const epochDayCache = new Map<string, number>();
const dateStringCache = new Map<number, string>();

/** `2026-03-03` → days since 1970-01-01. Throws a RangeError on anything that is not a real date. */
export function toEpochDay(dateIso: string): number {
  const cached = epochDayCache.get(dateIso);
  if (cached !== undefined) return cached;
  const m = typeof dateIso === 'string' ? DATE_RE.exec(dateIso) : null;
  if (!m) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(dateIso)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y); // Date.UTC maps years 0–99 to 1900–1999
  if (mo < 1 || mo > 12 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(dateIso)}`);
  }
  const day = Math.floor(date.getTime() / DAY_MS);
  if (epochDayCache.size >= CACHE_LIMIT) epochDayCache.clear();
  epochDayCache.set(dateIso, day);
  return day;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function fromEpochDay(day: number): string {
  let text = dateStringCache.get(day);
  if (text === undefined) {
    if (!Number.isInteger(day)) throw new RangeError(`Not an epoch day: ${day}`);
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateStringCache.size >= CACHE_LIMIT) dateStringCache.clear();
    dateStringCache.set(day, text);
  }
  return text;
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(dateIso: string): number {
  return weekdayOfEpochDay(toEpochDay(dateIso));
}

/** Adds calendar days (negative to go back). */
export function addCalendarDays(dateIso: string, n: number): string {
  return fromEpochDay(toEpochDay(dateIso) + n);
}

/** Calendar days from `fromDateIso` to `toDateIso` (negative when `to` is earlier). */
export function calendarDaysBetween(fromDateIso: string, toDateIso: string): number {
  return toEpochDay(toDateIso) - toEpochDay(fromDateIso);
}

/** ISO week label of a date, e.g. `2026-W10` (the week belongs to the year of its Thursday). */
export function isoWeekKey(dateIso: string): string {
  const day = toEpochDay(dateIso);
  const thursday = day - weekdayOfEpochDay(day) + 4;
  const year = fromEpochDay(thursday).slice(0, 4);
  const jan1 = toEpochDay(`${year}-01-01`);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Instants and zones
// ---------------------------------------------------------------------------------------------

const ZONE_SUFFIX_RE = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/** The decimal number written at s[i, i + len), or -1 when a character is not a digit. */
function digits(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k += 1) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Epoch milliseconds of an instant in canonical form (`2026-03-03T14:00:00.000Z`, what
 * `Date#toISOString` writes), by digit arithmetic: a few times faster than `Date.parse`, which
 * matters for 150,000 conversations. NaN when the text is not in exactly that form.
 */
function canonicalMs(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 /* - */ ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 /* T */ ||
    s.charCodeAt(13) !== 58 /* : */ ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 /* . */ ||
    s.charCodeAt(23) !== 90 /* Z */
  ) {
    return Number.NaN;
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  const ms = digits(s, 20, 3);
  // (Like Date.parse, a day up to 31 rolls over: 2026-02-30 is 2 March.)
  if (y < 0 || ms < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
    return Number.NaN;
  }
  // Days from the civil date (H. Hinnant's algorithm), proleptic Gregorian like Date.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/**
 * Parses an ISO-8601 instant to epoch milliseconds. A date-time without a zone designator is
 * read as UTC — never as the machine's local time, which would make the playbook depend on
 * where it runs. Throws a RangeError on anything else.
 */
export function parseInstant(instantIso: string): number {
  const fast = canonicalMs(instantIso);
  if (!Number.isNaN(fast)) return fast;
  let text = instantIso;
  if (typeof text !== 'string') throw new RangeError(`Not an ISO-8601 instant: ${JSON.stringify(instantIso)}`);
  const last = text.charCodeAt(text.length - 1);
  if (last !== 90 /* Z */ && text.includes('T') && !ZONE_SUFFIX_RE.test(text)) text += 'Z';
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO-8601 instant: ${JSON.stringify(instantIso)}`);
  return ms;
}

/**
 * The instant in canonical form, `YYYY-MM-DDTHH:mm:ss.sssZ` (what `Date#toISOString` writes).
 * Canonical instants compare chronologically as plain strings, which is much cheaper than
 * parsing 150,000 of them; input already in that form is returned as is (no allocation).
 */
export function canonicalInstant(instantIso: string): string {
  if (
    instantIso.length === 24 &&
    instantIso.charCodeAt(23) === 90 /* Z */ &&
    instantIso.charCodeAt(10) === 84 /* T */ &&
    instantIso.charCodeAt(19) === 46 /* . */
  ) {
    return instantIso;
  }
  return new Date(parseInstant(instantIso)).toISOString();
}

interface ZoneEntry {
  zone: IANAZone;
  /** UTC epoch day → offset in minutes for the whole UTC day, or NaN when it changes that day. */
  days: Map<number, number>;
}
const zoneCache = new Map<string, ZoneEntry>();

function zoneEntry(timeZone: string): ZoneEntry {
  let entry = zoneCache.get(timeZone);
  if (!entry) {
    if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown IANA time zone: ${JSON.stringify(timeZone)}`);
    entry = { zone: IANAZone.create(timeZone), days: new Map() };
    zoneCache.set(timeZone, entry);
  }
  return entry;
}

/** True for a zone name the runtime's time-zone database knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  return typeof timeZone === 'string' && timeZone.length > 0 && IANAZone.isValidZone(timeZone);
}

/**
 * Offset of the zone from UTC at an instant, in minutes.
 *
 * Asking the Intl database costs a few microseconds; the playbook asks for 150,000
 * conversations. Offsets change at most once on a given UTC day (true of every zone in use), so
 * we cache one offset per UTC day and fall back to the exact lookup on the days it changes.
 */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  const entry = zoneEntry(timeZone);
  const utcDay = Math.floor(epochMs / DAY_MS);
  let offset = entry.days.get(utcDay);
  if (offset === undefined) {
    const start = entry.zone.offset(utcDay * DAY_MS);
    const end = entry.zone.offset(utcDay * DAY_MS + DAY_MS - 1);
    offset = start === end ? start : Number.NaN;
    if (entry.days.size > 200_000) entry.days.clear();
    entry.days.set(utcDay, offset);
  }
  return Number.isNaN(offset) ? entry.zone.offset(epochMs) : offset;
}

/** Calendar date, as an epoch day, in `timeZone`, of an instant given in epoch milliseconds. */
export function localEpochDayOfMs(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + zoneOffsetMinutes(timeZone, epochMs) * 60_000) / DAY_MS);
}

/** Calendar date, in `timeZone`, of an instant given in epoch milliseconds. */
export function localDateOfMs(epochMs: number, timeZone: string): string {
  return fromEpochDay(localEpochDayOfMs(epochMs, timeZone));
}

/**
 * The calendar date of an instant as seen in a zone: `2026-03-03T23:30:00Z` is `2026-03-04` in
 * Asia/Tokyo and `2026-03-03` in America/Los_Angeles.
 */
export function localDate(instantIso: string, timeZone: string): string {
  return localDateOfMs(parseInstant(instantIso), timeZone);
}

/** Wall-clock time (`HH:mm`, 24-hour) of an instant in a zone. */
export function localTime(instantIso: string, timeZone: string): string {
  const ms = parseInstant(instantIso);
  const local = ms + zoneOffsetMinutes(timeZone, ms) * 60_000;
  const minutes = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The first instant of a local calendar date (midnight, or the first valid time after it on a
 * day where midnight does not exist because the clocks jump forward at 00:00).
 */
export function startOfLocalDayMs(dateIso: string, timeZone: string): number {
  toEpochDay(dateIso);
  zoneEntry(timeZone);
  return DateTime.fromISO(dateIso, { zone: timeZone }).startOf('day').toMillis();
}

// ---------------------------------------------------------------------------------------------
// Business days
// ---------------------------------------------------------------------------------------------

/**
 * A validated calendar ready for fast questions. Build it once with `compileCalendar` when you
 * ask many questions (the playbook engine does); every function below also accepts the plain
 * `BusinessCalendar` and compiles it on the fly.
 */
export class CompiledCalendar {
  readonly timeZone: string;
  readonly workingDays: readonly number[];
  readonly holidays: readonly string[];
  readonly workingDaysPerWeek: number;
  private readonly working: readonly boolean[];
  private readonly holidayDays: ReadonlySet<number>;

  constructor(calendar: BusinessCalendar) {
    if (!isValidTimeZone(calendar.timeZone)) {
      throw new RangeError(`Unknown IANA time zone: ${JSON.stringify(calendar.timeZone)}`);
    }
    const working = [false, false, false, false, false, false, false, false];
    for (const d of calendar.workingDays) {
      if (!Number.isInteger(d) || d < 1 || d > 7) {
        throw new RangeError(`Working days are ISO weekday numbers 1 (Monday) to 7 (Sunday); got ${String(d)}`);
      }
      working[d] = true;
    }
    const workingDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => working[d]);
    if (workingDays.length === 0) throw new RangeError('A business calendar needs at least one working day');
    this.timeZone = calendar.timeZone;
    this.workingDays = workingDays;
    this.working = working;
    this.workingDaysPerWeek = workingDays.length;
    this.holidayDays = new Set(calendar.holidays.map(toEpochDay));
    this.holidays = [...new Set(calendar.holidays)].sort();
  }

  isBusinessEpochDay(day: number): boolean {
    return this.working[weekdayOfEpochDay(day)] === true && !this.holidayDays.has(day);
  }

  /** Steps `n` business days from `day` (backwards when negative). `n = 0` returns `day` itself. */
  addBusinessEpochDays(day: number, n: number): number {
    if (!Number.isInteger(n)) throw new RangeError(`Business days must be a whole number; got ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let current = day;
    while (remaining > 0) {
      current += step;
      if (this.isBusinessEpochDay(current)) remaining -= 1;
    }
    return current;
  }

  /** Business days in the interval (from, to]; negative when `to` is before `from`. */
  businessEpochDaysBetween(from: number, to: number): number {
    if (to < from) return 0 - this.businessEpochDaysBetween(to, from); // never -0
    const span = to - from;
    const weeks = Math.floor(span / 7);
    let count = weeks * this.workingDaysPerWeek;
    for (let d = from + weeks * 7 + 1; d <= to; d += 1) {
      if (this.working[weekdayOfEpochDay(d)] === true) count += 1;
    }
    for (const h of this.holidayDays) {
      if (h > from && h <= to && this.working[weekdayOfEpochDay(h)] === true) count -= 1;
    }
    return count;
  }
}

export type CalendarLike = BusinessCalendar | CompiledCalendar;

/** Validates a calendar once (zone, weekdays, holiday dates) for repeated use. */
export function compileCalendar(calendar: CalendarLike): CompiledCalendar {
  return calendar instanceof CompiledCalendar ? calendar : new CompiledCalendar(calendar);
}

/** Is this date a working day that is not a holiday? */
export function isBusinessDay(dateIso: string, calendar: CalendarLike): boolean {
  return compileCalendar(calendar).isBusinessEpochDay(toEpochDay(dateIso));
}

/**
 * Adds `n` business days to a date: Friday + 1 = Monday, Saturday + 1 = Monday, and a holiday
 * in between is skipped. Negative `n` goes back (Monday − 1 = Friday). `n = 0` returns the date
 * unchanged, business day or not.
 */
export function addBusinessDays(dateIso: string, n: number, calendar: CalendarLike): string {
  return fromEpochDay(compileCalendar(calendar).addBusinessEpochDays(toEpochDay(dateIso), n));
}

/**
 * Number of business days after `fromDateIso` up to and including `toDateIso` — "how many
 * business days have passed". Monday → Friday is 4; Friday → Monday is 1. Negative when `to`
 * is earlier. For a business day `to`: `addBusinessDays(from, businessDaysBetween(from, to)) === to`.
 */
export function businessDaysBetween(fromDateIso: string, toDateIso: string, calendar: CalendarLike): number {
  return compileCalendar(calendar).businessEpochDaysBetween(toEpochDay(fromDateIso), toEpochDay(toDateIso));
}

/** The first business day strictly after the date. */
export function nextBusinessDay(dateIso: string, calendar: CalendarLike): string {
  return addBusinessDays(dateIso, 1, calendar);
}

/** The last business day strictly before the date. */
export function previousBusinessDay(dateIso: string, calendar: CalendarLike): string {
  return addBusinessDays(dateIso, -1, calendar);
}

/** The date itself when it is a business day, otherwise the next business day. */
export function onOrAfterBusinessDay(dateIso: string, calendar: CalendarLike): string {
  const cal = compileCalendar(calendar);
  const day = toEpochDay(dateIso);
  return cal.isBusinessEpochDay(day) ? dateIso : fromEpochDay(cal.addBusinessEpochDays(day, 1));
}
