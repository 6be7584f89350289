import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../contracts/common.schema.js';
import { searchQuerySchema, searchResultSchema } from '../../contracts/search.schema.js';

/** /api/search — the command palette's search across the workspace. */
export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/search', {
    schema: {
      tags: ['search'],
      summary:
        'Find contacts, organizations, opportunities and conversations at once (the command palette): contacts, organizations and opportunities forgive a typo; conversations are found by every word of their title or notes',
      querystring: searchQuerySchema,
      response: { 200: searchResultSchema, 400: errorResponseSchema },
    },
    handler: (request) => app.services.search.search(request.scope, request.query),
  });
};
