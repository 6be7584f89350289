import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { MAIL_IMPORT_MAX_BYTES, mailImportJobSchema, mailImportOptionsSchema } from '../../contracts/mail-import.schema.js';
import { InvalidError } from '../../services/errors.js';

class PayloadTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'too_large';
}

const params = z.object({ id: idSchema });
const stageQuery = z.object({ contactId: idSchema.optional() });

/**
 * Mail and calendar imports: upload (streamed to a temporary file the import then owns: an mbox
 * may be gigabytes) → preview → choices → commit → progress. Thin: MailImportService does the work.
 */
export const mailImportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { mailImports } = app.services;
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, parts: 20 } });

  app.post('/mail-imports', {
    schema: {
      tags: ['import'],
      summary: 'Upload a mail or calendar file (multipart field "file": .mbox, .eml or .ics) and preview it; nothing is written yet. With contactId, the file was dropped on that contact',
      querystring: stageQuery,
      response: { 201: mailImportJobSchema, 400: errorResponseSchema, 404: errorResponseSchema, 413: errorResponseSchema },
    },
    handler: async (request, reply) => {
      if (!request.isMultipart()) throw new InvalidError('Send the file as multipart/form-data, in a field named "file"', [{ path: 'file', message: 'Send the file as multipart/form-data, in a field named "file"' }]);
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-mail-'));
      const target = path.join(dir, 'upload');
      try {
        const part = await request.file({ limits: { fileSize: MAIL_IMPORT_MAX_BYTES, files: 1 } });
        if (!part) throw new InvalidError('The upload holds no file', [{ path: 'file', message: 'Required' }]);
        await pipeline(part.file, createWriteStream(target));
        if (part.file.truncated) throw new PayloadTooLargeError('The file is larger than 4 GiB, the limit; nothing was read');
        // The job owns the file from here (and deletes it when done or discarded); the folder goes now.
        const owned = `${dir}.upload`;
        await fs.rename(target, owned);
        const options = mailImportOptionsSchema.parse(request.query.contactId ? { contactId: request.query.contactId } : {});
        return reply.code(201).send(await mailImports.stage(request.scope, owned, part.filename ? path.basename(part.filename) : null, options));
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  });

  app.get('/mail-imports/:id', {
    schema: { tags: ['import'], summary: 'The preview, progress and result of a mail or calendar import', params, response: { 200: mailImportJobSchema, 404: errorResponseSchema } },
    handler: async (request) => {
      const job = await mailImports.job(request.scope, request.params.id);
      const failure = job.status === 'failed' ? await mailImports.takeFailure(request.scope, request.params.id) : undefined;
      if (failure) request.log.error({ err: failure }, 'mail import failed');
      return job;
    },
  });

  app.post('/mail-imports/:id/preview', {
    schema: {
      tags: ['import'],
      summary: 'Preview the uploaded file again with other choices (correspondents to add, meeting kinds)',
      params,
      body: mailImportOptionsSchema,
      response: { 200: mailImportJobSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: (request) => mailImports.restage(request.scope, request.params.id, request.body),
  });

  app.post('/mail-imports/:id/commit', {
    schema: {
      tags: ['import'],
      summary: 'Import the previewed file in one transaction; poll GET /mail-imports/:id until done',
      params,
      body: mailImportOptionsSchema,
      response: { 202: mailImportJobSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.code(202).send(await mailImports.commit(request.scope, request.params.id, request.body)),
  });

  app.delete('/mail-imports/:id', {
    schema: { tags: ['import'], summary: 'Discard an uploaded mail or calendar file', params, response: { 204: z.null(), 404: errorResponseSchema, 409: errorResponseSchema } },
    handler: async (request, reply) => {
      await mailImports.discard(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });
};
