import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { badRequestResponseSchema, errorResponseSchema } from '../contracts/common.schema.js';
import { BUSY_RETRY_AFTER_SECONDS } from './error-handler.js';

type JsonObject = Record<string, unknown>;
type Route = { method: string; url: string; public: boolean };

/**
 * The answers a route gives besides its own, whatever its schema says, because the error
 * handler, the hooks and Fastify give them to every route of a kind. Listed once here, so that
 * the OpenAPI document names every status a client can meet; the HTTP tests check every answer
 * they receive against the document (test/support/openapi-check.ts), so it cannot drift.
 */
interface CommonAnswer {
  status: string;
  description: string;
  when: (route: Route, serverMode: boolean) => boolean;
  schema?: 'bad-request';
  retryAfter?: true;
}

const hasBody = (route: Route) => route.method !== 'GET' && route.method !== 'HEAD';
/** Routes that answer without reading or writing the database. */
const WITHOUT_DATABASE = new Set(['/api/health']);
const usesDatabase = (route: Route) => !WITHOUT_DATABASE.has(route.url);

const COMMON_ANSWERS: CommonAnswer[] = [
  {
    status: '400',
    description: 'Invalid input: `issues` names each field (a body field, a path parameter or a query value) and what is wrong with it; nothing was changed',
    // Every route: the text rule (no NUL, no lone surrogate) reads every query, whatever the route's schema.
    when: () => true,
    schema: 'bad-request',
  },
  {
    status: '401',
    description: 'Server mode: no session (sign in first)',
    when: (route, serverMode) => serverMode && !route.public,
  },
  {
    status: '403',
    description: 'The Host or Origin header is not this server (DNS rebinding, another site); in server mode also a write without its CSRF token, or a record this account may not see',
    when: () => true,
  },
  { status: '404', description: 'No record with this id in the workspace', when: (route) => route.url.includes(':') },
  { status: '413', description: 'The body is larger than this route accepts; nothing was read', when: hasBody },
  { status: '415', description: 'The body is not in a content type this route reads (JSON unless said otherwise)', when: hasBody },
  {
    status: '503',
    description: `The database was busy with another writer (an import from the command line) for longer than the server waits; nothing was changed: try again after Retry-After seconds (${BUSY_RETRY_AFTER_SECONDS})`,
    when: usesDatabase,
    retryAfter: true,
  },
  {
    status: '507',
    description: 'The disk is full (or a quota was reached): the write was rolled back and nothing was changed',
    when: usesDatabase,
  },
];

/** A status's description when the route's own schema gave none. */
const DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted: the work goes on in the background',
  '204': 'Done; no body',
  '409': 'A conflict: the record changed since it was read (send the version you edited), is entered twice (`existing` names the one already there), or its state does not allow this',
  '429': 'Too many attempts: try again after Retry-After seconds',
};

const converted = new Map<string, JsonObject>();

/** A zod schema as the document spells it, converted the way every route's schemas are. */
function jsonOf(name: 'error' | 'bad-request', input: Parameters<SwaggerTransform>[0]): JsonObject {
  let schema = converted.get(name);
  if (!schema) {
    const zod = name === 'error' ? errorResponseSchema : badRequestResponseSchema;
    schema = (jsonSchemaTransform({ ...input, schema: { response: { 400: zod } } }).schema as { response: Record<string, JsonObject> }).response['400'] ?? {};
    converted.set(name, schema);
  }
  return schema;
}

/**
 * zod-to-OpenAPI (fastify-type-provider-zod), plus what it cannot say on its own:
 * - the answers every route of a kind gives (above), unless the route documents them itself —
 *   and every 400 in the field-error shape, `issues` required, whatever the route declares;
 * - the media type of a file: a route that sends CSV, vCard or PDF says so with `produces` in
 *   its schema, and only its success answers take that type (its errors are JSON).
 */
export function openApiTransform(options: { serverMode: boolean }): SwaggerTransform {
  return (input) => {
    const result = jsonSchemaTransform(input);
    const schema = result.schema as JsonObject | undefined;
    if (!schema || schema.hide) return result;
    const methods = ([] as string[]).concat(input.route.method).filter((m) => m !== 'HEAD');
    const route: Route = { method: methods[0] ?? 'GET', url: input.url, public: Boolean(input.route.config && (input.route.config as { public?: boolean }).public) };
    const response: Record<string, JsonObject> = { ...((schema.response as Record<string, JsonObject> | undefined) ?? {}) };
    const produces = schema.produces as string[] | undefined;
    if (produces && !Object.keys(response).some((status) => status.startsWith('2'))) response['200'] = { description: 'The file' };
    for (const [status, body] of Object.entries(response)) {
      if (status.startsWith('2') && produces) {
        const { description, ...rest } = body;
        const fileSchema = Object.keys(rest).length > 0 && rest.type !== 'string' ? rest : { type: 'string' };
        response[status] = { description: description ?? 'The file', content: Object.fromEntries(produces.map((type) => [type, { schema: fileSchema }])) };
      } else if (status === '400') {
        response[status] = { ...jsonOf('bad-request', input), description: COMMON_ANSWERS[0]?.description };
      } else if (body.description === undefined && DESCRIPTIONS[status]) {
        response[status] = { ...body, description: DESCRIPTIONS[status] };
      }
    }
    for (const answer of COMMON_ANSWERS) {
      if (response[answer.status] || !answer.when(route, options.serverMode)) continue;
      response[answer.status] = {
        ...jsonOf(answer.schema ?? 'error', input),
        description: answer.description,
        ...(answer.retryAfter ? { headers: { 'retry-after': { type: 'integer', description: 'Seconds to wait before trying again' } } } : {}),
      };
    }
    for (const [status, body] of Object.entries(response)) {
      if (body.description === undefined && !status.startsWith('2')) response[status] = { ...body, description: DESCRIPTIONS[status] ?? 'An error' };
    }
    const { produces: _produces, ...rest } = schema;
    return { ...result, schema: { ...rest, response } };
  };
}
