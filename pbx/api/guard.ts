import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';
import type { SessionContext } from './sessions';

/** The bearer token of a request (`Authorization: Bearer …`). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : undefined;
}

/** The request's session, which must be of this role (401 without one, 403 for the other role). */
export function requireRole(
  deps: ApiDeps,
  request: FastifyRequest,
  role: SessionContext['role'],
): SessionContext {
  const session = deps.sessions.authenticate(bearerToken(request));
  if (session.role !== role) {
    throw new ApiError(
      'forbidden',
      role === 'admin'
        ? 'this needs an admin account'
        : 'this is for employees signed in with their SIP number',
    );
  }
  return session;
}

/** OpenAPI: routes that need a bearer token say so. */
export const BEARER = [{ bearer: [] }];
