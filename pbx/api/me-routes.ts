import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callerIdChoiceSchema,
  callListQuerySchema,
  callListSchema,
  colleagueListSchema,
  colleagueQuerySchema,
  deviceListSchema,
  doNotDisturbSchema,
  dropQuerySchema,
  myNumberSchema,
  type MyNumber,
} from '../../shared/api';
import type { SipNumberWithOwner } from '../store';
import type { ApiDeps, CompanyDeps } from './deps';
import { ApiError } from './errors';
import { BEARER, companyScope } from './guard';
import { colleagueStateNow } from '../presence/colleague-state';
import { dropDevice, listDevices } from './services/devices';
import { absenceView, callView } from './views';

const tags = ['employee'];

/** The signed-in employee's own number, caller-ID choice, devices, colleagues and calls. */
export function meRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  /** The employee's company deps and own SIP number; 401 once the number is gone. */
  const me = async (request: FastifyRequest) => {
    const { by, tenant } = await companyScope(deps, request, 'employee');
    const number = await tenant.company.sipNumbers.getByEmployee(by.subjectId);
    if (!number) throw new ApiError('unauthorized', 'this SIP number no longer exists');
    return { by, tenant, number };
  };

  return async (app) => {
    app.get(
      '/me',
      { schema: { tags, security: BEARER, response: { 200: myNumberSchema } } },
      async (request) => {
        const { tenant, number } = await me(request);
        return myNumber(tenant, number);
      },
    );

    app.put(
      '/me/caller-id',
      {
        schema: {
          tags,
          security: BEARER,
          body: callerIdChoiceSchema,
          response: { 200: myNumberSchema },
        },
      },
      async (request) => {
        const { by, tenant, number: own } = await me(request);
        const before = await myNumber(tenant, own);
        if (!before.callerId.mayChoose) {
          throw new ApiError(
            'forbidden',
            'your administrator does not let you choose the caller ID',
          );
        }
        const { number } = request.body;
        if (number !== null && !before.callerId.choices.includes(number)) {
          throw ApiError.badField('number', `${number} is not one of the numbers you may choose`);
        }
        await tenant.company.sipNumbers.setChosenCallerId(before.sipNumber, number);
        deps.events.publish(by.companyId, {
          type: 'sip-number-changed',
          employeeId: by.subjectId,
          sipNumber: before.sipNumber,
        });
        return myNumber(tenant, (await tenant.company.sipNumbers.get(own.number)) ?? own);
      },
    );

    app.get(
      '/me/devices',
      { schema: { tags, security: BEARER, response: { 200: deviceListSchema } } },
      async (request) => listDevices(deps, (await me(request)).number.number),
    );

    app.delete(
      '/me/devices/:deviceId',
      {
        schema: {
          tags,
          security: BEARER,
          params: z.object({ deviceId: z.string().min(1).max(512) }),
          querystring: dropQuerySchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { by, tenant, number } = await me(request);
        const { deviceId } = request.params;
        const reason = request.query.takeOver === 'true' ? 'taken-over' : 'device-removed';
        await dropDevice(tenant, by, by.subjectId, number.number, deviceId, reason);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/me/do-not-disturb',
      {
        schema: {
          tags,
          security: BEARER,
          body: doNotDisturbSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { number } = await me(request);
        const { instance, on } = request.body;
        if (!deps.doNotDisturb?.set(number.number, instance, on)) {
          // DND belongs to a signed-in device and ends with it; the softphone reports on register.
          throw new ApiError('conflict', 'this device is not registered on your number yet');
        }
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/me/colleagues',
      {
        schema: {
          tags,
          security: BEARER,
          querystring: colleagueQuerySchema,
          response: { 200: colleagueListSchema },
        },
      },
      async (request) => {
        const { by, tenant } = await companyScope(deps, request, 'employee');
        const now = (deps.now ?? Date.now)();
        const employees = await tenant.company.employees.list({
          search: request.query.search,
          limit: 1000,
        });
        return employees
          .filter((e) => e.id !== by.subjectId && e.sipNumber !== null)
          .map((e) => ({
            id: e.id,
            name: e.name,
            sipNumber: e.sipNumber!,
            registered: deps.bindings.list(e.sipNumber!).length > 0,
            ...colleagueStateNow(deps, e.sipNumber!, now),
          }));
      },
    );

    app.get(
      '/me/calls',
      {
        schema: {
          tags,
          security: BEARER,
          querystring: callListQuerySchema,
          response: { 200: callListSchema },
        },
      },
      async (request) => {
        const { tenant, number } = await me(request);
        const records = await tenant.company.callRecords.list({
          number: number.number,
          limit: request.query.limit,
        });
        return records.map((record) => callView(record, number.number));
      },
    );
  };
}

/** The employee's number as it affects them (SPEC §2–3). */
async function myNumber(deps: CompanyDeps, number: SipNumberWithOwner): Promise<MyNumber> {
  const { company } = deps;
  const now = (deps.now ?? Date.now)();
  const mayChoose = number.callerIdMode === 'fixed' && number.employeeMayChooseCallerId;
  const absence = await company.absences.current(number.employeeId, now);
  const choices = mayChoose ? (await company.companyNumbers.list()).filter((n) => n.enabled) : [];
  return {
    employee: { id: number.employeeId, name: number.employeeName },
    sipNumber: number.number,
    enabled: number.enabled,
    multiTerminal: number.multiTerminal,
    channels: number.channels,
    callerId: {
      mode: number.callerIdMode,
      fixedNumber: number.fixedCallerId,
      mayChoose,
      choices: choices.map((n) => n.number),
      choiceRegions: Object.fromEntries(choices.map((n) => [n.number, n.region])),
      chosen: number.chosenCallerId,
    },
    absence: absence ? await absenceView(company, absence) : null,
  };
}
