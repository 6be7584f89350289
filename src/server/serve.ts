import type { FastifyInstance } from 'fastify';
import type { RuntimeConfig } from '../runtime/config.js';
import { clockFor, openContext, type AppContext } from '../runtime/context.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  context: AppContext;
  url: string;
  close(): Promise<void>;
}

/** Opens (and migrates) the database, then listens on 127.0.0.1 only. */
export async function startServer(config: RuntimeConfig): Promise<RunningServer> {
  const context = await openContext(config.database, { clock: clockFor(config) });
  const app = await buildApp({ services: context.services, workspaceId: context.workspaceId, extraOrigins: config.extraOrigins });
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
    context,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await context.close();
    },
  };
}
