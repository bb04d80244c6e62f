import type { SipRequest } from '../sip/message';
import type { LocalIdentity } from './local-identity';

/**
 * Removes the Route entries that name the PBX from the top of a request (loose routing,
 * RFC 3261 §16.4) and returns the last one removed: the side the request leaves on. A Route
 * that does not parse is left alone (the pipeline refuses such a request before routing it).
 */
export function popOwnRoutes(
  request: SipRequest,
  identity: LocalIdentity,
): { user?: string } | undefined {
  const routes = request.routeSet;
  if (!routes) return undefined;
  let popped = 0;
  while (popped < routes.length && identity.isLocal(routes[popped]!.uri)) popped++;
  if (popped === 0) return undefined;
  const values = request.headers.getAll('route').slice(popped);
  request.headers.setParsed('route', values, routes.slice(popped));
  return { user: routes[popped - 1]!.uri.user };
}

/** Max-Forwards minus one (RFC 3261 §16.6 step 3); absent means 70. */
export function decrementMaxForwards(request: SipRequest): void {
  const current = request.maxForwards ?? 70;
  request.headers.set('max-forwards', String(Math.max(0, current - 1)));
}

export function hasToTag(request: SipRequest): boolean {
  return request.toTag !== undefined;
}
