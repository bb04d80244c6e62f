import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callerIdChoiceSchema,
  callListQuerySchema,
  callListSchema,
  colleagueListSchema,
  colleagueQuerySchema,
  deviceListSchema,
  myNumberSchema,
  type MyNumber,
} from '../../shared/api';
import type { SipNumberWithOwner } from '../store';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';
import { BEARER, requireRole } from './guard';
import type { SessionContext } from './sessions';
import { dropDevice, listDevices } from './services/devices';
import { absenceView, callView } from './views';

const tags = ['employee'];

/** The signed-in employee's own number, caller-ID choice, devices, colleagues and calls. */
export function meRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const own = (session: SessionContext): SipNumberWithOwner => {
    const number = deps.store.sipNumbers.getByEmployee(session.subjectId);
    if (!number) throw new ApiError('unauthorized', 'this SIP number no longer exists');
    return number;
  };

  return async (app) => {
    app.get(
      '/me',
      { schema: { tags, security: BEARER, response: { 200: myNumberSchema } } },
      async (request) => myNumber(deps, own(requireRole(deps, request, 'employee'))),
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
        const session = requireRole(deps, request, 'employee');
        const before = myNumber(deps, own(session));
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
        deps.store.sipNumbers.setChosenCallerId(before.sipNumber, number);
        deps.events.publish(session.companyId, {
          type: 'sip-number-changed',
          employeeId: session.subjectId,
          sipNumber: before.sipNumber,
        });
        return myNumber(deps, own(session));
      },
    );

    app.get(
      '/me/devices',
      { schema: { tags, security: BEARER, response: { 200: deviceListSchema } } },
      async (request) => listDevices(deps, own(requireRole(deps, request, 'employee')).number),
    );

    app.delete(
      '/me/devices/:deviceId',
      {
        schema: {
          tags,
          security: BEARER,
          params: z.object({ deviceId: z.string().min(1).max(512) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const session = requireRole(deps, request, 'employee');
        dropDevice(deps, session, session.subjectId, own(session).number, request.params.deviceId);
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
        const session = requireRole(deps, request, 'employee');
        return deps.store.employees
          .list(session.companyId, { search: request.query.search, limit: 1000 })
          .filter((e) => e.id !== session.subjectId && e.sipNumber !== null)
          .map((e) => ({
            id: e.id,
            name: e.name,
            sipNumber: e.sipNumber!,
            registered: deps.bindings.list(e.sipNumber!).length > 0,
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
        const session = requireRole(deps, request, 'employee');
        const number = own(session).number;
        return deps.store.callRecords
          .list(session.companyId, { number, limit: request.query.limit })
          .map((record) => callView(record, number));
      },
    );
  };
}

/** The employee's number as it affects them (SPEC §2–3). */
function myNumber(deps: ApiDeps, number: SipNumberWithOwner): MyNumber {
  const { store } = deps;
  const now = (deps.now ?? Date.now)();
  const mayChoose = number.callerIdMode === 'fixed' && number.employeeMayChooseCallerId;
  const absence = store.absences.current(number.employeeId, now);
  const choices = mayChoose
    ? store.companyNumbers.listByCompany(number.companyId).filter((n) => n.enabled)
    : [];
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
    absence: absence ? absenceView(store, absence) : null,
  };
}
