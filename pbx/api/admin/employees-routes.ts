import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdEmployeeSchema,
  employeeDetailSchema,
  employeeListQuerySchema,
  employeeListSchema,
  employeePatchSchema,
  idParamsSchema,
  newEmployeeSchema,
} from '../../../shared/api';
import type { ApiDeps } from '../deps';
import { BEARER, requireRole } from '../guard';
import { employeeOf } from '../scoped';
import { addEmployee, deleteEmployee, updateEmployee } from '../services/employees';
import { employeeDetail } from '../views';

const tags = ['admin: employees'];

export function employeeRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/employees',
      {
        schema: {
          tags,
          security: BEARER,
          querystring: employeeListQuerySchema,
          response: { 200: employeeListSchema },
        },
      },
      async (request) => {
        const by = requireRole(deps, request, 'admin');
        const { search, offset, limit } = request.query;
        const items = deps.store.employees
          .list(by.companyId, { search, offset, limit })
          .map((employee) => ({
            id: employee.id,
            name: employee.name,
            email: employee.email,
            sipNumber: employee.sipNumber,
            enabled: employee.enabled,
            devices: employee.sipNumber ? deps.bindings.list(employee.sipNumber).length : 0,
          }));
        return { items, total: deps.store.employees.count(by.companyId, search) };
      },
    );

    app.post(
      '/admin/employees',
      {
        schema: {
          tags,
          security: BEARER,
          body: newEmployeeSchema,
          response: { 201: createdEmployeeSchema },
        },
      },
      async (request, reply) => {
        const by = requireRole(deps, request, 'admin');
        return reply.code(201).send(addEmployee(deps, by, request.body));
      },
    );

    app.get(
      '/admin/employees/:id',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          response: { 200: employeeDetailSchema },
        },
      },
      async (request) => {
        const by = requireRole(deps, request, 'admin');
        return employeeDetail(deps.store, employeeOf(deps.store, by.companyId, request.params.id));
      },
    );

    app.patch(
      '/admin/employees/:id',
      {
        schema: {
          tags,
          security: BEARER,
          params: idParamsSchema,
          body: employeePatchSchema,
          response: { 200: employeeDetailSchema },
        },
      },
      async (request) => {
        const by = requireRole(deps, request, 'admin');
        return updateEmployee(deps, by, request.params.id, request.body);
      },
    );

    app.delete(
      '/admin/employees/:id',
      { schema: { tags, security: BEARER, params: idParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        const by = requireRole(deps, request, 'admin');
        deleteEmployee(deps, by, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
