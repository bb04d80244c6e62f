import { parseNameAddr } from '../sip/headers';
import type { SipRequest } from '../sip/message';
import type { LocalIdentity } from './local-identity';

/**
 * Removes the Route entries that name the PBX from the top of a request (loose routing,
 * RFC 3261 §16.4) and returns the last one removed: the side the request leaves on.
 */
export function popOwnRoutes(
  request: SipRequest,
  identity: LocalIdentity,
): { user?: string } | undefined {
  const routes = [...request.headers.getAll('route')];
  let last: { user?: string } | undefined;
  while (routes.length > 0) {
    const route = parseNameAddr(routes[0] ?? '');
    if (!identity.isLocal(route.uri)) break;
    last = { user: route.uri.user };
    routes.shift();
  }
  request.headers.set('route', routes);
  return last;
}

/** Max-Forwards minus one (RFC 3261 §16.6 step 3); absent means 70. */
export function decrementMaxForwards(request: SipRequest): void {
  const current = Number(request.headers.get('max-forwards') ?? 70);
  request.headers.set('max-forwards', String(Math.max(0, current - 1)));
}

export function hasToTag(request: SipRequest): boolean {
  return parseNameAddr(request.headers.get('to') ?? '').params.tag != null;
}
