import type { FastifyRequest } from 'fastify';

/**
 * The address as the log may show it. The calendar feed's address is its only key (a calendar
 * app fetches it without any other credential), and query values hold what the user searched
 * for (names, employers): neither belongs in a log file. Query names stay, for debugging.
 */
export function redactUrl(url: string): string {
  const [pathPart = '', query] = url.split(/\?(.*)/s, 2);
  const safePath = pathPart.replace(/^\/api\/calendar\/(?!rotate$)[^/]+?(\.ics)?$/, (_, ics: string | undefined) => `/api/calendar/[redacted]${ics ?? ''}`);
  if (query === undefined) return safePath;
  const names = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => `${p.split('=')[0] ?? ''}=[redacted]`);
  return `${safePath}?${names.join('&')}`;
}

/** Fastify's request serializer with the address redacted. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
