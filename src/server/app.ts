import fs from 'node:fs';
import path from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { packageRoot, packageVersion } from '../runtime/package-root.js';
import type { Services } from '../services/index.js';
import type { Scope } from '../services/contact.service.js';
import { registerErrorHandler, registerTextRule } from './error-handler.js';
import { adviceRoutes } from './routes/advice.routes.js';
import { contactsRoutes } from './routes/contacts.routes.js';
import { conversationsRoutes } from './routes/conversations.routes.js';
import { eventsRoutes } from './routes/events.routes.js';
import { insightsRoutes } from './routes/insights.routes.js';
import { opportunitiesRoutes } from './routes/opportunities.routes.js';
import { organizationsRoutes } from './routes/organizations.routes.js';
import { playbookRoutes } from './routes/playbook.routes.js';
import { profileRoutes } from './routes/profile.routes.js';
import { referralsRoutes } from './routes/referrals.routes.js';
import { targetsRoutes } from './routes/targets.routes.js';
import { transferRoutes } from './routes/transfer.routes.js';
import { mailImportsRoutes } from './routes/mail-imports.routes.js';
import { metaRoutes } from './routes/meta.routes.js';
import { searchRoutes } from './routes/search.routes.js';
import { registerHealthRoutes } from './health.routes.js';
import { registerServerMode, type ServerModeOptions } from './auth/server-mode.js';
import { serializeRequest } from './log.js';
import { openApiTransform } from './openapi.js';
import { registerHostGuard, registerNoStoreForApi } from './security.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    scope: Scope;
  }
}

export interface AppOptions {
  services: Services;
  /** Local mode: every request acts in this one workspace. */
  workspaceId?: string;
  /** Server mode (src/server/auth/): accounts, and each request acts in its signed-in person's workspace. */
  server?: ServerModeOptions;
  extraOrigins?: string[];
  /** Folder of the built web app; defaults to dist/web in the package. */
  webRoot?: string;
  logLevel?: string;
  /** Fastify's trustProxy: whose X-Forwarded-For gives the client's address (server mode behind a proxy). */
  trustProxy?: string | boolean;
  /** Where the log goes (stdout by default); tests read it. */
  logStream?: { write(line: string): void };
}

/** Builds the HTTP app (API, OpenAPI docs and the web app) without listening, so tests can `inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? process.env.RAPPORT_LOG_LEVEL ?? 'warn',
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'],
      // The calendar feed's secret and search terms are in the address (server/log.ts).
      serializers: { req: serializeRequest },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: 1024 * 1024,
    // The router refuses, before any route or hook, an address it cannot decode (a lone
    // surrogate's bytes, broken UTF-8) or whose id is over 100 characters: a 400 naming the
    // address, in the error shape, not Fastify's own body (or its bare 414). No hook runs for
    // these (no route matched yet): the headers every API answer carries are set here.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const known = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const message =
        error.code === 'FST_ERR_BAD_URL'
          ? 'The address is not valid percent-encoded UTF-8 (broken bytes, or half of a character)'
          : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? 'A part of the address is longer than 100 characters: no id is'
            : 'Internal error';
      void reply
        .code(known ? 400 : 500)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send({ error: known ? { code: 'invalid', message, issues: [{ path: 'url', message }] } : { code: 'internal', message } });
    },
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('services', options.services);
  const { server, workspaceId } = options;
  if (!server) {
    if (workspaceId === undefined) throw new Error('buildApp: local mode needs its workspaceId');
    app.decorateRequest('scope', { getter: () => ({ workspaceId }) });
  }

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine injects its CSS variables in <style> tags at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // The fonts are bundled with the web app; helmet's default would allow any https host.
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain http on 127.0.0.1: HSTS would only confuse a browser. Server mode behind TLS wants it.
    strictTransportSecurity: server?.publicUrl.protocol === 'https:' ? { maxAge: 15_552_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  // After helmet, so that refusals carry the security headers too.
  registerHostGuard(app, { extraOrigins: options.extraOrigins ?? [], ...(server ? { publicUrl: server.publicUrl } : {}) });
  registerNoStoreForApi(app);
  registerErrorHandler(app);
  registerTextRule(app);
  registerHealthRoutes(app, options.services);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: packageVersion(),
        description: 'The relationship-first job-search CRM. Every body and query is validated; errors name the field.',
      },
    },
    // zod-derived, plus the answers every route of a kind gives (400, 403, 404, 413, 415, 503, 507).
    transform: openApiTransform({ serverMode: server !== undefined }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Server mode: sessions, CSRF and `request.scope` from the session, before any /api route.
  if (server) await registerServerMode(app, options.services, server);

  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(metaRoutes);
      await api.register(contactsRoutes);
      await api.register(organizationsRoutes);
      await api.register(targetsRoutes);
      await api.register(conversationsRoutes);
      await api.register(referralsRoutes);
      await api.register(adviceRoutes);
      await api.register(eventsRoutes);
      await api.register(playbookRoutes);
      await api.register(opportunitiesRoutes);
      await api.register(insightsRoutes);
      await api.register(transferRoutes);
      await api.register(mailImportsRoutes);
      await api.register(profileRoutes);
      await api.register(searchRoutes);
    },
    { prefix: '/api' },
  );

  const webRoot = options.webRoot ?? path.join(packageRoot(), 'dist', 'web');
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // dist/web holds a .br and a .gz beside each text file (scripts/compress-web.mjs).
      preCompressed: true,
      cacheControl: false,
      // Files under assets/ are named by their content's hash: a browser may keep them for a
      // year. Anything else (index.html) is checked again on every load.
      setHeaders: (res, filePath) => res.setHeader('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || url === '/api' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${url}` } });
    }
    if (!hasWeb) {
      return reply.code(503).type('text/plain').send('The web app is not built yet: run `npm run build` (npm start does it for you).');
    }
    // Client-side routes (/contacts/123) all load the single-page app.
    return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
  });

  return app;
}
