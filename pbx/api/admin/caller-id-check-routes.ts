import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decideCallerId } from '../../../shared/caller-id';
import {
  callerIdCheckResultSchema,
  callerIdCheckSchema,
  idParamsSchema,
} from '../../../shared/api';
import { parseDialled } from '../../../shared/phone-numbers';
import { callerIdInput } from '../../trunk/caller-id';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { BEARER, companyScope } from '../guard';
import { sipNumberOfEmployee } from '../scoped';

/**
 * "Which number will the client see?" (SPEC §3): the decision the PBX would make for a call
 * from this employee to that client now, by the same function, with its reason.
 */
export function callerIdCheckRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/admin/employees/:id/caller-id-check',
      {
        schema: {
          tags: ['admin: SIP numbers'],
          security: BEARER,
          params: idParamsSchema,
          body: callerIdCheckSchema,
          response: { 200: callerIdCheckResultSchema },
        },
      },
      async (request) => {
        const { tenant } = await companyScope(deps, request, 'admin');
        const caller = await sipNumberOfEmployee(tenant.company, request.params.id);
        const dialled = parseDialled(request.body.client);
        if (dialled.kind !== 'phone') {
          throw ApiError.badField('client', 'not a phone number outside the company');
        }
        const regionsOf = deps.regionsOf ?? (() => []);
        const client = { number: dialled.e164, regions: regionsOf(dialled.e164) };
        // The directory, as the SIP path reads it: the decision a call now would get.
        const decision = decideCallerId(callerIdInput(deps.directory, caller, client, regionsOf));
        return {
          client,
          number: decision.ok ? decision.number : null,
          // As data, for the Admin tab to word in the admin's language and time zone
          reason: decision.ok ? decision.reason : null,
          refusal: decision.ok ? null : decision.why,
          explanation: decision.explanation,
        };
      },
    );
  };
}
