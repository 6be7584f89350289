import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const adviceRoutes: FastifyPluginAsyncZod = async () => {};
