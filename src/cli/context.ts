import { loadConfig } from '../runtime/config.js';
import { clockFor, openContext, type AppContext } from '../runtime/context.js';
import type { Clock } from '../services/runtime.js';

let clock: Clock | undefined;

/** This command's clock (RAPPORT_CLOCK_START or the system's), read once: every "now" of a command is taken from it. */
export function cliClock(): Clock {
  clock ??= clockFor(loadConfig());
  return clock;
}

/** Opens the same database the server uses (RAPPORT_DATA_DIR or DATABASE_URL), runs `fn`, and always closes it. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const ctx = await openContext(config.database, { clock: cliClock() });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
