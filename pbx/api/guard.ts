import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { operatorOfToken } from '../directory';
import type { Operator } from '../store';
import { companyDeps, type ApiDeps, type CompanyDeps } from './deps';
import { ApiError } from './errors';
import type { SessionContext } from './sessions';

/** Who each request was authenticated as, before its params, query and body were read. */
const sessionOf = new WeakMap<FastifyRequest, SessionContext>();
const operatorOf = new WeakMap<FastifyRequest, Operator>();

/**
 * Authentication first (issue 20): every route whose schema declares `security` checks the
 * bearer token when the request arrives, before its body is parsed and before params, query
 * and body are validated, so an anonymous request gets 401 and never learns the schema.
 * Operator routes take an operator token, the others a session.
 */
export function authenticateFirst(app: FastifyInstance, deps: ApiDeps): void {
  app.addHook('onRoute', (route) => {
    if (!route.schema?.security) return;
    const operator = route.url.includes('/operator/');
    const authenticate: onRequestHookHandler = async (request) => {
      if (operator) operatorOf.set(request, await operatorOfRequest(deps, request));
      else sessionOf.set(request, await deps.sessions.authenticate(bearerToken(request)));
    };
    const before = route.onRequest;
    route.onRequest = [authenticate, ...(before ? [before].flat() : [])];
  });
}

/** The session the request was authenticated with (401 without one). */
export async function sessionOfRequest(
  deps: ApiDeps,
  request: FastifyRequest,
): Promise<SessionContext> {
  return sessionOf.get(request) ?? deps.sessions.authenticate(bearerToken(request));
}

/** The operator account a bearer token belongs to (tokens from `pbx operator add`); 401 else. */
export async function operatorOfRequest(deps: ApiDeps, request: FastifyRequest): Promise<Operator> {
  const known = operatorOf.get(request);
  if (known) return known;
  const token = bearerToken(request);
  const operator = token ? await operatorOfToken(deps.store, token) : undefined;
  if (!operator) {
    throw new ApiError(
      'unauthorized',
      'this needs an operator token (npm run pbx -- operator add --name NAME)',
    );
  }
  return operator;
}

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
  const session = await sessionOfRequest(deps, request);
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
