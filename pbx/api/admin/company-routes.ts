import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditListSchema,
  companyInfoSchema,
  companyNumberPatchSchema,
  adminCompanyPatchSchema,
  companyNumberSchema,
  idParamsSchema,
  newCompanyNumberSchema,
  pageQuerySchema,
} from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, companyScope } from '../guard';
import {
  addCompanyNumber,
  removeCompanyNumber,
  updateCompanyNumber,
} from '../services/company-numbers';
import {
  companyInfo,
  updateAnnouncementLanguage,
  updateReturnCalls,
} from '../services/return-calls';
import { auditView, companyNumberView } from '../views';

const tags = ['admin: company'];

/** The company itself: its phone numbers and the audit log. */
export function companyRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/company',
      { schema: { tags, security: BEARER, response: { 200: companyInfoSchema } } },
      async (request) => {
        const { tenant } = await companyScope(deps, request, 'admin');
        return companyInfo(tenant);
      },
    );

    app.patch(
      '/admin/company',
      {
        schema: {
          tags,
          security: BEARER,
          body: adminCompanyPatchSchema,
          response: { 200: companyInfoSchema },
        },
      },
      async (request) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        const { returnCalls, announcementLanguage } = request.body;
        let info = await companyInfo(tenant);
        if (announcementLanguage) {
          info = await updateAnnouncementLanguage(tenant, by, announcementLanguage);
        }
        return returnCalls ? updateReturnCalls(tenant, by, returnCalls) : info;
      },
    );

    app.get(
      '/admin/company-numbers',
      { schema: { tags, security: BEARER, response: { 200: z.array(companyNumberSchema) } } },
      async (request) => {
        const { tenant } = await companyScope(deps, request, 'admin');
        const { company } = tenant;
        const numbers = await company.companyNumbers.list();
        return Promise.all(numbers.map((n) => companyNumberView(company, n, deps.regionsOf)));
      },
    );

    app.post(
      '/admin/company-numbers',
      {
        schema: {
          tags,
          security: BEARER,
          body: newCompanyNumberSchema,
          response: { 201: companyNumberSchema },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return reply.code(201).send(await addCompanyNumber(tenant, by, request.body));
      },
    );

    app.patch(
      '/admin/company-numbers/:id',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: companyNumberPatchSchema,
          response: { 200: companyNumberSchema },
        },
      },
      async (request) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return updateCompanyNumber(tenant, by, request.params.id, request.body);
      },
    );

    app.delete(
      '/admin/company-numbers/:id',
      { schema: { tags, security: BEARER, params: idParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        await removeCompanyNumber(tenant, by, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/audit',
      {
        schema: {
          tags,
          security: BEARER,
          querystring: pageQuerySchema,
          response: { 200: auditListSchema },
        },
      },
      async (request) => {
        const { tenant } = await companyScope(deps, request, 'admin');
        const { offset, limit } = request.query;
        return {
          items: (await tenant.company.audit.list({ offset, limit })).map(auditView),
          total: await tenant.company.audit.count(),
        };
      },
    );
  };
}
