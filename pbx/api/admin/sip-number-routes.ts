import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  credentialsSchema,
  deviceListSchema,
  deviceParamsSchema,
  idParamsSchema,
  passwordResetResultSchema,
  passwordResetSchema,
  sipNumberPatchSchema,
  sipNumberViewSchema,
} from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, companyScope } from '../guard';
import { employeeOf, sipNumberOfEmployee } from '../scoped';
import { dropDevice, listDevices } from '../services/devices';
import { resetPassword, updateSipNumber } from '../services/employees';
import { iso } from '../views';

const tags = ['admin: SIP numbers'];

/** An employee's SIP number: settings, credentials block, password reset, devices. */
export function sipNumberRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/admin/employees/:id/sip-number',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: sipNumberPatchSchema,
          response: { 200: sipNumberViewSchema },
        },
      },
      async (request) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return updateSipNumber(tenant, by, request.params.id, request.body);
      },
    );

    app.get(
      '/admin/employees/:id/credentials',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          response: { 200: credentialsSchema },
        },
      },
      async (request) => {
        const { company } = (await companyScope(deps, request, 'admin')).tenant;
        const employee = await employeeOf(company, request.params.id);
        const number = await sipNumberOfEmployee(company, employee.id);
        const { server, domain, ports } = deps.endpoints();
        return {
          employee: { id: employee.id, name: employee.name },
          server,
          domain,
          login: number.number,
          ports,
          passwordChangedAt: iso(number.passwordChangedAt),
        };
      },
    );

    app.post(
      '/admin/employees/:id/password',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: passwordResetSchema.nullish(),
          response: { 200: passwordResetResultSchema },
        },
      },
      async (request) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return resetPassword(tenant, by, request.params.id, request.body?.sendEmail ?? false);
      },
    );

    app.get(
      '/admin/employees/:id/devices',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          response: { 200: deviceListSchema },
        },
      },
      async (request) => {
        const { tenant } = await companyScope(deps, request, 'admin');
        return listDevices(
          deps,
          (await sipNumberOfEmployee(tenant.company, request.params.id)).number,
        );
      },
    );

    app.delete(
      '/admin/employees/:id/devices/:deviceId',
      {
        schema: { tags, security: BEARER, params: deviceParamsSchema, response: { 204: z.null() } },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        const { id, deviceId } = request.params;
        const number = await sipNumberOfEmployee(tenant.company, id);
        await dropDevice(tenant, by, id, number.number, deviceId);
        return reply.code(204).send(null);
      },
    );
  };
}
