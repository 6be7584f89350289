import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Import, export and backup (being built). */
export const transferRoutes: FastifyPluginAsyncZod = async () => {};
