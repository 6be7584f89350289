import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  contactCreateSchema,
  contactListQuerySchema,
  contactPageSchema,
  contactSchema,
  contactUpdateSchema,
  tagCountSchema,
} from '../../contracts/contact.schema.js';

const params = z.object({ id: idSchema });
const tags = ['contacts'];

/** /api/contacts — thin: parse with the contract, call one service, shape the reply. */
export const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { contacts } = app.services;

  app.get('/contacts', {
    schema: { tags, summary: 'List and search contacts', querystring: contactListQuerySchema, response: { 200: contactPageSchema, 400: errorResponseSchema } },
    handler: (request) => contacts.list(request.scope, request.query),
  });

  app.post('/contacts', {
    schema: { tags, summary: 'Create a contact', body: contactCreateSchema, response: { 201: contactSchema, 400: errorResponseSchema } },
    handler: async (request, reply) => reply.code(201).send(await contacts.create(request.scope, request.body)),
  });

  app.get('/contacts/:id', {
    schema: { tags, summary: 'Get a contact', params, response: { 200: contactSchema, 404: errorResponseSchema } },
    handler: (request) => contacts.get(request.scope, request.params.id),
  });

  app.patch('/contacts/:id', {
    schema: {
      tags,
      summary: 'Edit a contact (send the version you edited; 409 if it changed meanwhile)',
      params,
      body: contactUpdateSchema,
      response: { 200: contactSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: (request) => contacts.update(request.scope, request.params.id, request.body),
  });

  app.delete('/contacts/:id', {
    schema: { tags, summary: 'Delete a contact', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await contacts.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/tags', {
    schema: { tags, summary: 'Tags in use, with how many contacts carry each', response: { 200: z.array(tagCountSchema) } },
    handler: (request) => contacts.tags(request.scope),
  });
};
