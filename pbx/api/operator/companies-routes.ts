import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  companyListQuerySchema,
  companyPatchSchema,
  createdCompanySchema,
  idParamsSchema,
  newCompanySchema,
  operatorCompanySchema,
  type OperatorCompany,
} from '../../../shared/api';
import {
  companyOf,
  createCompany,
  purgedAfter,
  removeCompany,
  setCompanyStatus,
  updateCompany,
} from '../../directory';
import type { Company } from '../../store';
import type { ApiDeps } from '../deps';
import { BEARER, operatorOfRequest } from '../guard';
import { iso } from '../views';

const tags = ['operator: companies'];

async function companyView(deps: ApiDeps, company: Company): Promise<OperatorCompany> {
  return {
    id: company.id,
    name: company.name,
    status: company.status,
    quotas: company.quotas,
    createdAt: iso(company.createdAt),
    removedAt: company.removedAt === null ? null : iso(company.removedAt),
    purgedAfter: company.removedAt === null ? null : iso(purgedAfter(company.removedAt)),
    usage: {
      employees: await deps.store.forCompany(company.id).employees.count(),
      devices: deps.tenancy.devicesOf(company.id),
    },
  };
}

/**
 * The operator API: the provider creates, suspends, limits and removes companies (tenants),
 * as `npm run pbx -- company …` does, for provisioning systems.
 */
export function operatorRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const one = async (id: number) => companyView(deps, await companyOf(deps.store, id));
  return async (app) => {
    app.get(
      '/operator/companies',
      {
        schema: {
          tags,
          security: BEARER,
          querystring: companyListQuerySchema,
          response: { 200: z.array(operatorCompanySchema) },
        },
      },
      async (request) => {
        await operatorOfRequest(deps, request);
        const includeRemoved = request.query.includeRemoved === 'true';
        const companies = await deps.store.companies.list({ includeRemoved });
        return Promise.all(companies.map((c) => companyView(deps, c)));
      },
    );

    app.post(
      '/operator/companies',
      {
        schema: {
          tags,
          security: BEARER,
          body: newCompanySchema,
          response: { 201: createdCompanySchema },
        },
      },
      async (request, reply) => {
        await operatorOfRequest(deps, request);
        const created = await createCompany(deps.store, request.body);
        return reply.code(201).send({
          companyId: created.company.id,
          adminEmail: created.adminEmail,
          password: created.password,
          company: await companyView(deps, created.company),
        });
      },
    );

    app.get(
      '/operator/companies/:id',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          response: { 200: operatorCompanySchema },
        },
      },
      async (request) => {
        await operatorOfRequest(deps, request);
        return one(request.params.id);
      },
    );

    app.patch(
      '/operator/companies/:id',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: companyPatchSchema,
          response: { 200: operatorCompanySchema },
        },
      },
      async (request) => {
        await operatorOfRequest(deps, request);
        return companyView(deps, await updateCompany(deps.store, request.params.id, request.body));
      },
    );

    for (const [action, status] of [
      ['suspend', 'suspended'],
      ['resume', 'active'],
    ] as const) {
      app.post(
        `/operator/companies/:id/${action}`,
        {
          schema: {
            tags,
            security: BEARER,
            params: idParamsSchema,
            response: { 200: operatorCompanySchema },
          },
        },
        async (request) => {
          await operatorOfRequest(deps, request);
          return companyView(deps, await setCompanyStatus(deps.store, request.params.id, status));
        },
      );
    }

    app.delete(
      '/operator/companies/:id',
      { schema: { tags, security: BEARER, params: idParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        await operatorOfRequest(deps, request);
        await removeCompany(deps.store, request.params.id, (deps.now ?? Date.now)());
        return reply.code(204).send(null);
      },
    );
  };
}
