import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  targetAddSchema,
  targetListQuerySchema,
  targetListSchema,
  targetMoveSchema,
  targetSchema,
  targetUpdateSchema,
} from '../../contracts/target.schema.js';

const params = z.object({ organizationId: idSchema });
const tags = ['targets'];

/** /api/targets — the ranked target list. Thin: parse with the contract, call one service, shape the reply. */
export const targetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { targets } = app.services;

  app.get('/targets', {
    schema: {
      tags,
      summary: 'The target list with LAMP scores and coverage, in rank order or LAMP order',
      querystring: targetListQuerySchema,
      response: { 200: targetListSchema, 400: errorResponseSchema },
    },
    handler: (request) => targets.list(request.scope, request.query),
  });

  app.post('/targets', {
    schema: {
      tags,
      summary: 'Add an organization to the bottom of the list, by id or by name (found or created); 409 if already on it',
      body: targetAddSchema,
      response: { 201: targetSchema, 400: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.code(201).send(await targets.add(request.scope, request.body)),
  });

  // Registered before the :organizationId routes for readability; Fastify matches static segments first anyway.
  app.post('/targets/rank-by-lamp', {
    schema: { tags, summary: 'Make the LAMP order the ranking', response: { 200: targetListSchema } },
    handler: (request) => targets.rankByLamp(request.scope),
  });

  app.patch('/targets/:organizationId', {
    schema: {
      tags,
      summary: 'Edit Motivation, Posting, status, suggester or notes (send the version you edited; 409 if it changed meanwhile)',
      params,
      body: targetUpdateSchema,
      response: { 200: targetSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: (request) => targets.update(request.scope, request.params.organizationId, request.body),
  });

  app.delete('/targets/:organizationId', {
    schema: { tags, summary: 'Take an organization off the list (the organization stays)', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await targets.remove(request.scope, request.params.organizationId);
      return reply.code(204).send(null);
    },
  });

  app.post('/targets/:organizationId/move', {
    schema: {
      tags,
      summary: 'Move an entry to a position (1 = top; beyond the end = last); answers the list in its new order',
      params,
      body: targetMoveSchema,
      response: { 200: targetListSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: (request) => targets.move(request.scope, request.params.organizationId, request.body.position),
  });
};
