import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { storageStatusSchema } from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, companyScope } from '../guard';

/** Whether changes can be saved now: the Admin tab shows a banner while they cannot. */
export function storageRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/storage',
      {
        schema: {
          tags: ['admin: company'],
          security: BEARER,
          response: { 200: storageStatusSchema },
        },
      },
      async (request) => {
        await companyScope(deps, request, 'admin');
        const state = deps.storage?.state;
        return { problem: state?.problem ?? null, since: state?.since ?? null };
      },
    );
  };
}
