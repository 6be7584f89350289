import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { eventCreateSchema, eventSchema, eventUpdateSchema } from '../../contracts/event.schema.js';

const params = z.object({ id: idSchema });
const tags = ['events'];
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

export const eventsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { events } = app.services;

  app.get('/events', {
    schema: { tags, summary: 'Networking events, or those a contact was met at', querystring: z.object({ contactId: idSchema.optional() }), response: { 200: z.array(eventSchema), 400: errorResponseSchema } },
    handler: (request) => events.list(request.scope, request.query),
  });
  app.post('/events', {
    schema: { tags, summary: 'Record a networking event and the people met there', body: eventCreateSchema, response: { 201: eventSchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await events.create(request.scope, request.body)),
  });
  app.get('/events/:id', {
    schema: { tags, summary: 'Get an event', params, response: { 200: eventSchema, 404: errorResponseSchema } },
    handler: (request) => events.get(request.scope, request.params.id),
  });
  app.patch('/events/:id', {
    schema: { tags, summary: 'Edit an event', params, body: eventUpdateSchema, response: { 200: eventSchema, ...errors } },
    handler: (request) => events.update(request.scope, request.params.id, request.body),
  });
  app.delete('/events/:id', {
    schema: { tags, summary: 'Delete an event', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await events.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });
};
