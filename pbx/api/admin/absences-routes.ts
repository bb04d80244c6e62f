import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  absenceParamsSchema,
  absenceSchema,
  idParamsSchema,
  newAbsenceSchema,
} from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, companyScope } from '../guard';
import { employeeOf } from '../scoped';
import { addAbsence, removeAbsence } from '../services/absences';
import { absenceView } from '../views';

const tags = ['admin: absence periods'];

export function absenceRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/employees/:id/absences',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          response: { 200: z.array(absenceSchema) },
        },
      },
      async (request) => {
        const { tenant } = await companyScope(deps, request, 'admin');
        const { company } = tenant;
        const employee = await employeeOf(company, request.params.id);
        const periods = await company.absences.listByEmployee(employee.id);
        return Promise.all(periods.map((p) => absenceView(company, p)));
      },
    );

    app.post(
      '/admin/employees/:id/absences',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: newAbsenceSchema,
          response: { 201: absenceSchema },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return reply.code(201).send(await addAbsence(tenant, by, request.params.id, request.body));
      },
    );

    app.delete(
      '/admin/employees/:id/absences/:absenceId',
      {
        schema: {
          tags,
          security: BEARER,
          params: absenceParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        await removeAbsence(tenant, by, request.params.id, request.params.absenceId);
        return reply.code(204).send(null);
      },
    );
  };
}
