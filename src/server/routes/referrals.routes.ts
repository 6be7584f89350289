import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { referralCreateSchema, referralListQuerySchema, referralSchema, referralUpdateSchema } from '../../contracts/referral.schema.js';

const params = z.object({ id: idSchema });
const tags = ['referrals'];
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

export const referralsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { referrals } = app.services;

  app.get('/referrals', {
    schema: { tags, summary: 'Referrals, or those to and from one contact', querystring: referralListQuerySchema, response: { 200: z.array(referralSchema), 400: errorResponseSchema } },
    handler: (request) => referrals.list(request.scope, request.query),
  });
  app.post('/referrals', {
    schema: { tags, summary: 'Record that a contact introduced you to a person or an organization', body: referralCreateSchema, response: { 201: referralSchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await referrals.create(request.scope, request.body)),
  });
  app.get('/referrals/:id', {
    schema: { tags, summary: 'Get a referral', params, response: { 200: referralSchema, 404: errorResponseSchema } },
    handler: (request) => referrals.get(request.scope, request.params.id),
  });
  app.patch('/referrals/:id', {
    schema: { tags, summary: 'Set a referral status or note by hand', params, body: referralUpdateSchema, response: { 200: referralSchema, ...errors } },
    handler: (request) => referrals.update(request.scope, request.params.id, request.body),
  });
  app.delete('/referrals/:id', {
    schema: { tags, summary: 'Delete a referral', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await referrals.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });
};
