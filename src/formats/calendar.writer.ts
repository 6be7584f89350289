import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';

export interface CalendarConversation {
  id: string;
  title: string;
  description: string | null;
  location: string | null;
  startsAt: string;
  durationMinutes: number | null;
  version: number;
  updatedAt: string;
  cancelled: boolean;
}

export interface CalendarAction {
  id: string;
  title: string;
  reason: string;
  dueOn: string; // YYYY-MM-DD
  version: number;
  updatedAt: string;
}

/**
 * The subscribable feed (RFC 5545/7986): scheduled conversations as timed events with a
 * 15-minute reminder, and due actions as all-day events — Google Calendar ignores VTODO in
 * subscriptions. UIDs are stable and SEQUENCE follows each record's version, so an edit
 * updates the event instead of adding one. ical-generator writes CRLF and folds at 75 octets.
 */
export function writeCalendarFeed(input: { name: string; conversations: CalendarConversation[]; actions: CalendarAction[]; now: string }): string {
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Rapport', product: 'Rapport', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // REFRESH-INTERVAL and X-PUBLISHED-TTL: ask clients to poll hourly.
    ttl: 60 * 60,
  });
  for (const c of input.conversations) {
    const start = new Date(c.startsAt);
    const event = calendar.createEvent({
      id: `conversation-${c.id}@rapport`,
      start,
      end: new Date(start.getTime() + (c.durationMinutes ?? 30) * 60_000),
      summary: c.cancelled ? `Cancelled: ${c.title}` : c.title,
      description: c.description,
      location: c.location,
      sequence: c.version,
      lastModified: new Date(c.updatedAt),
      stamp: new Date(input.now),
    });
    if (!c.cancelled) event.createAlarm({ type: ICalAlarmType.display, trigger: 15 * 60, description: c.title });
  }
  for (const a of input.actions) {
    const [y, m, d] = a.dueOn.split('-').map(Number) as [number, number, number];
    calendar.createEvent({
      id: `action-${a.id}@rapport`,
      start: new Date(Date.UTC(y, m - 1, d)),
      allDay: true,
      summary: a.title,
      description: a.reason,
      sequence: a.version,
      lastModified: new Date(a.updatedAt),
      stamp: new Date(input.now),
    });
  }
  return calendar.toString();
}
