import { toWebSocketUrl } from '../features/sign-in/server-url';

/**
 * The API's base URL (no path) of a server address as typed: the API shares the SIP
 * WebSocket's host and port, so ws → http and wss → https; `undefined` when not an address.
 */
export function apiBaseUrl(server: string, pageProtocol?: string): string | undefined {
  const ws = toWebSocketUrl(server, pageProtocol);
  if (!ws) return undefined;
  const url = new URL(ws);
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}

/** The WebSocket URL of a path on the API's server. */
export function apiSocketUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/^http/i, 'ws').replace(/\/$/, '') + path;
}
