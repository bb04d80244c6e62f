import type { Flow } from './flow';

/**
 * The connection a plain TCP/TLS phone registered over in an earlier run of the PBX: closed,
 * naming where the phone was. Its binding is reached through a new connection to its Contact
 * (routing/device-targets.ts), as after any closed connection.
 */
export function closedConnection(
  protocol: 'tcp' | 'tls',
  remoteAddress: string,
  remotePort: number,
): Flow {
  return {
    id: `${protocol}:${remoteAddress}:${remotePort}#kept`,
    protocol,
    reliable: true,
    localAddress: '',
    localPort: 0,
    remoteAddress,
    remotePort,
    open: false,
    send: () => false,
  };
}
