import { loadConfig } from '../runtime/config.js';
import { openContext, type AppContext } from '../runtime/context.js';

/** Opens the same database the server uses (RAPPORT_DATA_DIR or DATABASE_URL), runs `fn`, and always closes it. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const ctx = await openContext(config.database);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
