import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  attributionSchema,
  opportunityConvertResultSchema,
  opportunityConvertSchema,
  opportunityCreateSchema,
  opportunityInterviewerSchema,
  opportunityListQuerySchema,
  opportunityListSchema,
  opportunityMoveSchema,
  opportunityRejectSchema,
  opportunityRoundLinkSchema,
  opportunityRoundLogSchema,
  opportunitySchema,
  opportunityUpdateSchema,
} from '../../contracts/opportunity.schema.js';

const params = z.object({ id: idSchema });
const tags = ['opportunities'];
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** /api/opportunities — the board by stage, interview rounds, interviewers, reject, convert, attribution. */
export const opportunitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { opportunities } = app.services;

  app.get('/opportunities', {
    schema: { tags, summary: 'List opportunities in board order (by stage, then place in the column)', querystring: opportunityListQuerySchema, response: { 200: opportunityListSchema, 400: errorResponseSchema } },
    handler: (request) => opportunities.list(request.scope, request.query),
  });
  app.post('/opportunities', {
    schema: { tags, summary: 'Add an opportunity (a posting, a hidden job, a referral)', body: opportunityCreateSchema, response: { 201: opportunitySchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await opportunities.create(request.scope, request.body)),
  });
  app.get('/opportunities/:id', {
    schema: { tags, summary: 'An opportunity with its rounds, stage history and attribution chain', params, response: { 200: opportunitySchema, 404: errorResponseSchema } },
    handler: (request) => opportunities.get(request.scope, request.params.id),
  });
  app.patch('/opportunities/:id', {
    schema: { tags, summary: 'Edit an opportunity (send the version you edited)', params, body: opportunityUpdateSchema, response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.update(request.scope, request.params.id, request.body),
  });
  app.post('/opportunities/:id/move', {
    schema: { tags, summary: 'Change the stage and/or the place on the board (recorded in the history)', params, body: opportunityMoveSchema, response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.move(request.scope, request.params.id, request.body),
  });
  app.post('/opportunities/:id/reject', {
    schema: { tags, summary: 'Turned down: keep the interviewers and name the one you had rapport with (ask-feedback follows)', params, body: opportunityRejectSchema, response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.reject(request.scope, request.params.id, request.body),
  });
  app.post('/opportunities/:id/convert', {
    schema: {
      tags,
      summary: 'Convert the job interview into an informational interview (seed 002); answers with the questions to ask',
      params,
      body: opportunityConvertSchema,
      response: { 200: opportunityConvertResultSchema, ...errors },
    },
    handler: (request) => opportunities.convert(request.scope, request.params.id, request.body),
  });
  app.get('/opportunities/:id/attribution', {
    schema: { tags, summary: 'The chain of people that led to this opportunity', params, response: { 200: attributionSchema, 404: errorResponseSchema } },
    handler: (request) => opportunities.attribution(request.scope, request.params.id),
  });
  app.post('/opportunities/:id/interviewers', {
    schema: {
      tags,
      summary: 'Add an interviewer: a contact, or a new person created at the opportunity\'s organization (409 naming the contact already there unless force)',
      params,
      body: opportunityInterviewerSchema,
      response: { 200: opportunitySchema, ...errors },
    },
    handler: (request) => opportunities.addInterviewer(request.scope, request.params.id, request.body),
  });
  app.delete('/opportunities/:id/interviewers/:contactId', {
    schema: { tags, summary: 'Remove an interviewer', params: params.extend({ contactId: idSchema }), response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.removeInterviewer(request.scope, request.params.id, request.params.contactId),
  });
  app.post('/opportunities/:id/rounds', {
    schema: { tags, summary: 'Link a conversation as an interview round', params, body: opportunityRoundLinkSchema, response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.linkRound(request.scope, request.params.id, request.body),
  });
  app.post('/opportunities/:id/rounds/log', {
    schema: { tags, summary: 'Log (or schedule) a job interview at this organization as the next round', params, body: opportunityRoundLogSchema, response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.logRound(request.scope, request.params.id, request.body),
  });
  app.delete('/opportunities/:id/rounds/:conversationId', {
    schema: { tags, summary: 'Unlink an interview round (the conversation stays)', params: params.extend({ conversationId: idSchema }), response: { 200: opportunitySchema, ...errors } },
    handler: (request) => opportunities.unlinkRound(request.scope, request.params.id, request.params.conversationId),
  });
  app.delete('/opportunities/:id', {
    schema: { tags, summary: 'Delete an opportunity (its conversations stay)', params, response: { 204: z.null(), 404: errorResponseSchema } },
    handler: async (request, reply) => {
      await opportunities.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    },
  });
};
