import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  companyRegionRuleParamsSchema,
  idParamsSchema,
  newRegionRuleSchema,
  regionRuleParamsSchema,
  regionRuleSchema,
} from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, companyScope } from '../guard';
import { sipNumberOfEmployee } from '../scoped';
import { addRegionRule, removeRegionRule } from '../services/region-rules';
import { regionRuleView } from '../views';

const tags = ['admin: SIP numbers'];

/**
 * Region restrictions: which company numbers a client region may see, of an employee's SIP
 * number, and the company's defaults that a SIP number's own rules for a region replace.
 */
export function regionRuleRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/employees/:id/region-rules',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          response: { 200: z.array(regionRuleSchema) },
        },
      },
      async (request) => {
        const { company } = (await companyScope(deps, request, 'admin')).tenant;
        const number = await sipNumberOfEmployee(company, request.params.id);
        return (await company.regionRules.listBySipNumber(number.number)).map(regionRuleView);
      },
    );

    app.post(
      '/admin/employees/:id/region-rules',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: newRegionRuleSchema,
          response: { 201: regionRuleSchema },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return reply
          .code(201)
          .send(await addRegionRule(tenant, by, { employeeId: request.params.id }, request.body));
      },
    );

    app.delete(
      '/admin/employees/:id/region-rules/:ruleId',
      {
        schema: {
          tags,
          security: BEARER,
          params: regionRuleParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        await removeRegionRule(
          tenant,
          by,
          { employeeId: request.params.id },
          request.params.ruleId,
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/region-rules',
      { schema: { tags, security: BEARER, response: { 200: z.array(regionRuleSchema) } } },
      async (request) => {
        const { company } = (await companyScope(deps, request, 'admin')).tenant;
        return (await company.regionRules.listCompanyWide()).map(regionRuleView);
      },
    );

    app.post(
      '/admin/region-rules',
      {
        schema: {
          tags,
          security: BEARER,
          body: newRegionRuleSchema,
          response: { 201: regionRuleSchema },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return reply
          .code(201)
          .send(await addRegionRule(tenant, by, { employeeId: null }, request.body));
      },
    );

    app.delete(
      '/admin/region-rules/:ruleId',
      {
        schema: {
          tags,
          security: BEARER,
          params: companyRegionRuleParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        await removeRegionRule(tenant, by, { employeeId: null }, request.params.ruleId);
        return reply.code(204).send(null);
      },
    );
  };
}
