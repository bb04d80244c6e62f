import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { regionListSchema, regionQuerySchema } from '../../shared/api';
import type { ApiDeps } from './deps';
import { BEARER, sessionOfRequest } from './guard';
import { regionNames, searchRegions } from './regions';

/** The region names, for the region-rule editor's search; any signed-in admin or employee. */
export function regionRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/regions',
      {
        schema: {
          tags: ['regions'],
          security: BEARER,
          querystring: regionQuerySchema,
          response: { 200: regionListSchema },
        },
      },
      async (request) => {
        await sessionOfRequest(deps, request);
        return searchRegions(regionNames(deps), request.query.search);
      },
    );
  };
}
