import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addCalendarDays,
  businessDaysBetween,
  canonicalInstant,
  compileCalendar,
  isBusinessDay,
  isoWeekKey,
  isoWeekday,
  localDate,
  localTime,
  nextBusinessDay,
  onOrAfterBusinessDay,
  previousBusinessDay,
  startOfLocalDayMs,
  type BusinessCalendar,
} from './business-days.js';

const monFri = (timeZone = 'Europe/Berlin', holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  holidays,
});

describe('business days', () => {
  it('Friday + 1 business day is Monday, and Saturday or Sunday + 1 is Monday too', () => {
    expect(isoWeekday('2026-03-06')).toBe(5);
    expect(addBusinessDays('2026-03-06', 1, monFri())).toBe('2026-03-09');
    expect(addBusinessDays('2026-03-07', 1, monFri())).toBe('2026-03-09');
    expect(addBusinessDays('2026-03-08', 1, monFri())).toBe('2026-03-09');
    expect(nextBusinessDay('2026-03-06', monFri())).toBe('2026-03-09');
  });

  it('going back: Monday − 1 is Friday; 0 keeps the date even on a weekend', () => {
    expect(addBusinessDays('2026-03-09', -1, monFri())).toBe('2026-03-06');
    expect(previousBusinessDay('2026-03-09', monFri())).toBe('2026-03-06');
    expect(addBusinessDays('2026-03-07', 0, monFri())).toBe('2026-03-07');
  });

  it('Tuesday + 10 business days is two weeks later', () => {
    expect(addBusinessDays('2026-03-03', 10, monFri())).toBe('2026-03-17');
  });

  it('skips holidays in between (Good Friday and Easter Monday 2026)', () => {
    const easter = monFri('Europe/Berlin', ['2026-04-03', '2026-04-06']);
    expect(addBusinessDays('2026-04-02', 1, easter)).toBe('2026-04-07');
    expect(isBusinessDay('2026-04-03', easter)).toBe(false);
    expect(businessDaysBetween('2026-04-02', '2026-04-07', easter)).toBe(1);
    expect(onOrAfterBusinessDay('2026-04-04', easter)).toBe('2026-04-07');
  });

  it('a holiday on a weekend changes nothing', () => {
    const cal = monFri('Europe/Berlin', ['2026-03-07']);
    expect(addBusinessDays('2026-03-06', 1, cal)).toBe('2026-03-09');
    expect(businessDaysBetween('2026-03-02', '2026-03-13', cal)).toBe(9);
  });

  it('follows a custom working week (Sunday to Thursday)', () => {
    const sunThu: BusinessCalendar = { timeZone: 'Asia/Jerusalem', workingDays: [7, 1, 2, 3, 4], holidays: [] };
    expect(addBusinessDays('2026-03-05', 1, sunThu)).toBe('2026-03-08'); // Thu → Sun
    expect(isBusinessDay('2026-03-06', sunThu)).toBe(false); // Friday
    expect(isBusinessDay('2026-03-08', sunThu)).toBe(true); // Sunday
    expect(businessDaysBetween('2026-03-05', '2026-03-12', sunThu)).toBe(5);
  });

  it('counts business days elapsed: Mon → Fri is 4, Fri → Mon is 1, backwards is negative', () => {
    expect(businessDaysBetween('2026-03-02', '2026-03-06', monFri())).toBe(4);
    expect(businessDaysBetween('2026-03-06', '2026-03-09', monFri())).toBe(1);
    expect(businessDaysBetween('2026-03-09', '2026-03-09', monFri())).toBe(0);
    expect(businessDaysBetween('2026-03-09', '2026-03-06', monFri())).toBe(-1);
    expect(businessDaysBetween('2026-01-01', '2026-12-31', monFri())).toBe(260);
  });

  it('rejects impossible dates, zones and weeks with a clear error', () => {
    expect(() => addBusinessDays('2026-02-30', 1, monFri())).toThrow(RangeError);
    expect(() => addBusinessDays('03/03/2026', 1, monFri())).toThrow(/YYYY-MM-DD/);
    expect(() => localDate('2026-03-03T10:00:00Z', 'Mars/Olympus')).toThrow(/time zone/);
    expect(() => compileCalendar({ timeZone: 'UTC', workingDays: [], holidays: [] })).toThrow(/working day/);
    expect(() => compileCalendar({ timeZone: 'UTC', workingDays: [0], holidays: [] })).toThrow(/ISO weekday/);
    expect(() => compileCalendar({ timeZone: 'UTC', workingDays: [1], holidays: ['tomorrow'] })).toThrow(RangeError);
  });
});

describe('the calendar date of an instant in a zone', () => {
  it('23:30 UTC is already tomorrow in Tokyo and still today in Los Angeles', () => {
    const instant = '2026-03-03T23:30:00.000Z';
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-03-04');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-03-03');
    expect(localDate(instant, 'UTC')).toBe('2026-03-03');
    // and early morning UTC is still the previous evening on the west coast
    expect(localDate('2026-03-04T07:30:00.000Z', 'America/Los_Angeles')).toBe('2026-03-03');
    expect(localTime('2026-03-04T07:30:00.000Z', 'America/Los_Angeles')).toBe('23:30');
  });

  it('Europe/Berlin, last Sunday of March: midnight moves from UTC+1 to UTC+2', () => {
    expect(localDate('2026-03-28T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29'); // 00:30 CET
    expect(localDate('2026-03-29T21:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29'); // 23:30 CEST
    expect(localDate('2026-03-29T22:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-30'); // 00:30 CEST, not 23:30
    expect(localTime('2026-03-29T00:59:00.000Z', 'Europe/Berlin')).toBe('01:59');
    expect(localTime('2026-03-29T01:00:00.000Z', 'Europe/Berlin')).toBe('03:00');
    // the 23-hour Sunday is still one day: Friday + 1 business day = Monday
    expect(addBusinessDays('2026-03-27', 1, monFri())).toBe('2026-03-30');
    expect(startOfLocalDayMs('2026-03-30', 'Europe/Berlin')).toBe(Date.parse('2026-03-29T22:00:00.000Z'));
  });

  it('Europe/Berlin, last Sunday of October: back from UTC+2 to UTC+1', () => {
    expect(localDate('2026-10-24T22:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25'); // 00:30 CEST
    expect(localDate('2026-10-25T22:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25'); // 23:30 CET
    expect(localDate('2026-10-25T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-26');
    expect(addBusinessDays('2026-10-23', 1, monFri())).toBe('2026-10-26');
  });

  it('America/New_York, second Sunday of March and first Sunday of November', () => {
    const ny = 'America/New_York';
    expect(localDate('2026-03-08T04:30:00.000Z', ny)).toBe('2026-03-07'); // 23:30 EST
    expect(localDate('2026-03-09T03:30:00.000Z', ny)).toBe('2026-03-08'); // 23:30 EDT
    expect(localDate('2026-03-09T04:30:00.000Z', ny)).toBe('2026-03-09');
    expect(localTime('2026-03-08T06:59:00.000Z', ny)).toBe('01:59');
    expect(localTime('2026-03-08T07:00:00.000Z', ny)).toBe('03:00');
    expect(localDate('2026-11-01T03:30:00.000Z', ny)).toBe('2026-10-31'); // 23:30 EDT
    expect(localDate('2026-11-02T04:30:00.000Z', ny)).toBe('2026-11-01'); // 23:30 EST
    expect(addBusinessDays('2026-03-06', 1, monFri(ny))).toBe('2026-03-09');
    expect(addBusinessDays('2026-10-30', 1, monFri(ny))).toBe('2026-11-02');
  });

  it('agrees with luxon for any instant and zone (the per-day offset cache is exact)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') }), fc.constantFrom(...zones), (ms, zone) => {
        const iso = new Date(ms).toISOString();
        const expected = DateTime.fromMillis(ms, { zone });
        expect(localDate(iso, zone)).toBe(expected.toISODate());
        expect(localTime(iso, zone)).toBe(expected.toFormat('HH:mm'));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a date-time without a zone as UTC, never as the machine’s local time', () => {
    expect(localDate('2026-03-03T23:30:00', 'UTC')).toBe('2026-03-03');
    expect(canonicalInstant('2026-03-03T23:30:00')).toBe('2026-03-03T23:30:00.000Z');
    expect(canonicalInstant('2026-03-04T00:30:00+01:00')).toBe('2026-03-03T23:30:00.000Z');
    expect(() => localDate('soon', 'UTC')).toThrow(/ISO-8601/);
  });
});

describe('business-day arithmetic (properties)', () => {
  const calendars: BusinessCalendar[] = [
    monFri('UTC', ['2026-01-01', '2026-04-03', '2026-04-06', '2026-12-25']),
    { timeZone: 'UTC', workingDays: [7, 1, 2, 3, 4], holidays: ['2026-03-10'] },
    { timeZone: 'UTC', workingDays: [3], holidays: [] },
  ];
  const day = fc.integer({ min: 0, max: 800 }).map((d) => addCalendarDays('2025-06-01', d));

  it('adding n ≠ 0 business days lands on a business day, n business days away', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -30, max: 30 }), fc.constantFrom(...calendars), (date, n, cal) => {
        fc.pre(n !== 0);
        const result = addBusinessDays(date, n, cal);
        expect(isBusinessDay(result, cal)).toBe(true);
        // Going back, the start itself counts when it is a business day: (result, date].
        const expected = n > 0 || isBusinessDay(date, cal) ? n : n + 1;
        expect(businessDaysBetween(date, result, cal)).toBe(expected);
      }),
    );
  });

  it('from + (business days between from and a business day to) = to', () => {
    fc.assert(
      fc.property(day, day, fc.constantFrom(...calendars), (from, to, cal) => {
        fc.pre(isBusinessDay(to, cal) && to >= from);
        expect(addBusinessDays(from, businessDaysBetween(from, to, cal), cal)).toBe(to);
      }),
    );
  });

  it('labels ISO weeks the ISO way (2026 has 53 weeks)', () => {
    expect(isoWeekKey('2026-01-01')).toBe('2026-W01');
    expect(isoWeekKey('2026-03-03')).toBe('2026-W10');
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
  });
});
