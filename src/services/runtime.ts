import { v7 as uuidv7 } from 'uuid';

/** Injected so that the playbook and every timestamp are deterministic in tests. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` when created and then advances in real time. It is what
 * RAPPORT_CLOCK_START selects: tests and demos run the server and the CLI on a chosen day
 * (a Tuesday afternoon, say) while timers, waits and durations still behave normally.
 */
export function startingClock(start: Date, realNow: () => number = Date.now): Clock {
  const offset = start.getTime() - realNow();
  return { now: () => new Date(realNow() + offset) };
}

/** UUIDv7: time-ordered, so new rows land at the end of the primary-key index. */
export const uuidV7Ids: IdGenerator = { newId: () => uuidv7() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advanceMs(ms: number): void } {
  let current = new Date(iso);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
    advanceMs: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
