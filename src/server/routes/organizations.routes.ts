import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  deleteModeSchema,
  organizationCreateSchema,
  organizationListQuerySchema,
  organizationPageSchema,
  organizationPeopleQuerySchema,
  organizationPeopleSchema,
  organizationSchema,
  organizationUpdateSchema,
  referencesSchema,
} from '../../contracts/organization.schema.js';

const params = z.object({ id: idSchema });
const tags = ['organizations'];

/** /api/organizations — thin: parse with the contract, call one service, shape the reply. */
export const organizationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { organizations } = app.services;

  app.get('/organizations', {
    schema: {
      tags,
      summary: 'List and search organizations (with their number of contacts and whether each is on the target list)',
      querystring: organizationListQuerySchema,
      response: { 200: organizationPageSchema, 400: errorResponseSchema },
    },
    handler: (request) => organizations.list(request.scope, request.query),
  });

  app.post('/organizations', {
    schema: {
      tags,
      summary: 'Create an organization (409 if one of that name exists; a deleted one of that name comes back)',
      body: organizationCreateSchema,
      response: { 201: organizationSchema, 400: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.code(201).send(await organizations.create(request.scope, request.body)),
  });

  app.get('/organizations/:id', {
    schema: { tags, summary: 'Get an organization (one deleted with keep-history has deletedAt set)', params, response: { 200: organizationSchema, 404: errorResponseSchema } },
    handler: (request) => organizations.get(request.scope, request.params.id),
  });

  app.patch('/organizations/:id', {
    schema: {
      tags,
      summary: 'Edit an organization (send the version you edited; 409 if it changed meanwhile or the new name is taken)',
      params,
      body: organizationUpdateSchema,
      response: { 200: organizationSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: (request) => organizations.update(request.scope, request.params.id, request.body),
  });

  app.delete('/organizations/:id', {
    schema: {
      tags,
      summary: 'Delete an organization: mode=keep-history (default) keeps it named in the history; mode=remove deletes it for good',
      params,
      querystring: deleteModeSchema,
      response: { 204: z.null(), 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: async (request, reply) => {
      await organizations.remove(request.scope, request.params.id, request.query.mode);
      return reply.code(204).send(null);
    },
  });

  app.get('/organizations/:id/references', {
    schema: {
      tags,
      summary: 'What references an organization: contacts there, conversations at it, its target entry, referrals to it',
      params,
      response: { 200: referencesSchema, 404: errorResponseSchema },
    },
    handler: (request) => organizations.references(request.scope, request.params.id),
  });

  app.get('/organizations/:id/people', {
    schema: {
      tags,
      summary: 'The contacts working at an organization, by name',
      params,
      querystring: organizationPeopleQuerySchema,
      response: { 200: organizationPeopleSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: (request) => organizations.people(request.scope, request.params.id, request.query),
  });
};
