import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { errorResponseSchema } from '../../src/contracts/common.schema.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** One answer of the app, as an onSend hook sees it. */
export interface SentResponse {
  method: string;
  /** The request's address, for messages. */
  url: string;
  /** The route that answered, as Fastify spells it (`/api/contacts/:id`); undefined when no route matched. */
  route: string | undefined;
  /** The route says `schema: { hide: true }`: left out of the document on purpose (the calendar feed, the docs themselves, probes). */
  hidden: boolean;
  status: number;
  contentType: string | undefined;
  /** The body as sent; null for a stream (a static file), which is not checked. */
  body: string | Buffer | null;
}

const JSON_TYPE = /^application\/(.+\+)?json$/;

// OpenAPI 3.1 schemas are JSON Schema 2020-12. One compiler for the whole run: the same schema
// (by its text) is compiled once, whichever app instance's document it came from.
// Not optimized: compiling is what costs in a test run (about a third less), not validating.
const ajv = new Ajv2020({ strict: false, allErrors: false, code: { optimize: false } });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();
function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * Checks answers against the app's own OpenAPI document: the status must be documented for
 * the route, its media type too, and a JSON body must match the documented schema. An /api
 * route missing from the document is an error unless it is hidden on purpose. Returns what is
 * wrong (empty when the answer is true to the document).
 */
export function createOpenApiChecker(doc: OpenAPIV3_1.Document): (sent: SentResponse) => string[] {
  return (sent) => {
    const where = `${sent.method} ${sent.url} → ${sent.status}`;
    const text = sent.body === null ? null : sent.body.toString();
    const type = (sent.contentType ?? '').split(';')[0]?.trim() ?? '';
    if (sent.route === undefined) {
      // No route matched (or a hook answered before routing): JSON must be the error shape; the web app's fallback is HTML.
      if (!JSON_TYPE.test(type)) return [];
      return errorResponseSchema.safeParse(safeJson(text)).success ? [] : [`${where}: an answer outside any route is not the error shape: ${text?.slice(0, 200)}`];
    }
    if (sent.hidden || !sent.route.startsWith('/api')) return [];
    const path = sent.route.replace(/:(\w+)/g, '{$1}');
    const item = doc.paths?.[path];
    if (!item) return [`${where}: ${path} is not in the OpenAPI document (hide it with schema.hide if that is meant)`];
    const method = (sent.method === 'HEAD' ? 'get' : sent.method.toLowerCase()) as OpenAPIV3_1.HttpMethods;
    const operation = item[method];
    if (!operation) return [`${where}: ${sent.method} ${path} is not in the OpenAPI document`];
    const responses = operation.responses ?? {};
    const status = String(sent.status);
    const response = (responses[status] ?? responses[`${status[0]}XX`] ?? responses.default) as OpenAPIV3_1.ResponseObject | undefined;
    if (!response) return [`${where}: status ${status} is not documented for ${sent.method} ${path} (documented: ${Object.keys(responses).join(', ')}); body ${text?.slice(0, 300)}`];
    const empty = text === null || text === '';
    if (!response.content) return empty || sent.method === 'HEAD' ? [] : [`${where}: the document says no body, but one was sent`];
    if (sent.method === 'HEAD' || sent.body === null) return [];
    const media = response.content[type];
    if (!media) return [`${where}: content type "${type}" is not documented (documented: ${Object.keys(response.content).join(', ')})`];
    if (!JSON_TYPE.test(type) || !media.schema) return [];
    const value = safeJson(text);
    if (value === undefined) return [`${where}: the body is not JSON`];
    const validate = validatorFor(media.schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `${where}: body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
  };
}

function safeJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const documents = new Map<string, OpenAPIV3_1.Document>();

/** What the checked apps answered untrue to their document since the last `takeOpenApiProblems`. */
const problems: string[] = [];

/** Empties and returns the problems found so far (the setup file fails the test that caused them). */
export function takeOpenApiProblems(): string[] {
  return problems.splice(0, problems.length);
}

/**
 * Checks every answer of `app` against its own OpenAPI document (an onSend hook; add it before
 * `app.ready()`). What is wrong is kept for `takeOpenApiProblems`: `test/support/openapi-setup.ts`
 * fails the test during which it happened, so a document that drifts from the code fails the
 * HTTP tests. `onProblem` sees each one as it happens (the fuzzer counts them).
 */
export function checkAnswersAgainstOpenApi(app: FastifyInstance, options: { documentKey?: string; onProblem?: (problem: string) => void } = {}): void {
  let check: ((sent: SentResponse) => string[]) | undefined;
  // The document is made when the app is ready (in the test's beforeAll, not in its first request);
  // apps built alike (documentKey) share one, since making it converts every route's schemas.
  app.addHook('onReady', async () => {
    const key = options.documentKey;
    let doc = key ? documents.get(key) : undefined;
    if (!doc) {
      doc = app.swagger() as OpenAPIV3_1.Document;
      if (key) documents.set(key, doc);
    }
    check = createOpenApiChecker(doc);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!check) {
      problems.push(`${request.method} ${request.url}: answered before the app was ready; nothing could be checked`);
      return payload;
    }
    // A 204 or 304 goes out without a body, whatever the serializer made of `null`.
    const noBody = reply.statusCode === 204 || reply.statusCode === 304;
    const body = noBody ? '' : typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload === null || payload === undefined ? '' : null;
    const found = check({
      method: request.method,
      url: request.url,
      route: request.is404 ? undefined : request.routeOptions.url,
      hidden: Boolean((request.routeOptions.schema as { hide?: boolean } | undefined)?.hide),
      status: reply.statusCode,
      contentType: reply.getHeader('content-type')?.toString(),
      body,
    });
    for (const problem of found) {
      problems.push(problem);
      options.onProblem?.(problem);
    }
    return payload;
  });
}
