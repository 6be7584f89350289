import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionSchema } from '../../contracts/action.schema.js';
import {
  clientHealthSchema,
  coachNoteCreateSchema,
  coachNoteSchema,
  coachShareSchema,
  coachViewSchema,
  cockpitSchema,
  shareSetSchema,
  suggestionCreateSchema,
  suggestionSchema,
  weeklyReportSchema,
} from '../../contracts/coaching.schema.js';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { contactListQuerySchema, contactPageSchema, contactSchema } from '../../contracts/contact.schema.js';
import { conversationListQuerySchema, conversationPageSchema, conversationSchema } from '../../contracts/conversation.schema.js';
import { opportunityListQuerySchema, opportunityListSchema, opportunitySchema } from '../../contracts/opportunity.schema.js';
import { targetListQuerySchema, targetListSchema } from '../../contracts/target.schema.js';
import { writeWeeklyReport } from '../../formats/weekly-report.writer.js';
import type { AuthContext } from '../../services/accounts/account.service.js';
import { UnauthorizedError } from '../../services/errors.js';

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const coachParams = z.object({ coachId: idSchema });
const clientParams = z.object({ clientId: idSchema });
const recordParams = clientParams.extend({ id: idSchema });

function authOf(request: { auth: AuthContext | null }): AuthContext {
  if (!request.auth) throw new UnauthorizedError();
  return request.auth;
}

/**
 * /api/sharing (the seeker: whom they share with, at which level, and what coaches opened) and
 * /api/coach (the coach: the cockpit, and each client up to the level they share). A coach's
 * route reaches the client's workspace only through `coaching.read` (or a coaching method that
 * uses it), which checks the level (403 beyond it, 404 without a share), reads with the same
 * services as the client's own routes, read-only, and logs what was opened.
 */
export const coachingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { coaching, opportunities, targets, contacts, conversations } = app.services;

  // ------------------------------------------------------------ the seeker's side
  app.get('/sharing/coaches', {
    schema: { tags: ['sharing'], summary: 'The coaches of your organizations, and what you share with each', response: { 200: z.object({ items: z.array(coachShareSchema) }), ...errors } },
    handler: async (request) => ({ items: await coaching.coaches(authOf(request)) }),
  });

  app.put('/sharing/coaches/:coachId', {
    bodyLimit: 4096,
    schema: { tags: ['sharing'], summary: 'Share with a coach at a level (health, pipeline, network), or change it', params: coachParams, body: shareSetSchema, response: { 200: coachShareSchema, ...errors } },
    handler: (request) => coaching.share(authOf(request), request.params.coachId, request.body.level),
  });

  app.delete('/sharing/coaches/:coachId', {
    schema: { tags: ['sharing'], summary: 'Stop sharing with a coach: at once, they see nothing', params: coachParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await coaching.revoke(authOf(request), request.params.coachId);
      return reply.code(204).send(null);
    },
  });

  app.get('/sharing/log', {
    schema: { tags: ['sharing'], summary: 'What your coaches opened, newest first', response: { 200: z.object({ items: z.array(coachViewSchema) }), ...errors } },
    handler: async (request) => ({ items: await coaching.views(authOf(request)) }),
  });

  // ------------------------------------------------------------ the coach's side
  const tags = ['coach'];
  app.get('/coach/clients', {
    schema: { tags, summary: 'The cockpit: every client, who needs attention now first', response: { 200: cockpitSchema, ...errors } },
    handler: (request) => coaching.cockpit(authOf(request)),
  });

  app.get('/coach/clients/:clientId/health', {
    schema: { tags, summary: 'A client’s search health (level health and up)', params: clientParams, response: { 200: clientHealthSchema, ...errors } },
    handler: (request) => coaching.health(authOf(request), request.params.clientId),
  });

  app.get('/coach/clients/:clientId/report', {
    schema: { tags, summary: 'The weekly report of a client', params: clientParams, response: { 200: weeklyReportSchema, ...errors } },
    handler: (request) => coaching.weeklyReport(authOf(request), request.params.clientId),
  });

  app.get('/coach/clients/:clientId/report.pdf', {
    schema: { tags, summary: 'The weekly report as a printable PDF', params: clientParams, produces: ['application/pdf'] },
    handler: async (request, reply) => {
      const report = await coaching.weeklyReport(authOf(request), request.params.clientId);
      const body = await writeWeeklyReport(report);
      return reply
        .header('content-disposition', `inline; filename="weekly-report-${report.weekEnd}.pdf"`)
        .header('cache-control', 'no-store')
        .type('application/pdf')
        .send(body);
    },
  });

  app.get('/coach/clients/:clientId/opportunities', {
    schema: { tags, summary: 'A client’s opportunities (level pipeline and up)', params: clientParams, querystring: opportunityListQuerySchema, response: { 200: opportunityListSchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'opportunities', null, ({ scope }) => opportunities.list(scope, request.query)),
  });

  app.get('/coach/clients/:clientId/opportunities/:id', {
    schema: { tags, summary: 'One of a client’s opportunities (level pipeline and up)', params: recordParams, response: { 200: opportunitySchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'opportunity', request.params.id, ({ scope }) => opportunities.get(scope, request.params.id)),
  });

  app.get('/coach/clients/:clientId/targets', {
    schema: { tags, summary: 'A client’s target list with coverage (level pipeline and up)', params: clientParams, querystring: targetListQuerySchema, response: { 200: targetListSchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'targets', null, ({ scope }) => targets.list(scope, request.query)),
  });

  app.get('/coach/clients/:clientId/contacts', {
    schema: { tags, summary: 'A client’s contacts, read-only (level network)', params: clientParams, querystring: contactListQuerySchema, response: { 200: contactPageSchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'contacts', null, ({ scope }) => contacts.list(scope, request.query)),
  });

  app.get('/coach/clients/:clientId/contacts/:id', {
    schema: { tags, summary: 'One of a client’s contacts, read-only (level network)', params: recordParams, response: { 200: contactSchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'contact', request.params.id, ({ scope }) => contacts.get(scope, request.params.id)),
  });

  app.get('/coach/clients/:clientId/conversations', {
    schema: { tags, summary: 'A client’s conversations, read-only (level network)', params: clientParams, querystring: conversationListQuerySchema, response: { 200: conversationPageSchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'conversations', null, ({ scope }) => conversations.list(scope, request.query)),
  });

  app.get('/coach/clients/:clientId/conversations/:id', {
    schema: { tags, summary: 'One of a client’s conversations, read-only (level network)', params: recordParams, response: { 200: conversationSchema, ...errors } },
    handler: (request) => coaching.read(authOf(request), request.params.clientId, 'conversation', request.params.id, ({ scope }) => conversations.get(scope, request.params.id)),
  });

  app.get('/coach/clients/:clientId/notes', {
    schema: { tags, summary: 'Your private notes on a client (they never see them)', params: clientParams, response: { 200: z.object({ items: z.array(coachNoteSchema) }), ...errors } },
    handler: async (request) => ({ items: await coaching.notes(authOf(request), request.params.clientId) }),
  });

  app.post('/coach/clients/:clientId/notes', {
    bodyLimit: 64 * 1024,
    schema: { tags, summary: 'Add a private note on a client', params: clientParams, body: coachNoteCreateSchema, response: { 201: coachNoteSchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await coaching.addNote(authOf(request), request.params.clientId, request.body.body)),
  });

  app.delete('/coach/clients/:clientId/notes/:noteId', {
    schema: { tags, summary: 'Delete one of your notes', params: clientParams.extend({ noteId: idSchema }), response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await coaching.deleteNote(authOf(request), request.params.clientId, request.params.noteId);
      return reply.code(204).send(null);
    },
  });

  app.get('/coach/clients/:clientId/suggestions', {
    schema: { tags, summary: 'The actions you suggested to a client, and what became of them', params: clientParams, response: { 200: z.object({ items: z.array(suggestionSchema) }), ...errors } },
    handler: async (request) => ({ items: await coaching.suggestions(authOf(request), request.params.clientId) }),
  });

  app.post('/coach/clients/:clientId/suggestions', {
    bodyLimit: 16 * 1024,
    schema: { tags, summary: 'Suggest an action: it appears in the client’s Today as yours, with your reason', params: clientParams, body: suggestionCreateSchema, response: { 201: actionSchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await coaching.suggest(authOf(request), request.params.clientId, request.body)),
  });
};
