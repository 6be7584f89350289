import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { prepBriefSchema } from '../../contracts/prep.schema.js';
import {
  networkingSheetSchema,
  profileImportResultSchema,
  profileImportSchema,
  profileSchema,
  profileUpdateSchema,
  type ProfileImport,
} from '../../contracts/profile.schema.js';
import { decodeText } from '../../formats/decode.js';
import { InvalidError } from '../../services/errors.js';

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The import's files from a multipart upload (any number of "file" parts) or a JSON body of texts. */
async function importInput(request: FastifyRequest): Promise<ProfileImport> {
  if (request.isMultipart()) {
    const files: { name: string; text: string }[] = [];
    let overwrite = false;
    for await (const part of request.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 10, fields: 5, parts: 15 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        files.push({ name: part.filename || part.fieldname, text: decodeText(bytes) });
      } else if (part.fieldname === 'overwrite') {
        overwrite = String(part.value) === 'true';
      }
    }
    return parse({ files, overwrite });
  }
  return parse(request.body);
}

function parse(body: unknown): ProfileImport {
  const parsed = profileImportSchema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new InvalidError('Invalid profile import', parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'body', message: i.message })));
  }
  return parsed.data;
}

/** /api/profile — the seeker's profile, its import, and the one-page networking sheet; /api/conversations/:id/prep. */
export const profileRoutes: FastifyPluginAsyncZod = async (app) => {
  const { profile, prep } = app.services;
  await app.register(fastifyMultipart, { limits: { files: 10, fields: 5, parts: 15, fileSize: IMPORT_MAX_BYTES } });
  const tags = ['profile'];

  app.get('/profile', {
    schema: { tags, summary: 'The profile: pitch, skills, ideal position, target definition, weekly goals, time zone and working days', response: { 200: profileSchema } },
    handler: (request) => profile.get(request.scope),
  });

  app.put('/profile', {
    schema: {
      tags,
      summary: 'Change the profile (the keys given replace the stored ones; timeZone, workingDays and holidays are the playbook settings)',
      body: profileUpdateSchema,
      response: { 200: profileSchema, 400: errorResponseSchema },
    },
    handler: (request) => profile.update(request.scope, request.body),
  });

  app.post('/profile/import', {
    schema: {
      tags,
      summary:
        'Fill the profile from LinkedIn archive files (Profile.csv, Positions.csv, Skills.csv) or a JSON Resume: multipart "file" parts, or JSON { files: [{ name, text }], overwrite }',
      response: { 200: profileImportResultSchema, 400: errorResponseSchema },
    },
    handler: async (request) => profile.import(request.scope, await importInput(request)),
  });

  app.get('/profile/sheet', {
    schema: { tags, summary: 'The one-page networking sheet: pitch, ideal position and the live targets, grouped and ranked', response: { 200: networkingSheetSchema } },
    handler: (request) => profile.sheet(request.scope),
  });

  app.get('/profile/sheet.pdf', {
    schema: { tags, summary: 'The networking sheet as a one-page PDF', produces: ['application/pdf'] },
    handler: async (request, reply) => {
      const file = await profile.sheetPdf(request.scope);
      return reply
        .header('content-disposition', `${(request.query as { download?: string }).download === '0' ? 'inline' : 'attachment'}; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .type(file.contentType)
        .send(file.body);
    },
  });

  app.get('/conversations/:id/prep', {
    schema: {
      tags: ['conversations'],
      summary: 'The prep brief: who they are, how you met, past conversations, what they suggested, targets they may know, your pitch and questions',
      params: z.object({ id: idSchema }),
      response: { 200: prepBriefSchema, 404: errorResponseSchema },
    },
    handler: (request) => prep.brief(request.scope, request.params.id),
  });
};
