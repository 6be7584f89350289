import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../contracts/common.schema.js';
import { insightsQuerySchema, insightsSchema, networkQuerySchema, networkSchema } from '../../contracts/insights.schema.js';

/** /api/insights — the search's health; /api/network — the referral graph. */
export const insightsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { searchInsights, network } = app.services;

  app.get('/insights', {
    schema: {
      tags: ['insights'],
      summary: 'Things in the works over time, weekly activity against goals, the funnel, interviews by source, target coverage, replies',
      querystring: insightsQuerySchema,
      response: { 200: insightsSchema, 400: errorResponseSchema },
    },
    handler: (request) => searchInsights.insights(request.scope, request.query.weeks),
  });

  app.get('/network', {
    schema: {
      tags: ['network'],
      summary: 'The referral graph: people, introductions, referrals and the opportunities they led to (focus + depth for a neighbourhood, q to search)',
      querystring: networkQuerySchema,
      response: { 200: networkSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: (request) => network.graph(request.scope, request.query),
  });
};
