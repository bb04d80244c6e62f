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
import { BEARER, companyScope } from '../guard';
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
        const { tenant } = await companyScope(deps, request, 'admin');
        const { search, offset, limit } = request.query;
        const items = (await tenant.company.employees.list({ search, offset, limit })).map(
          (employee) => ({
            id: employee.id,
            name: employee.name,
            email: employee.email,
            sipNumber: employee.sipNumber,
            enabled: employee.enabled,
            devices: employee.sipNumber ? deps.bindings.list(employee.sipNumber).length : 0,
          }),
        );
        return { items, total: await tenant.company.employees.count(search) };
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
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return reply.code(201).send(await addEmployee(tenant, by, request.body));
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
        const { company } = (await companyScope(deps, request, 'admin')).tenant;
        return employeeDetail(company, await employeeOf(company, request.params.id));
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
        const { by, tenant } = await companyScope(deps, request, 'admin');
        return updateEmployee(tenant, by, request.params.id, request.body);
      },
    );

    app.delete(
      '/admin/employees/:id',
      { schema: { tags, security: BEARER, params: idParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        await deleteEmployee(tenant, by, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
