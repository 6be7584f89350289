/**
 * The instant the tests run at, whatever the wall clock says: Tuesday 3 March 2026, 14:00 UTC —
 * a working day, and the same date from UTC−9 to UTC+9, so neither midnight nor a weekend can
 * change what Today, business days or "3 hours ago" mean.
 */
export const TEST_NOW = '2026-03-03T14:00:00.000Z';

const loadedAt = Date.now();

/**
 * The tests' "now": TEST_NOW plus the real time this test file has been running. Processes
 * started with `clockEnv()` (the server, each CLI call) and a browser with `installClock` start
 * from it and advance in real time, so they agree with each other and with the test.
 */
export function testNow(): Date {
  return new Date(Date.parse(TEST_NOW) + (Date.now() - loadedAt));
}

/** RAPPORT_CLOCK_START for a child process (the CLI tests' `runCli` and `startServerProcess` pass it). */
export function clockEnv(): { RAPPORT_CLOCK_START: string } {
  return { RAPPORT_CLOCK_START: testNow().toISOString() };
}

const HOUR = 3_600_000;

/** An ISO instant `hours` from the tests' now (negative: in the past). */
export function hoursFromNow(hours: number): string {
  return new Date(testNow().getTime() + hours * HOUR).toISOString();
}

/** An ISO instant `days` from the tests' now (negative: in the past). */
export function daysFromNow(days: number): string {
  return hoursFromNow(days * 24);
}

/** "2026-03-03 11:00": an instant as the CLI's --at takes it with --tz UTC. */
export function cliMinute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
