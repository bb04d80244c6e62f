import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  deviceCredentialRequestSchema,
  deviceCredentialSchema,
  deviceSignInSchema,
  sessionSchema,
} from '../../shared/api';
import { issueDeviceCredential } from '../directory';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';
import { BEARER, companyScope } from './guard';

const tags = ['device credentials'];

/**
 * Per-device SIP credentials (issue 23 item 6): the web softphone stays signed in with one in
 * place of the password. Issued to a signed-in employee for one device; opens an API session;
 * revoked by the device itself when it signs out (proving it holds the secret).
 */
export function deviceRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/me/device-credential',
      {
        schema: {
          tags,
          security: BEARER,
          body: deviceCredentialRequestSchema,
          response: { 201: deviceCredentialSchema },
        },
      },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'employee');
        const number = await tenant.company.sipNumbers.getByEmployee(by.subjectId);
        if (!number) throw new ApiError('unauthorized', 'this SIP number no longer exists');
        if (!number.enabled) {
          throw new ApiError('forbidden', 'your administrator has disabled this SIP number');
        }
        const { credential, secret } = await issueDeviceCredential(
          tenant.company,
          deps.realm,
          number.number,
          request.body.instance,
        );
        return reply.code(201).send({ username: credential.username, secret });
      },
    );

    app.post(
      '/auth/device',
      { schema: { tags, body: deviceSignInSchema, response: { 200: sessionSchema } } },
      async (request) =>
        deps.sessions.signInDevice(request.body.username, request.body.secret, request.ip),
    );

    app.post(
      '/auth/device/revoke',
      { schema: { tags, body: deviceSignInSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        const { username, secret } = request.body;
        const credential = await deps.sessions.verifyDevice(username, secret, request.ip);
        await deps.store
          .forCompany(credential.companyId)
          .deviceCredentials.remove(credential.sipNumber, credential.username);
        return reply.code(204).send(null);
      },
    );
  };
}
