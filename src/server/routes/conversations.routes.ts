import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const conversationsRoutes: FastifyPluginAsyncZod = async () => {};
