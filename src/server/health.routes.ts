import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.js';

/**
 * For a load balancer or an orchestrator, outside /api and without a session: `/healthz` says the
 * process answers (liveness), `/readyz` that it can serve (its database answers: 503 otherwise).
 * They tell nothing about anyone's data.
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const ready = await services.health.ready();
    if (ready.ok) return { ok: true };
    _request.log.warn({ reason: ready.reason }, 'not ready');
    return reply.code(503).send({ ok: false });
  });
}
