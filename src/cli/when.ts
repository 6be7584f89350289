import { DateTime, IANAZone } from 'luxon';
import { cliClock } from './context.js';
import { CliError, EXIT } from './output.js';

/** The time zone of this machine (what "15:00" means when no --tz is given). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Validates an IANA zone name given with `flag`; undefined means the system zone. */
export function parseTimeZone(value: string | undefined, flag = '--tz'): string {
  if (value === undefined) return systemTimeZone();
  const zone = value.trim();
  if (!zone || !IANAZone.isValidZone(zone)) {
    throw new CliError(`Invalid input:\n  ${flag}: "${value}" is not a known time zone (use an IANA name such as Europe/Paris)`, EXIT.usage);
  }
  return zone;
}

const ACCEPTED = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * A moment typed by a person: "now", ISO 8601 with an offset ("2026-03-03T14:00:00Z"), or a
 * local date and time ("2026-03-03 15:00", "2026-03-03T15:00", "2026-03-03") read in `zone`.
 * Returns a UTC ISO instant.
 */
export function parseWhen(value: string, zone: string, flag = '--at'): string {
  const text = value.trim();
  if (text.toLowerCase() === 'now') return cliClock().now().toISOString();
  if (ACCEPTED.test(text)) {
    const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone });
    if (parsed.isValid) return parsed.toUTC().toISO() ?? parsed.toJSDate().toISOString();
  }
  throw new CliError(
    `Invalid input:\n  ${flag}: "${value}" is not a date and time; use "YYYY-MM-DD HH:MM" (in ${zone}, change with --tz) or ISO 8601 such as 2026-03-03T14:00:00Z`,
    EXIT.usage,
  );
}

/** "Tue 3 Mar 2026 15:00", followed by the zone when it is not this machine's. */
export function formatWhen(iso: string | null | undefined, zone?: string): string {
  if (!iso) return '';
  const tz = zone && IANAZone.isValidZone(zone) ? zone : systemTimeZone();
  const text = DateTime.fromISO(iso, { zone: tz }).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm');
  return tz === systemTimeZone() ? text : `${text} (${tz})`;
}

/** "2026-03-03 15:00" in the system zone: compact, for tables. */
export function formatShort(iso: string | null | undefined, zone?: string): string {
  if (!iso) return '';
  const tz = zone && IANAZone.isValidZone(zone) ? zone : systemTimeZone();
  return DateTime.fromISO(iso, { zone: tz }).toFormat('yyyy-MM-dd HH:mm');
}
