import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  backupDocumentSchema,
  contactMergeSchema,
  exportCsvKindSchema,
  importCommitSchema,
  importJobSchema,
  importRemapSchema,
  mergeResultSchema,
  RESTORE_MAX_BYTES,
  restoreResultSchema,
  vcardExportQuerySchema,
} from '../../contracts/transfer.schema.js';
import { looksLikeZip } from '../../formats/zip-archive.js';
import { formatBytes } from '../../services/import.service.js';
import { InvalidError } from '../../services/errors.js';
import type { ExportFile } from '../../services/export.service.js';

/** A file over the limit: refused with 413 and a message that says what the limit is. */
class PayloadTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'too_large';
}

/**
 * Receives the one file of a multipart upload into a temporary directory, streamed with a size
 * limit (busboy stops at the limit), so an oversized upload never sits in memory. The caller
 * deletes `dir` when done.
 */
async function receiveToDisk(request: FastifyRequest, limit: number, what: string): Promise<{ dir: string; path: string; fileName: string | null; size: number }> {
  if (!request.isMultipart()) throw new InvalidError('Send the file as multipart/form-data, in a field named "file"', [{ path: 'file', message: 'Send the file as multipart/form-data, in a field named "file"' }]);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-upload-'));
  try {
    const part = await request.file({ limits: { fileSize: limit, files: 1, fields: 10, parts: 20 } });
    if (!part) throw new InvalidError('The upload holds no file', [{ path: 'file', message: 'Required' }]);
    const target = path.join(dir, 'upload');
    try {
      await pipeline(part.file, createWriteStream(target, { mode: 0o600 }));
    } catch (error) {
      if (isTooLarge(error) || part.file.truncated) throw tooLarge(what, limit);
      throw error;
    }
    if (part.file.truncated) throw tooLarge(what, limit);
    return { dir, path: target, fileName: part.filename ? path.basename(part.filename) : null, size: (await fs.stat(target)).size };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const tooLarge = (what: string, limit: number) => new PayloadTooLargeError(`The ${what} is larger than ${formatBytes(limit)}, the limit; nothing was read`);

/** Receives the one file of a multipart upload as bytes (at most `limit`); the temporary copy is deleted at once. */
async function receiveFile(request: FastifyRequest, limit: number, what: string): Promise<{ bytes: Buffer; fileName: string | null }> {
  const upload = await receiveToDisk(request, limit, what);
  try {
    return { bytes: await fs.readFile(upload.path), fileName: upload.fileName };
  } finally {
    await fs.rm(upload.dir, { recursive: true, force: true });
  }
}

/** The first bytes of a file on disk. */
async function head(file: string, bytes = 4): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE';
}

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .type(file.contentType)
    .send(file.body);
}

const params = z.object({ id: idSchema });
const fileResponse = { 200: z.string().describe('The file'), 400: errorResponseSchema, 404: errorResponseSchema };
const VCARD = ['text/vcard'];
const CSV = ['text/csv'];

/**
 * Import (upload → preview → commit → progress), merge, export (vCard, CSV) and the JSON
 * backup and restore. Thin: the services do the work.
 */
export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  const { imports, exports, backups } = app.services;
  // Registered here, so that multipart bodies are accepted by these routes only.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, parts: 20 } });

  app.post('/imports', {
    schema: {
      tags: ['import'],
      summary:
        'Upload a contact file (multipart field "file": LinkedIn, Google, Outlook or Thunderbird CSV, any CSV with recognisable column names, or vCard, at most 20 MiB; or LinkedIn\'s data archive .zip, at most 256 MiB) and preview its import; nothing is written yet',
      response: { 201: importJobSchema, 400: errorResponseSchema, 413: errorResponseSchema },
    },
    handler: async (request, reply) => {
      // LinkedIn's data archive may be larger than a contact file: it is received on disk, and
      // only the files Rapport reads are taken out of it. Any other file keeps its own limit.
      const upload = await receiveToDisk(request, Math.max(imports.maxFileBytes, imports.maxArchiveBytes), 'file');
      let job;
      try {
        if (looksLikeZip(await head(upload.path))) {
          if (upload.size > imports.maxArchiveBytes) throw tooLarge('archive', imports.maxArchiveBytes);
          job = await imports.stageArchive(request.scope, upload.path, upload.fileName);
        } else {
          if (upload.size > imports.maxFileBytes) throw tooLarge('file', imports.maxFileBytes);
          job = await imports.stage(request.scope, await fs.readFile(upload.path), upload.fileName);
        }
      } finally {
        // Removed before the answer goes out: the upload is the import's now (or refused).
        await fs.rm(upload.dir, { recursive: true, force: true });
      }
      return reply.code(201).send(job);
    },
  });

  app.get('/imports/:id', {
    schema: { tags: ['import'], summary: 'The preview, progress and result of an import', params, response: { 200: importJobSchema, 404: errorResponseSchema } },
    handler: async (request) => {
      const job = await imports.job(request.scope, request.params.id);
      const failure = job.status === 'failed' ? await imports.takeFailure(request.scope, request.params.id) : undefined;
      if (failure) request.log.error({ err: failure }, 'import failed');
      return job;
    },
  });

  app.post('/imports/:id/mapping', {
    schema: {
      tags: ['import'],
      summary:
        'Read a previewed CSV again with the columns mapped as given (header → field, "ignore" to leave a column out) and return the new preview; the commit uses this mapping',
      params,
      body: importRemapSchema,
      response: { 200: importJobSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: (request) => imports.remap(request.scope, request.params.id, request.body.mapping),
  });

  app.post('/imports/:id/commit', {
    schema: {
      tags: ['import'],
      summary: 'Import the previewed file, all or nothing; a bad value costs only that value (listed in the preview’s warnings). Poll GET /imports/:id for progress',
      params,
      body: importCommitSchema,
      response: { 202: importJobSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.code(202).send(await imports.commit(request.scope, request.params.id, request.body)),
  });

  app.delete('/imports/:id', {
    schema: { tags: ['import'], summary: 'Discard a previewed file', params, response: { 204: z.null(), 404: errorResponseSchema, 409: errorResponseSchema } },
    handler: async (request, reply) => {
      await imports.discard(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/contacts/merge', {
    schema: {
      tags: ['contacts'],
      summary: 'Merge two contacts that are one person: the kept one takes the other’s empty fields and history, the other is deleted',
      body: contactMergeSchema,
      response: { 200: mergeResultSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: (request) => imports.merge(request.scope, request.body.keepId, request.body.mergeId),
  });

  app.get('/export/contacts.vcf', {
    schema: { tags: ['export'], summary: 'Contacts as vCard 4.0 or 3.0 (all, or the comma-separated ids)', querystring: vcardExportQuerySchema, produces: VCARD, response: fileResponse },
    handler: async (request, reply) => sendFile(reply, await exports.vcard(request.scope, request.query)),
  });

  for (const kind of exportCsvKindSchema.options) {
    app.get(`/export/${kind}.csv`, {
      schema: { tags: ['export'], summary: `${kind[0]!.toUpperCase()}${kind.slice(1)} as CSV (UTF-8 with BOM, for spreadsheets)`, produces: CSV, response: fileResponse },
      handler: async (request, reply) => sendFile(reply, await exports.csv(request.scope, kind)),
    });
  }

  app.get('/backup', {
    // The document is sent as the service wrote it (a string: Fastify does not serialize it again);
    // the schema documents it, and the HTTP tests check every backup they fetch against it.
    schema: { tags: ['backup'], summary: 'A lossless JSON backup of the whole workspace (restore it with POST /restore)', response: { 200: backupDocumentSchema.describe('The backup document') } },
    handler: async (request, reply) => {
      const doc = await backups.backup(request.scope);
      return sendFile(reply, { fileName: `rapport-backup-${doc.createdAt.slice(0, 10)}.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify(doc), count: 0 });
    },
  });

  app.post('/restore', {
    // A backup of 30,000 contacts with their history is tens of megabytes.
    bodyLimit: RESTORE_MAX_BYTES,
    schema: {
      tags: ['backup'],
      summary:
        'Restore a backup (JSON body, or a multipart field "file") into this workspace; 409 unless the workspace is empty. In server mode this is how a seeker brings the data of their local Rapport into their account (every record gets a new id)',
      response: { 200: restoreResultSchema, 400: errorResponseSchema, 409: errorResponseSchema, 413: errorResponseSchema },
    },
    handler: async (request) => {
      let document: unknown = request.body;
      if (request.isMultipart()) {
        const { bytes } = await receiveFile(request, RESTORE_MAX_BYTES, 'backup');
        try {
          document = JSON.parse(bytes.toString('utf8'));
        } catch {
          throw new InvalidError('The backup is not JSON', [{ path: 'file', message: 'Not JSON' }]);
        }
      }
      // Server mode: a seeker's local data gets new ids, so one backup can go into two accounts.
      return backups.restore(request.scope, document, { renewIds: Boolean(request.auth) });
    },
  });
};
