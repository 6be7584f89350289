import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  invitationAcceptSchema,
  invitationCreateSchema,
  invitationPreviewSchema,
  invitationSchema,
  issuedLinkSchema,
  loginSchema,
  memberSchema,
  passwordChangeSchema,
  passwordResetSchema,
  sessionInfoSchema,
  tokenSchema,
} from '../../contracts/account.schema.js';
import { errorResponseSchema, idSchema } from '../../contracts/common.schema.js';
import type { AuthContext } from '../../services/accounts/account.service.js';
import { UnauthorizedError } from '../../services/errors.js';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from './server-mode.js';

/** Small bodies only: a sign-in is a few hundred bytes, and a huge one is an attack. */
const AUTH_BODY_LIMIT = 16 * 1024;
const tags = ['accounts'];
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema };
const orgParams = z.object({ organizationId: idSchema });

/** The signed-in person of a route that requires one (server-mode.ts refuses the request before otherwise). */
function authOf(request: { auth: AuthContext | null }): AuthContext {
  if (!request.auth) throw new UnauthorizedError();
  return request.auth;
}

/** /api/auth (sign-in, sign-out, links) and /api/account, /api/organizations/:id (administration). */
export const accountRoutes: FastifyPluginAsyncZod<{ publicUrl: URL; loginRateLimit: { max: number; timeWindowMs: number } }> = async (app, options) => {
  const { accounts } = app.services;
  const link = (path: string, token: string) => new URL(`${path}#${token}`, options.publicUrl).toString();
  const limited = { rateLimit: { max: options.loginRateLimit.max, timeWindow: options.loginRateLimit.timeWindowMs } };

  app.post('/auth/login', {
    bodyLimit: AUTH_BODY_LIMIT,
    config: { public: true, ...limited },
    schema: { tags, summary: 'Sign in: sets the session cookie', body: loginSchema, response: { 200: sessionInfoSchema, ...errors } },
    handler: async (request, reply) => {
      const { token, auth } = await accounts.login({ ...request.body, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(reply, token);
      return { user: await accounts.sessionUser(auth.userId), csrfToken: csrfTokenFor(token) };
    },
  });

  app.get('/auth/session', {
    config: { public: true },
    schema: { tags, summary: 'Who is signed in, and the CSRF token for writes (401 when nobody)', response: { 200: sessionInfoSchema, 401: errorResponseSchema } },
    handler: async (request) => {
      const auth = authOf(request);
      return { user: await accounts.sessionUser(auth.userId), csrfToken: csrfTokenFor(request.sessionToken ?? '') };
    },
  });

  app.post('/auth/logout', {
    schema: { tags, summary: 'Sign out of this browser', response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await accounts.logout(authOf(request));
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  });

  app.post('/auth/logout-everywhere', {
    schema: { tags, summary: 'Sign out of every browser and device, this one included', response: { 200: z.object({ endedSessions: z.number().int() }), ...errors } },
    handler: async (request, reply) => {
      const endedSessions = await accounts.logoutEverywhere(authOf(request));
      clearSessionCookie(reply);
      return { endedSessions };
    },
  });

  // A POST, so that the token stays out of URLs and request logs.
  app.post('/auth/invitations/preview', {
    bodyLimit: AUTH_BODY_LIMIT,
    config: { public: true, ...limited },
    schema: { tags, summary: 'What an invitation link invites to (404 for any link that is not open)', body: z.object({ token: tokenSchema }).strict(), response: { 200: invitationPreviewSchema, ...errors } },
    handler: (request) => accounts.invitationPreview(request.body.token),
  });

  app.post('/auth/invitations/accept', {
    bodyLimit: AUTH_BODY_LIMIT,
    config: { public: true, ...limited },
    schema: { tags, summary: 'Sign up through an invitation: creates the account and signs in', body: invitationAcceptSchema, response: { 201: sessionInfoSchema, ...errors } },
    handler: async (request, reply) => {
      const { token, auth } = await accounts.acceptInvitation(request.body, request.headers['user-agent'] ?? null);
      setSessionCookie(reply, token);
      return reply.code(201).send({ user: await accounts.sessionUser(auth.userId), csrfToken: csrfTokenFor(token) });
    },
  });

  app.post('/auth/password-reset', {
    bodyLimit: AUTH_BODY_LIMIT,
    config: { public: true, ...limited },
    schema: { tags, summary: 'Set a new password with a reset link (once; signs out every device)', body: passwordResetSchema, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await accounts.resetPassword(request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  });

  app.get('/account/sessions', {
    schema: { tags, summary: 'How many browsers and devices are signed in', response: { 200: z.object({ active: z.number().int() }), ...errors } },
    handler: async (request) => ({ active: await accounts.activeSessions(authOf(request)) }),
  });

  app.post('/account/password', {
    bodyLimit: AUTH_BODY_LIMIT,
    schema: { tags, summary: 'Change your password (other devices are signed out)', body: passwordChangeSchema, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await accounts.changePassword(authOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  });

  app.get('/organizations-admin/:organizationId/members', {
    schema: { tags, summary: 'Members of an organization you administer', params: orgParams, response: { 200: z.object({ items: z.array(memberSchema) }), ...errors } },
    handler: async (request) => ({ items: await accounts.members(authOf(request), request.params.organizationId) }),
  });

  app.get('/organizations-admin/:organizationId/invitations', {
    schema: { tags, summary: 'Invitations of an organization you administer', params: orgParams, response: { 200: z.object({ items: z.array(invitationSchema) }), ...errors } },
    handler: async (request) => ({ items: await accounts.invitations(authOf(request), request.params.organizationId) }),
  });

  app.post('/organizations-admin/:organizationId/invitations', {
    bodyLimit: AUTH_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Invite a coach or a seeker: the link is shown once, hand it over yourself',
      params: orgParams,
      body: invitationCreateSchema,
      response: { 201: z.object({ invitation: invitationSchema, link: issuedLinkSchema }), ...errors },
    },
    handler: async (request, reply) => {
      const { token, invitation } = await accounts.invite(authOf(request), request.params.organizationId, request.body);
      return reply.code(201).send({ invitation, link: { url: link('/invitation', token), expiresAt: invitation.expiresAt } });
    },
  });

  app.delete('/organizations-admin/:organizationId/invitations/:invitationId', {
    schema: { tags, summary: 'Revoke an invitation that is still open', params: orgParams.extend({ invitationId: idSchema }), response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await accounts.revokeInvitation(authOf(request), request.params.organizationId, request.params.invitationId);
      return reply.code(204).send(null);
    },
  });

  app.post('/organizations-admin/:organizationId/members/:userId/reset-link', {
    schema: {
      tags,
      summary: 'Issue a single-use password reset link for a member (no mail server needed: hand it over)',
      params: orgParams.extend({ userId: idSchema }),
      response: { 201: issuedLinkSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { token, expiresAt } = await accounts.issueReset(authOf(request), request.params.organizationId, request.params.userId);
      return reply.code(201).send({ url: link('/reset-password', token), expiresAt });
    },
  });
};
