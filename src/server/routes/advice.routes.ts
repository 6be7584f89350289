import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { adviceCreateSchema, adviceListQuerySchema, adviceSchema, adviceUpdateSchema } from '../../contracts/referral.schema.js';

const params = z.object({ id: idSchema });
const tags = ['advice'];
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

export const adviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { advice } = app.services;

  app.get('/advice', {
    schema: { tags, summary: 'Advice items, or one contact’s', querystring: adviceListQuerySchema, response: { 200: z.array(adviceSchema), 400: errorResponseSchema } },
    handler: (request) => advice.list(request.scope, request.query),
  });
  app.post('/advice', {
    schema: { tags, summary: 'Record advice a contact gave', body: adviceCreateSchema, response: { 201: adviceSchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await advice.create(request.scope, request.body)),
  });
  app.patch('/advice/:id', {
    schema: { tags, summary: 'Edit an advice item; status done records when', params, body: adviceUpdateSchema, response: { 200: adviceSchema, ...errors } },
    handler: (request) => advice.update(request.scope, request.params.id, request.body),
  });
  app.delete('/advice/:id', {
    schema: { tags, summary: 'Delete an advice item', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await advice.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });
};
