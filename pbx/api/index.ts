import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { API_PREFIX, apiErrorSchema } from '../../shared/api';
import { absenceRoutes } from './admin/absences-routes';
import { callerIdCheckRoutes } from './admin/caller-id-check-routes';
import { companyRoutes } from './admin/company-routes';
import { announcementRoutes } from './admin/announcement-routes';
import { employeeRoutes } from './admin/employees-routes';
import { regionRuleRoutes } from './admin/region-rules-routes';
import { sipNumberRoutes } from './admin/sip-number-routes';
import { storageRoutes } from './admin/storage-routes';
import { authRoutes } from './auth-routes';
import { deviceRoutes } from './device-routes';
import { recoveryRoutes } from './recovery-routes';
import type { ApiDeps } from './deps';
import { ApiError, installErrorHandler } from './errors';
import { authenticateFirst } from './guard';
import { meRoutes } from './me-routes';
import { markNullableBodiesOptional } from './openapi';
import { operatorRoutes } from './operator/companies-routes';
import { ApiRateLimiter } from './rate-limit';
import { regionRoutes } from './regions-routes';

export { ApiEventBus } from './events/bus';
export { attachEventsSocket } from './events/socket';
export { SessionService, type SessionOptions } from './sessions';
export { ApiRateLimiter } from './rate-limit';
export type { ApiDeps, MailSender, SipEndpoints } from './deps';

export const OPENAPI_PATH = '/api/openapi.json';

/** The error answers every route can give, documented once (their shape is `ApiError`). */
const ERROR_RESPONSES = Object.fromEntries(
  [400, 401, 403, 404, 409, 429, 503].map((status) => [status, apiErrorSchema]),
);

function withErrorResponses(schema: FastifySchema): FastifySchema {
  const response = (schema.response ?? {}) as Record<string, unknown>;
  return { ...schema, response: { ...ERROR_RESPONSES, ...response } };
}

/** One count per PBX, shared by its HTTP and HTTPS ports. */
const limiters = new WeakMap<ApiDeps['directory'], ApiRateLimiter>();

/**
 * The HTTP API under `/api/v1` (docs/architecture.md, "HTTP API"): zod schemas from
 * shared/api validate requests and responses and generate the OpenAPI document.
 */
export async function registerApi(app: FastifyInstance, given: ApiDeps): Promise<void> {
  let rateLimiter = given.rateLimiter ?? limiters.get(given.directory);
  if (!rateLimiter) {
    rateLimiter = new ApiRateLimiter(given.directory, given.now);
    limiters.set(given.directory, rateLimiter);
  }
  const deps: ApiDeps = { ...given, rateLimiter };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, deps.storage);
  authenticateFirst(app, deps);
  // Read your writes: a change answered here is in the SIP path's directory already, so a
  // device registering or calling right after the answer sees it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.url.startsWith(API_PREFIX) && reply.statusCode < 400) {
      await deps.directory.sync();
    }
    return payload;
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cloud PBX API',
        version: '1.0.0',
        description:
          "Employees, SIP-number settings, devices and calls of one company (an admin's or an employee's session); companies themselves for the operator (an operator token).",
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Only the API is documented, not the web softphone's files.
    transform: (input) =>
      input.url.startsWith(API_PREFIX)
        ? jsonSchemaTransform({ ...input, schema: withErrorResponses(input.schema) })
        : { schema: { ...input.schema, hide: true }, url: input.url },
  });
  await app.register(
    async (api) => {
      for (const routes of [
        authRoutes,
        recoveryRoutes,
        employeeRoutes,
        sipNumberRoutes,
        absenceRoutes,
        regionRuleRoutes,
        callerIdCheckRoutes,
        companyRoutes,
        announcementRoutes,
        storageRoutes,
        regionRoutes,
        meRoutes,
        deviceRoutes,
        operatorRoutes,
      ]) {
        await api.register(routes(deps));
      }
      // Ahead of the web softphone's catch-all static route: unknown API paths answer in JSON.
      api.all('/*', { schema: { hide: true } }, async (request) => {
        throw ApiError.notFound(`${request.method} ${request.url.split('?')[0]}`);
      });
    },
    { prefix: API_PREFIX },
  );
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () =>
    markNullableBodiesOptional(app.swagger() as OpenAPIV3_1.Document),
  );
}
