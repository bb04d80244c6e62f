import type http from 'node:http';

/** WebSocket upgrades under this path belong to the HTTP API; every other path is SIP. */
export const API_UPGRADE_PREFIX = '/api/';

/**
 * The path of an upgrade request, parsed the one way both WebSocket handlers use, so exactly
 * one of them takes each upgrade (an absolute-form target `http://host/api/…` included).
 */
export function upgradePath(request: http.IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://pbx.invalid').pathname;
  } catch {
    // A request target that is no URL path upgrades nothing: the root refuses it.
    return '/';
  }
}

export const isApiUpgrade = (request: http.IncomingMessage): boolean =>
  upgradePath(request).startsWith(API_UPGRADE_PREFIX);
