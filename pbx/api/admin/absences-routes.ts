import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  absenceParamsSchema,
  absenceSchema,
  idParamsSchema,
  newAbsenceSchema,
} from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, requireRole } from '../guard';
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
        const by = requireRole(deps, request, 'admin');
        const employee = employeeOf(deps.store, by.companyId, request.params.id);
        return deps.store.absences
          .listByEmployee(employee.id)
          .map((p) => absenceView(deps.store, p));
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
        const by = requireRole(deps, request, 'admin');
        return reply.code(201).send(addAbsence(deps, by, request.params.id, request.body));
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
        const by = requireRole(deps, request, 'admin');
        removeAbsence(deps, by, request.params.id, request.params.absenceId);
        return reply.code(204).send(null);
      },
    );
  };
}
