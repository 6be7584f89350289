import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function splitHost(host: string): { hostname: string; port: string | null } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  return m ? { hostname: m[1] ?? '', port: m[2] ?? null } : { hostname: '', port: null };
}

/**
 * DNS-rebinding and cross-site defence for a server on 127.0.0.1. A page on evil.example can
 * point its own name at 127.0.0.1 (rebinding) — the Host header then says evil.example; or it
 * can post from its own origin — the Origin header then says so. Both are refused.
 * When the server listens on a port, a Host or Origin naming another port is refused too: a
 * different local web app is a different origin.
 */
export function registerHostGuard(app: FastifyInstance, options: { extraOrigins: string[]; publicUrl?: URL }): void {
  const extraOrigins = new Set(options.extraOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
  // Server mode: the public origin (RAPPORT_PUBLIC_URL) behind the reverse proxy is this server too.
  const publicHost = options.publicUrl?.host.toLowerCase();
  if (options.publicUrl) extraOrigins.add(options.publicUrl.origin.toLowerCase());
  const listeningPort = (): string | null => {
    const address = app.server.address();
    return address && typeof address === 'object' ? String(address.port) : null;
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // A load balancer's probes name the server however it reaches it; they read nothing.
    if (request.url === '/healthz' || request.url === '/readyz') return;
    const port = listeningPort();
    const host = request.headers.host ?? '';
    const { hostname, port: hostPort } = splitHost(host);
    // A Host without a port means port 80 (RFC 9110 §7.2): only a server on port 80 may be named so.
    const hostOk =
      (publicHost !== undefined && host.trim().toLowerCase() === publicHost) ||
      (LOCAL_HOSTNAMES.has(hostname) && (port === null || (hostPort ?? '80') === port));
    if (!hostOk) {
      return reply.code(403).send({ error: { code: 'forbidden_host', message: `Host "${host}" is not this Rapport server` } });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !extraOrigins.has(origin.toLowerCase())) {
      let ok = false;
      try {
        const url = new URL(origin);
        const originPort = url.port || (url.protocol === 'https:' ? '443' : '80');
        ok = url.protocol === 'http:' && LOCAL_HOSTNAMES.has(url.hostname) && (port === null || originPort === port);
      } catch {
        ok = false;
      }
      if (!ok) {
        return reply.code(403).send({ error: { code: 'forbidden_origin', message: `Origin "${origin}" may not call this Rapport server` } });
      }
    }
  });
}

/**
 * Every answer of the JSON API is the user's own data (or an error about it): neither the
 * browser's cache nor a proxy keeps it. Routes that choose their own caching (the calendar
 * feed) keep theirs.
 */
export function registerNoStoreForApi(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
