import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { findTextProblems, type FieldIssue } from '../contracts/common.schema.js';
import { DISK_FULL_MESSAGE, isDatabaseBusy, isDiskFull } from '../db/database.js';
import { AppError, DuplicateError, TooManyError, type ErrorCode } from '../services/errors.js';

/** Seconds a client should wait before retrying a write that found the database busy. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

const STATUS: Record<ErrorCode, number> = { invalid: 400, not_found: 404, conflict: 409, unauthorized: 401, forbidden: 403, too_many: 429 };

/** Fastify's names for the parts of a request, as the error messages say them. */
const PARTS = [
  ['params', 'params'],
  ['querystring', 'query'],
  ['body', 'body'],
] as const;

/**
 * The text rule (contracts/common.schema.ts: no NUL, no lone surrogate) on every request,
 * before any route's own validation: body, path ids and query values alike, whatever the
 * route's schema says about them. A field-level 400, as for any other invalid field.
 */
export function registerTextRule(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    for (const [where, property] of PARTS) {
      const issues = findTextProblems(request[property]).map((i) => ({ ...i, path: i.path || where }));
      const first = issues[0];
      if (first) {
        return reply.code(400).send({ error: { code: 'invalid', message: `Invalid ${where}: ${first.path}: ${first.message}`, issues } });
      }
    }
  });
}

/**
 * The one place where errors become HTTP responses. Bad input is always a 4xx that names the
 * field; only a bug is a 500, and its details go to the log, not to the client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const issues: FieldIssue[] = error.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where,
        message: v.message ?? 'Invalid',
      }));
      const first = issues[0];
      return reply.code(400).send({
        error: { code: 'invalid', message: first ? `Invalid ${where}: ${first.path}: ${first.message}` : `Invalid ${where}`, issues },
      });
    }
    if (error instanceof AppError) {
      if (error instanceof TooManyError) reply.header('retry-after', String(error.retryAfterSeconds));
      // Every 400 names a field (the OpenAPI document says so): the request's body, when the service did not say which part.
      const issues = error.issues ?? (error.code === 'invalid' ? [{ path: 'body', message: error.message }] : undefined);
      return reply.code(STATUS[error.code]).send({
        error: { code: error.code, message: error.message, ...(issues ? { issues } : {}), ...(error instanceof DuplicateError ? { existing: error.existing } : {}) },
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.code(500).send({ error: { code: 'internal', message: 'Internal error' } });
    }
    if (isDatabaseBusy(error)) {
      // Another process (the CLI importing) held the write lock past the busy timeout. Nothing
      // was written; the client may simply try again.
      request.log.warn({ err: error }, 'database busy');
      return reply
        .code(503)
        .header('retry-after', String(BUSY_RETRY_AFTER_SECONDS))
        .send({ error: { code: 'busy', message: 'The database is busy with another writer (an import from the command line?). Nothing was changed; try again in a moment.' } });
    }
    if (isDiskFull(error)) {
      // The disk is full: the transaction rolled back; say so (507), not "internal error".
      request.log.error({ err: error }, 'disk full');
      return reply.code(507).send({ error: { code: 'disk_full', message: DISK_FULL_MESSAGE } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large. A 400 is about the body.
      return reply
        .code(status)
        .send({ error: { code: (error.code ?? 'bad_request').toLowerCase(), message: error.message, ...(status === 400 ? { issues: [{ path: 'body', message: error.message }] } : {}) } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal error' } });
  });
}
