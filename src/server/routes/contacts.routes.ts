import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import {
  contactAddSchema,
  contactListQuerySchema,
  contactPageSchema,
  contactSchema,
  contactUpdateSchema,
  tagCountSchema,
} from '../../contracts/contact.schema.js';
import { deleteModeSchema, referencesSchema } from '../../contracts/organization.schema.js';
import { referralChainSchema } from '../../contracts/referral.schema.js';
import { contactInsightSchema, timelineSchema } from '../../contracts/timeline.schema.js';

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
    schema: {
      tags,
      summary: 'Create a contact (409 naming the contact already there when the email, LinkedIn profile, or name at the same organization matches someone; send force: true to add anyway)',
      body: contactAddSchema,
      response: { 201: contactSchema, 400: errorResponseSchema, 409: errorResponseSchema },
    },
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
    schema: {
      tags,
      summary: 'Delete a contact: mode keep-history (default) keeps what names them; remove deletes their referrals and advice too',
      params,
      querystring: deleteModeSchema,
      response: { 204: z.null(), 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: async (request, reply) => {
      await contacts.remove(request.scope, request.params.id, request.query.mode);
      return reply.code(204).send(null);
    },
  });

  app.get('/contacts/:id/references', {
    schema: { tags, summary: 'What refers to this contact (asked before deleting)', params, response: { 200: referencesSchema, 404: errorResponseSchema } },
    handler: (request) => contacts.references(request.scope, request.params.id),
  });

  app.get('/contacts/:id/insight', {
    schema: { tags, summary: 'Last interaction, responsiveness, search stage and the referral chain', params, response: { 200: contactInsightSchema, 404: errorResponseSchema } },
    handler: (request) => app.services.insights.contactInsight(request.scope, request.params.id),
  });

  app.get('/contacts/:id/timeline', {
    schema: { tags, summary: 'Everything about a person, newest first', params, response: { 200: timelineSchema, 404: errorResponseSchema } },
    handler: async (request) => ({ entries: await app.services.insights.timeline(request.scope, request.params.id) }),
  });

  app.get('/contacts/:id/chain', {
    schema: { tags, summary: 'Who introduced whom, leading to this contact', params, response: { 200: referralChainSchema, 404: errorResponseSchema } },
    handler: async (request) => ({ chain: await app.services.referrals.chain(request.scope, request.params.id) }),
  });

  app.get('/tags', {
    schema: { tags, summary: 'Tags in use, with how many contacts carry each', response: { 200: z.array(tagCountSchema) } },
    handler: (request) => contacts.tags(request.scope),
  });
};
