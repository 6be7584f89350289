import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actionCompleteSchema,
  actionListQuerySchema,
  actionSchema,
  actionSnoozeSchema,
  manualActionCreateSchema,
  messageSchema,
  todaySchema,
} from '../../contracts/action.schema.js';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import { settingsUpdateSchema, settingsViewSchema } from '../../contracts/settings.schema.js';

const params = z.object({ id: idSchema });
const errors = { 400: errorResponseSchema, 404: errorResponseSchema };

/** Today, actions (the playbook's and your own), message templates, settings and the calendar feed. */
export const playbookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { playbook, settings } = app.services;

  app.get('/today', {
    schema: { tags: ['today'], summary: 'What to do today to get the next interview, and why', response: { 200: todaySchema } },
    handler: (request) => playbook.today(request.scope),
  });

  app.get('/actions', {
    schema: { tags: ['actions'], summary: 'Open and snoozed actions, or by status, or about one record', querystring: actionListQuerySchema, response: { 200: z.array(actionSchema), 400: errorResponseSchema } },
    handler: (request) => playbook.list(request.scope, request.query),
  });
  app.post('/actions', {
    schema: { tags: ['actions'], summary: 'A note to self with a due date, linked to any record', body: manualActionCreateSchema, response: { 201: actionSchema, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await playbook.createManual(request.scope, request.body)),
  });
  app.get('/actions/:id', {
    schema: { tags: ['actions'], summary: 'Get an action', params, response: { 200: actionSchema, 404: errorResponseSchema } },
    handler: (request) => playbook.get(request.scope, request.params.id),
  });
  app.post('/actions/:id/done', {
    schema: { tags: ['actions'], summary: 'Mark done; optionally log the conversation it implies', params, body: actionCompleteSchema, response: { 200: actionSchema, ...errors } },
    handler: (request) => playbook.complete(request.scope, request.params.id, request.body),
  });
  app.post('/actions/:id/snooze', {
    schema: { tags: ['actions'], summary: 'Hide until a date', params, body: actionSnoozeSchema, response: { 200: actionSchema, ...errors } },
    handler: (request) => playbook.snooze(request.scope, request.params.id, request.body.until),
  });
  app.post('/actions/:id/dismiss', {
    schema: { tags: ['actions'], summary: 'Dismiss: it never comes back', params, response: { 200: actionSchema, ...errors } },
    handler: (request) => playbook.dismiss(request.scope, request.params.id),
  });
  app.get('/actions/:id/message', {
    schema: { tags: ['actions'], summary: 'The message the action proposes, filled from the records, with a mailto: link', params, response: { 200: messageSchema, ...errors } },
    handler: (request) => playbook.message(request.scope, request.params.id),
  });

  app.get('/settings', {
    schema: { tags: ['settings'], summary: 'Playbook settings, who you are in messages, and your templates', response: { 200: settingsViewSchema } },
    handler: (request) => settings.view(request.scope),
  });
  app.patch('/settings', {
    schema: { tags: ['settings'], summary: 'Change settings (only the fields given)', body: settingsUpdateSchema, response: { 200: settingsViewSchema, 400: errorResponseSchema } },
    handler: (request) => settings.update(request.scope, request.body),
  });

  const calendarInfo = z.object({ url: z.string(), path: z.string() });
  const feedPath = (token: string) => `/api/calendar/${token}.ics`;
  app.get('/calendar', {
    schema: { tags: ['calendar'], summary: 'The secret address of your calendar feed', response: { 200: calendarInfo } },
    handler: async (request) => {
      const path = feedPath(await playbook.calendarToken(request.scope));
      return { path, url: `http://${request.headers.host ?? '127.0.0.1'}${path}` };
    },
  });
  app.post('/calendar/rotate', {
    schema: { tags: ['calendar'], summary: 'Replace the secret: every existing subscription stops working', response: { 200: calendarInfo } },
    handler: async (request) => {
      const path = feedPath(await playbook.calendarToken(request.scope, true));
      return { path, url: `http://${request.headers.host ?? '127.0.0.1'}${path}` };
    },
  });
  // Fetched by calendar apps without cookies: the token in the address is the only key.
  app.get('/calendar/:file', {
    config: { public: true },
    schema: { tags: ['calendar'], summary: 'The iCalendar feed (text/calendar)', params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]+\.ics$/) }), hide: true },
    handler: async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      const workspaceId = await playbook.workspaceOfCalendarToken(token);
      if (!workspaceId) return reply.code(404).send({ error: { code: 'not_found', message: 'No calendar at this address (was it rotated?)' } });
      const body = await playbook.calendarFeed({ workspaceId });
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
    },
  });
};
