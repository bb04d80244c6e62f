import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

/** A loopback port nobody listens on (it was free a moment ago): a wrong server address. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether something listens on 127.0.0.1:`port` over TCP (Linux `/proc/net/tcp`, state 0A). */
export function tcpListening(port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => {
      const [, address, , state] = line.trim().split(/\s+/);
      return address === local && state === '0A';
    });
}
