import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { packageVersion } from '../../runtime/package-root.js';

export const metaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    schema: { tags: ['meta'], summary: 'Liveness and version', response: { 200: z.object({ ok: z.boolean(), version: z.string() }) } },
    handler: async () => ({ ok: true, version: packageVersion() }),
  });
};
