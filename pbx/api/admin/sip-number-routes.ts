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
import { BEARER, requireRole } from '../guard';
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
        const by = requireRole(deps, request, 'admin');
        return updateSipNumber(deps, by, request.params.id, request.body);
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
        const by = requireRole(deps, request, 'admin');
        const employee = employeeOf(deps.store, by.companyId, request.params.id);
        const number = sipNumberOfEmployee(deps.store, by.companyId, employee.id);
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
        const by = requireRole(deps, request, 'admin');
        return resetPassword(deps, by, request.params.id, request.body?.sendEmail ?? false);
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
        const by = requireRole(deps, request, 'admin');
        return listDevices(
          deps,
          sipNumberOfEmployee(deps.store, by.companyId, request.params.id).number,
        );
      },
    );

    app.delete(
      '/admin/employees/:id/devices/:deviceId',
      {
        schema: { tags, security: BEARER, params: deviceParamsSchema, response: { 204: z.null() } },
      },
      async (request, reply) => {
        const by = requireRole(deps, request, 'admin');
        const { id, deviceId } = request.params;
        dropDevice(
          deps,
          by,
          id,
          sipNumberOfEmployee(deps.store, by.companyId, id).number,
          deviceId,
        );
        return reply.code(204).send(null);
      },
    );
  };
}
