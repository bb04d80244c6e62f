import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { OriginPolicy } from './origin-policy';

const FORBIDDEN =
  'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  'Content-Length: 33\r\n\r\nThis origin may not connect here\n';

/**
 * Refuses WebSocket upgrades from pages the origin policy does not allow, with `403`, before any
 * upgrade listener (the SIP WebSocket's, the live updates') sees them: one check for both, in
 * front of handlers that each listen for `upgrade` themselves.
 */
export function guardUpgrades(server: http.Server, policy: OriginPolicy): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'upgrade') {
      const [request, socket] = args as [http.IncomingMessage, Duplex];
      if (!policy.allows(request)) {
        socket.end(FORBIDDEN, () => socket.destroy());
        return true;
      }
    }
    return emit(event, ...args);
  }) as typeof server.emit;
}
