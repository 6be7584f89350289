import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  conversationCreateSchema,
  conversationListQuerySchema,
  conversationPageSchema,
  conversationSchema,
  conversationUpdateSchema,
  outcomesSchema,
} from '../../contracts/conversation.schema.js';

const params = z.object({ id: idSchema });
const tags = ['conversations'];
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** /api/conversations — logged and scheduled conversations with their outcomes. */
export const conversationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { conversations } = app.services;

  app.get('/conversations', {
    schema: { tags, summary: 'List conversations (by contact, organization, kind, status, time)', querystring: conversationListQuerySchema, response: { 200: conversationPageSchema, 400: errorResponseSchema } },
    handler: (request) => conversations.list(request.scope, request.query),
  });

  app.post('/conversations', {
    schema: {
      tags,
      summary: 'Log a past conversation or schedule a future one, with its outcomes (names offered, companies suggested, advice)',
      body: conversationCreateSchema,
      response: { 201: conversationSchema, ...errors },
    },
    handler: async (request, reply) => reply.code(201).send(await conversations.create(request.scope, request.body)),
  });

  app.get('/conversations/:id', {
    schema: { tags, summary: 'Get a conversation with its outcomes', params, response: { 200: conversationSchema, 404: errorResponseSchema } },
    handler: (request) => conversations.get(request.scope, request.params.id),
  });

  app.patch('/conversations/:id', {
    schema: { tags, summary: 'Edit a conversation (send the version you edited)', params, body: conversationUpdateSchema, response: { 200: conversationSchema, ...errors } },
    handler: (request) => conversations.update(request.scope, request.params.id, request.body),
  });

  app.post('/conversations/:id/outcomes', {
    schema: { tags, summary: 'Add outcomes to a conversation', params, body: outcomesSchema, response: { 200: conversationSchema, ...errors } },
    handler: (request) => conversations.addOutcomes(request.scope, request.params.id, request.body),
  });

  app.delete('/conversations/:id', {
    schema: { tags, summary: 'Delete a conversation', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await conversations.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });
};
