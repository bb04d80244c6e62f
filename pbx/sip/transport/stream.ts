import net from 'node:net';
import tls from 'node:tls';
import { StreamFramer } from '../stream-framer';
import { ConnectionFlow } from './connection-flow';
import type { SentListener } from './flow';

export interface StreamHandlers {
  onData(data: Buffer, flow: ConnectionFlow): void;
  onFlow(flow: ConnectionFlow): void;
  onSent?: SentListener;
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** Idle TCP connections are probed by the kernel so that a vanished device is noticed. */
const KEEPALIVE_MS = 30_000;

/** Wires a connected socket to a flow and a Content-Length framer (RFC 3261 §18.3). */
export function attachStream(
  socket: net.Socket,
  protocol: 'tcp' | 'tls',
  handlers: StreamHandlers,
): ConnectionFlow {
  socket.setKeepAlive(true, KEEPALIVE_MS);
  socket.setNoDelay(true);
  const flow = new ConnectionFlow(
    protocol,
    socket.localAddress ?? '',
    socket.localPort ?? 0,
    normaliseAddress(socket.remoteAddress ?? ''),
    socket.remotePort ?? 0,
    { write: (data) => socket.write(data), close: () => socket.destroy() },
    handlers.onSent,
  );
  const framer = new StreamFramer({
    onMessage: (data) => handlers.onData(data, flow),
    onKeepAlive: () => socket.write('\r\n'),
    // The next message boundary is lost: the connection cannot be used any more.
    onError: () => socket.destroy(),
  });
  socket.on('data', (chunk: Buffer) => framer.push(chunk));
  socket.on('error', () => socket.destroy());
  socket.on('close', () => flow.markClosed());
  handlers.onFlow(flow);
  return flow;
}

export interface StreamListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens for SIP over TCP, or over TLS when certificate files are given. */
export function listenStream(
  host: string,
  port: number,
  handlers: StreamHandlers,
  tlsFiles?: TlsFiles,
): Promise<StreamListener> {
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    attachStream(socket, tlsFiles ? 'tls' : 'tcp', handlers);
  };
  const server = tlsFiles
    ? tls.createServer({ cert: tlsFiles.cert, key: tlsFiles.key }, onSocket)
    : net.createServer(onSocket);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Opens an outbound TCP connection; messages sent before it connects are queued by the socket. */
export function connectTcp(host: string, port: number, handlers: StreamHandlers): ConnectionFlow {
  const socket = net.connect({ host, port });
  return attachStream(socket, 'tcp', handlers);
}

/** "::ffff:127.0.0.1" → "127.0.0.1", as the rest of the PBX writes IPv4 addresses. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
