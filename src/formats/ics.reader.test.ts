import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from './contact-import.types.js';
import { readCalendar } from './ics.reader.js';
import { detectMailFormat } from './mail-file.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/mail');
const text = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-06-30T00:00:00Z'), defaultTimeZone: 'Europe/London' };

describe('iCalendar reader', () => {
  it('reads a Google invitation: TZID with its VTIMEZONE, organizer, attendees, sequence', () => {
    const cal = readCalendar(text('google-invite.ics'), window);
    expect(cal.method).toBe('REQUEST');
    expect(cal.occurrences).toEqual([
      {
        key: '7kq3coffee0stan@google.com',
        uid: '7kq3coffee0stan@google.com',
        sequence: 0,
        line: 24,
        cancelled: false,
        summary: 'Coffee with Stan Fields',
        location: 'Café Nova, 12 rue des Lilas, Lyon',
        // 10:00 in Paris in March (CET, +01:00).
        startsAt: '2026-03-12T09:00:00.000Z',
        durationMinutes: 30,
        timeZone: 'Europe/Paris',
        recurring: false,
        organizer: { address: 'morgan.lee@example.test', name: 'Morgan Lee', partstat: null },
        attendees: [
          { address: 'stan@acme.test', name: 'Stan Fields', partstat: 'ACCEPTED' },
          { address: 'morgan.lee@example.test', name: 'Morgan Lee', partstat: 'ACCEPTED' },
        ],
      },
    ]);
  });

  it('reads a cancellation (METHOD:CANCEL) and an update (higher SEQUENCE) of the same UID', () => {
    const cancel = readCalendar(text('google-cancel.ics'), window).occurrences[0]!;
    expect(cancel).toMatchObject({ key: '7kq3coffee0stan@google.com', cancelled: true, sequence: 2 });
    const updated = readCalendar(text('google-invite-updated.ics'), window).occurrences[0]!;
    expect(updated).toMatchObject({ sequence: 1, startsAt: '2026-03-12T10:00:00.000Z', cancelled: false });
  });

  it("converts Outlook's Windows zone names through the file's VTIMEZONE and skips all-day events", () => {
    const cal = readCalendar(text('outlook-export.ics'), window);
    expect(cal.occurrences).toHaveLength(1);
    // 30 March 2026 is after the switch to summer time in Europe: 14:00 is 12:00 UTC.
    expect(cal.occurrences[0]).toMatchObject({ summary: 'Interview: Senior Engineer – Globex (round 2)', startsAt: '2026-03-30T12:00:00.000Z', durationMinutes: 60, timeZone: null, organizer: { address: 'ada@globex.test' } });
    expect(cal.occurrences[0]!.attendees.map((a) => a.address)).toEqual(['morgan.lee@example.test', 'grace@globex.test']);
    expect(cal.skipped).toEqual([{ line: 45, message: 'all-day event "Company holiday"' }]);
  });

  it('expands a recurring Apple event: EXDATE removes an occurrence, RECURRENCE-ID moves one', () => {
    const cal = readCalendar(text('apple-calendar.ics'), window);
    const mentor = cal.occurrences.filter((o) => o.uid === '9A8B7C6D-APPLE-MENTOR-WEEKLY');
    // Weekly from 2 March 17:00 New York, six times, less 16 March; 23 March moved to 24 March 18:00.
    expect(mentor.map((o) => [o.startsAt, o.summary])).toEqual([
      ['2026-03-02T22:00:00.000Z', 'Mentor call with Élodie'],
      ['2026-03-09T21:00:00.000Z', 'Mentor call with Élodie'],
      ['2026-03-24T22:00:00.000Z', 'Mentor call with Élodie (moved)'],
      ['2026-03-30T21:00:00.000Z', 'Mentor call with Élodie'],
      ['2026-04-06T21:00:00.000Z', 'Mentor call with Élodie'],
    ]);
    expect(new Set(mentor.map((o) => o.key)).size).toBe(5);
    expect(mentor[2]!.key).toBe('9A8B7C6D-APPLE-MENTOR-WEEKLY/2026-03-23T21:00:00.000Z');
    expect(mentor.every((o) => o.recurring && o.timeZone === 'America/New_York')).toBe(true);
  });

  it('lists only the occurrences inside the window', () => {
    const cal = readCalendar(text('apple-calendar.ics'), { ...window, from: new Date('2026-03-20T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') });
    expect(cal.occurrences.filter((o) => o.recurring).map((o) => o.startsAt)).toEqual(['2026-03-24T22:00:00.000Z', '2026-03-30T21:00:00.000Z']);
  });

  it('reads a time with a zone the file does not define through its IANA name, and a floating time in the default zone', () => {
    const ics = (dtstart: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n${dtstart}\r\nSUMMARY:Call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect(readCalendar(ics('DTSTART;TZID=Asia/Tokyo:20260312T100000'), window).occurrences[0]!.startsAt).toBe('2026-03-12T01:00:00.000Z');
    expect(readCalendar(ics('DTSTART:20260312T100000'), window).occurrences[0]!.startsAt).toBe('2026-03-12T10:00:00.000Z');
    expect(readCalendar(ics('DTSTART:20260312T100000Z'), window).occurrences[0]).toMatchObject({ startsAt: '2026-03-12T10:00:00.000Z', timeZone: 'UTC' });
  });

  it('names the line of a damaged file and skips an event without a UID', () => {
    const bad = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nthis is not a property\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(() => readCalendar(bad, window)).toThrow(new FormatError('not an iCalendar property: "this is not a property"', 5));
    const noUid = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20260312T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(readCalendar(noUid, window)).toMatchObject({ occurrences: [], skipped: [{ line: 3, message: 'event without a UID' }] });
  });

  it('detects mail and calendar files from their content, whatever their name', () => {
    expect(detectMailFormat(fs.readFileSync(path.join(fixtures, 'gmail-takeout.mbox')))).toBe('mbox');
    expect(detectMailFormat(fs.readFileSync(path.join(fixtures, 'thunderbird.mbox')))).toBe('mbox');
    expect(detectMailFormat(fs.readFileSync(path.join(fixtures, 'outlook-thank-you.eml')))).toBe('eml');
    expect(detectMailFormat(fs.readFileSync(path.join(fixtures, 'ada-reply.eml')))).toBe('eml');
    expect(detectMailFormat(fs.readFileSync(path.join(fixtures, 'outlook-export.ics')))).toBe('ics');
    expect(detectMailFormat('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Stan\r\nEND:VCARD\r\n')).toBeNull();
    expect(detectMailFormat('First Name,Last Name,Email Address\nStan,Fields,stan@acme.test\n')).toBeNull();
  });
});
