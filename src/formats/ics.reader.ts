import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { FormatError } from './contact-import.types.js';
import type { MailAddress } from './mail-message.reader.js';

/**
 * iCalendar files (RFC 5545): an export of a whole calendar or one invitation, from Google,
 * Outlook or Apple. Parsing, time zones (VTIMEZONE definitions in the file, Outlook's Windows
 * names included) and recurrences (RRULE, RDATE, EXDATE, moved or cancelled occurrences) are
 * ical.js's work; this reader turns each event occurrence into a plain record.
 */

export interface CalendarPerson extends MailAddress {
  /** ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION…, upper case; null for the organizer. */
  partstat: string | null;
}

export interface CalendarOccurrence {
  /** Stable identity: the UID, and for an occurrence of a recurring event its original start. */
  key: string;
  uid: string;
  sequence: number;
  /** Line of the file where its VEVENT begins. */
  line: number;
  cancelled: boolean;
  summary: string;
  location: string | null;
  /** ISO instant (UTC). */
  startsAt: string;
  durationMinutes: number | null;
  /** IANA zone of the start when the file names one Rapport knows, else null. */
  timeZone: string | null;
  recurring: boolean;
  organizer: CalendarPerson | null;
  attendees: CalendarPerson[];
}

export interface CalendarProblem {
  line: number;
  message: string;
}

export interface CalendarFile {
  /** METHOD (REQUEST, CANCEL, PUBLISH…), upper case, or null. */
  method: string | null;
  occurrences: CalendarOccurrence[];
  /** Events left out (no UID, no start, all-day): skipped, with the line that names them. */
  skipped: CalendarProblem[];
}

export interface CalendarReadOptions {
  /** Occurrences of recurring events are listed between these instants. */
  from: Date;
  to: Date;
  /** The zone of times written without one (floating). */
  defaultTimeZone: string;
  /** At most this many occurrences of one recurring event. */
  maxOccurrences?: number;
}

/** Whether the text starts like an iCalendar file. */
export function looksLikeICalendar(head: string): boolean {
  const first = /^\s*(\S[^\n]*)/.exec(head.replace(/^\uFEFF/, ''))?.[1] ?? '';
  return /^BEGIN:VCALENDAR\s*$/i.test(first);
}

// name *(";" param) ":" value, where a quoted parameter value may hold ":" and ";".
const CONTENT_LINE = /^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:]*)(?:,(?:"[^"]*"|[^";:]*))*)*:/;

/** Unfolds lines (RFC 5545 §3.1) and checks each is a property, naming the first bad line. */
function checkLines(text: string): { eventLines: number[] } {
  const lines = text.split(/\r?\n/);
  const eventLines: number[] = [];
  let logical = '';
  let logicalLine = 0;
  const check = () => {
    if (logical === '') return;
    if (!CONTENT_LINE.test(logical)) throw new FormatError(`not an iCalendar property: "${logical.slice(0, 60)}"`, logicalLine);
    if (/^BEGIN:VEVENT$/i.test(logical.trim())) eventLines.push(logicalLine);
  };
  lines.forEach((line, i) => {
    if ((line.startsWith(' ') || line.startsWith('\t')) && logical !== '') {
      logical += line.slice(1);
      return;
    }
    check();
    logical = line.trimEnd() === '' ? '' : line;
    logicalLine = i + 1;
  });
  check();
  return { eventLines };
}

export function readCalendar(rawText: string, options: CalendarReadOptions): CalendarFile {
  const text = rawText.replace(/^\uFEFF/, '');
  if (!looksLikeICalendar(text)) throw new FormatError('not an iCalendar file: it must start with BEGIN:VCALENDAR', 1);
  const { eventLines } = checkLines(text);
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw new FormatError(`not a valid iCalendar file (${error instanceof Error ? error.message : String(error)})`);
  }
  const method = (root.getFirstPropertyValue('method') as string | null)?.toString().toUpperCase() ?? null;
  const zones: string[] = [];
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    // A zone ical.js already knows (or the file defines twice) keeps its first definition.
    if (tz.tzid && !ICAL.TimezoneService.has(tz.tzid)) {
      ICAL.TimezoneService.register(tz);
      zones.push(tz.tzid);
    }
  }
  try {
    return { method, ...readEvents(root, eventLines, method, options) };
  } finally {
    for (const tzid of zones) ICAL.TimezoneService.remove(tzid);
  }
}

function readEvents(root: ICAL.Component, eventLines: number[], method: string | null, options: CalendarReadOptions): Omit<CalendarFile, 'method'> {
  const occurrences: CalendarOccurrence[] = [];
  const skipped: CalendarProblem[] = [];
  const vevents = root.getAllSubcomponents('vevent');
  const lineOf = new Map<ICAL.Component, number>(vevents.map((v, i) => [v, eventLines[i] ?? 0]));
  // Moved or cancelled occurrences (RECURRENCE-ID) belong to their master event.
  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Component[] = [];
  for (const v of vevents) {
    const line = lineOf.get(v) ?? 0;
    const uid = (v.getFirstPropertyValue('uid') as string | null)?.toString().trim();
    if (!uid) {
      skipped.push({ line, message: 'event without a UID' });
      continue;
    }
    if (!v.hasProperty('dtstart')) {
      skipped.push({ line, message: 'event without a start (DTSTART)' });
      continue;
    }
    if (v.hasProperty('recurrence-id')) exceptions.push(v);
    else masters.set(uid, new ICAL.Event(v));
  }
  for (const v of exceptions) {
    const uid = String(v.getFirstPropertyValue('uid')).trim();
    const master = masters.get(uid);
    if (master && master.isRecurring()) master.relateException(v);
    else occurrences.push(...single(new ICAL.Event(v), lineOf.get(v) ?? 0, method, options, skipped, true));
  }
  for (const [, event] of masters) {
    const line = lineOf.get(event.component) ?? 0;
    if (!event.isRecurring()) {
      occurrences.push(...single(event, line, method, options, skipped, false));
      continue;
    }
    if (event.startDate.isDate) {
      skipped.push({ line, message: `all-day event "${clip(event.summary)}"` });
      continue;
    }
    const max = options.maxOccurrences ?? 200;
    const expansion = event.iterator();
    let count = 0;
    for (let guard = 0; guard < 20_000 && count < max; guard += 1) {
      const next = expansion.next();
      if (!next) break;
      const start = instantOf(next, options.defaultTimeZone);
      if (start > options.to.getTime()) break;
      const details = event.getOccurrenceDetails(next);
      const occurrenceStart = instantOf(details.startDate, options.defaultTimeZone);
      if (occurrenceStart < options.from.getTime()) continue;
      count += 1;
      const item = details.item;
      occurrences.push(
        build(item, line, method, options, {
          key: `${event.uid}/${new Date(start).toISOString()}`,
          start: details.startDate,
          end: details.endDate,
          recurring: true,
        }),
      );
    }
  }
  occurrences.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.key.localeCompare(b.key));
  skipped.sort((a, b) => a.line - b.line);
  return { occurrences, skipped };
}

function single(event: ICAL.Event, line: number, method: string | null, options: CalendarReadOptions, skipped: CalendarProblem[], exception: boolean): CalendarOccurrence[] {
  if (event.startDate.isDate) {
    skipped.push({ line, message: `all-day event "${clip(event.summary)}"` });
    return [];
  }
  const key = exception && event.recurrenceId ? `${event.uid}/${new Date(instantOf(event.recurrenceId, options.defaultTimeZone)).toISOString()}` : event.uid;
  return [build(event, line, method, options, { key, start: event.startDate, end: event.endDate, recurring: exception })];
}

function build(
  event: ICAL.Event,
  line: number,
  method: string | null,
  options: CalendarReadOptions,
  at: { key: string; start: ICAL.Time; end: ICAL.Time | null; recurring: boolean },
): CalendarOccurrence {
  const startMs = instantOf(at.start, options.defaultTimeZone);
  const endMs = at.end ? instantOf(at.end, options.defaultTimeZone) : null;
  const minutes = endMs !== null ? Math.round((endMs - startMs) / 60_000) : null;
  const status = String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const tzid = tzidOf(at.start) || (event.component.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined) || null;
  return {
    key: at.key,
    uid: event.uid,
    sequence: Number(event.sequence) || 0,
    line,
    cancelled: method === 'CANCEL' || status === 'CANCELLED',
    summary: clean(event.summary) ?? '',
    location: clean(event.location),
    startsAt: new Date(startMs).toISOString(),
    durationMinutes: minutes !== null && minutes > 0 && minutes <= 24 * 60 ? minutes : null,
    timeZone: tzid && isIanaZone(tzid) ? tzid : at.start.zone === ICAL.Timezone.utcTimezone ? 'UTC' : null,
    recurring: at.recurring,
    organizer: person(event.component.getFirstProperty('organizer'), false),
    attendees: event.attendees.map((p) => person(p, true)).filter((p): p is CalendarPerson => p !== null),
  };
}

/**
 * The instant of a time: a zone defined in the file or known to ical.js converts itself; an IANA
 * name the file did not define goes through luxon; a floating time is in the user's zone.
 */
function instantOf(time: ICAL.Time, defaultTimeZone: string): number {
  const zone = time.zone;
  if (zone === ICAL.Timezone.utcTimezone) return time.toUnixTime() * 1000;
  const tzid = tzidOf(time) || zone?.tzid;
  if (zone && zone !== ICAL.Timezone.localTimezone && tzid && ICAL.TimezoneService.has(tzid)) return time.toUnixTime() * 1000;
  const name = tzid && isIanaZone(tzid) ? tzid : defaultTimeZone;
  return DateTime.fromObject({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, { zone: name }).toMillis();
}

/** The TZID a time was written with: ical.js keeps it (undocumented) when it has no definition for it. */
function tzidOf(time: ICAL.Time): string | undefined {
  const named = (time as unknown as { timezone?: unknown }).timezone;
  return typeof named === 'string' && named !== '' ? named : undefined;
}

function person(prop: ICAL.Property | null, attendee: boolean): CalendarPerson | null {
  if (!prop) return null;
  const value = String(prop.getFirstValue() ?? '').trim();
  const address = value.replace(/^mailto:/i, '').trim().toLowerCase();
  if (!address.includes('@')) return null;
  const cn = prop.getParameter('cn');
  const partstat = attendee ? String(prop.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase() : null;
  return { address, name: typeof cn === 'string' ? cn.trim() : '', partstat };
}

const ianaCache = new Map<string, boolean>();
export function isIanaZone(name: string): boolean {
  let known = ianaCache.get(name);
  if (known === undefined) {
    known = DateTime.local().setZone(name).isValid && /\//.test(name);
    ianaCache.set(name, known);
  }
  return known;
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

function clip(value: unknown): string {
  return (clean(value) ?? '').slice(0, 60);
}
