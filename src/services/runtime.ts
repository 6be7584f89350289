import { v7 as uuidv7 } from 'uuid';

/** Injected so that the playbook and every timestamp are deterministic in tests. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date() };

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
