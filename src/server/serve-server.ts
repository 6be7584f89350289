import type { ServerRuntimeConfig } from '../runtime/server-config.js';
import { clockFor } from '../runtime/context.js';
import { openServerContext } from '../runtime/server-context.js';
import { buildApp } from './app.js';
import type { RunningServer } from './serve.js';

/** Server mode: opens (and migrates) PostgreSQL, then listens where the reverse proxy reaches it. */
export async function startServerMode(config: ServerRuntimeConfig): Promise<Omit<RunningServer, 'context'>> {
  // The queue's own errors (a lost connection) go to the app's log once there is one.
  const logger: { error?: (error: unknown) => void } = {};
  const context = await openServerContext(config.database, { clock: clockFor(config), runJobs: true, onJobError: (error) => logger.error?.(error) });
  const app = await buildApp({ services: context.services, server: { publicUrl: config.publicUrl }, extraOrigins: config.extraOrigins, trustProxy: config.trustProxy });
  logger.error = (error) => app.log.error({ err: error }, 'job queue');
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    await context.close();
    throw error;
  }
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  return {
    app,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    close: async () => {
      await app.close();
      await context.close();
    },
  };
}
