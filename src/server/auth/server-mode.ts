import { createHmac, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../../services/accounts/account.service.js';
import { ACCOUNT_LIMITS } from '../../services/accounts/account.service.js';
import { UnauthorizedError } from '../../services/errors.js';
import type { Services } from '../../services/index.js';
import { accountRoutes } from './account.routes.js';
import { coachingRoutes } from './coaching.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Server mode: the signed-in person, or null. Local mode: always null. */
    auth: AuthContext | null;
    /** The session cookie's token when it named a live session (the CSRF token derives from it). */
    sessionToken: string | null;
  }
  interface FastifyInstance {
    /** Server mode: every route as registered (method, path, config), for the isolation test and audits. */
    registeredRoutes: { method: string; url: string; config: FastifyContextConfig }[];
  }
  interface FastifyContextConfig {
    /** Server mode: the route answers without a session (sign-in, invitation and reset links, health). */
    public?: boolean;
  }
}

export interface ServerModeOptions {
  /** The address people use (RAPPORT_PUBLIC_URL): links are built on it, and the guard accepts it. */
  publicUrl: URL;
  /** Sign-in attempts per client address and window (@fastify/rate-limit); the per-account limit is in AccountService. */
  loginRateLimit?: { max: number; timeWindowMs: number };
}

export const SESSION_COOKIE = 'rapport_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The CSRF token of a session: an HMAC keyed by the session's own secret token, which only the
 * HttpOnly cookie carries. A page on another site can make the browser send the cookie but can
 * neither read it nor compute this, so it cannot send the `x-csrf-token` header every write
 * needs. Nothing to store, and every server process computes the same token.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('rapport csrf v1').digest('base64url');
}

function csrfOk(request: FastifyRequest): boolean {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || request.sessionToken === null) return false;
  const expected = Buffer.from(csrfTokenFor(request.sessionToken));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The workspace a request acts in, in server mode: the signed-in person's, from their session. */
export function scopeOf(request: FastifyRequest): { workspaceId: string } {
  if (!request.auth) throw new UnauthorizedError();
  return { workspaceId: request.auth.workspaceId };
}

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    // Lax: a link into Rapport from a mail opens signed in; writes need the CSRF token anyway.
    sameSite: 'lax',
    path: '/',
    maxAge: ACCOUNT_LIMITS.sessionIdleMs / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}

/**
 * Server mode: accounts, sessions and CSRF. Every /api route needs a session unless it says
 * `config: { public: true }`; every write with a session needs its CSRF token; `request.scope`
 * is the signed-in person's workspace — the one place a request's workspace comes from.
 */
export async function registerServerMode(app: FastifyInstance, services: Services, options: ServerModeOptions): Promise<void> {
  const { accounts } = services;
  const routes: FastifyInstance['registeredRoutes'] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, config: route.config ?? {} });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    // An error the error handler turns into { error: { code: 'too_many', message } }, like every 4xx.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many attempts from this address: try again in ${context.after}`), { statusCode: 429, code: 'too_many' }),
  });
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('scope', {
    getter(this: FastifyRequest) {
      return scopeOf(this);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.auth = await accounts.authenticate(token);
      request.sessionToken = request.auth ? token : null;
    }
    const url = request.url.split('?')[0] ?? '';
    if (url !== '/api' && !url.startsWith('/api/')) return;
    if (request.routeOptions.config.public) return;
    if (!request.auth) {
      if (token) clearSessionCookie(reply);
      return reply.code(401).send({ error: { code: 'unauthorized', message: 'Sign in first' } });
    }
    if (UNSAFE_METHODS.has(request.method) && !csrfOk(request)) {
      return reply.code(403).send({ error: { code: 'csrf', message: 'This write needs the x-csrf-token header of your session (reload the page)' } });
    }
  });

  await app.register(accountRoutes, { prefix: '/api', publicUrl: options.publicUrl, loginRateLimit: options.loginRateLimit ?? { max: 20, timeWindowMs: 15 * 60_000 } });
  await app.register(coachingRoutes, { prefix: '/api' });
}
