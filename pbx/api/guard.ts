import type { FastifyRequest } from 'fastify';
import { companyDeps, type ApiDeps, type CompanyDeps } from './deps';
import { ApiError } from './errors';
import type { SessionContext } from './sessions';

/** The bearer token of a request (`Authorization: Bearer …`). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : undefined;
}

/**
 * The request's session, which must be of this role (401 without one, 403 for the other
 * role), within its company's API quota (429 api-rate-limit); a suspended company may read
 * but not change anything (403 company-suspended).
 */
export async function requireRole(
  deps: ApiDeps,
  request: FastifyRequest,
  role: SessionContext['role'],
): Promise<SessionContext> {
  const session = await deps.sessions.authenticate(bearerToken(request));
  if (session.role !== role) {
    throw new ApiError(
      'forbidden',
      role === 'admin'
        ? 'this needs an admin account'
        : 'this is for employees signed in with their SIP number',
    );
  }
  const wait = deps.rateLimiter?.take(session.companyId) ?? 0;
  if (wait > 0) {
    throw ApiError.refused(
      'apiRateQuota',
      "the company has made as many API requests this minute as the operator's quota allows: try again shortly",
      wait,
    );
  }
  if (
    request.method !== 'GET' &&
    deps.directory.companies.get(session.companyId)?.status === 'suspended'
  ) {
    throw ApiError.refused(
      'companySuspended',
      'the company is suspended by the operator: its data can be read but not changed',
    );
  }
  return session;
}

/** The signed-in session of this role and its company's deps: what a company route works with. */
export async function companyScope(
  deps: ApiDeps,
  request: FastifyRequest,
  role: SessionContext['role'],
): Promise<{ by: SessionContext; tenant: CompanyDeps }> {
  const by = await requireRole(deps, request, role);
  return { by, tenant: companyDeps(deps, by) };
}

/** OpenAPI: routes that need a bearer token say so. */
export const BEARER = [{ bearer: [] }];
