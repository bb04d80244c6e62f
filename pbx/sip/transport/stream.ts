import net from 'node:net';
import tls from 'node:tls';
import { StreamFramer } from '../stream-framer';
import { normaliseAddress } from './address';
import { ConnectionFlow } from './connection-flow';
import type { ConnectionGuard, GuardedConnection } from './connection-guard';
import type { SentListener } from './flow';
import { UNSENT_FACTOR } from './limits';

export interface StreamHandlers {
  onData(data: Buffer, flow: ConnectionFlow): void;
  onFlow(flow: ConnectionFlow): void;
  onSent?: SentListener;
  /** A message went to a WebSocket client as a binary frame: it is not valid UTF-8. */
  onBinaryFrame?: (flow: ConnectionFlow) => void;
  /** Counts and bounds the connections others open to the PBX (connection-guard.ts). */
  guard?: ConnectionGuard;
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** Idle TCP connections are probed by the kernel so that a vanished device is noticed. */
const KEEPALIVE_MS = 30_000;

/**
 * Wires a connected socket to a flow and a Content-Length framer (RFC 3261 §18.3). A connection
 * someone opened to the PBX is guarded: a message over the size limit or output the peer does
 * not read closes it, and the guard sees what it buffers and when a message completes.
 */
export function attachStream(
  socket: net.Socket,
  protocol: 'tcp' | 'tls',
  handlers: StreamHandlers,
  guarded?: GuardedConnection,
  /** Where a connection the PBX is still opening goes (its socket does not say yet). */
  remote?: { address: string; port: number },
): ConnectionFlow {
  socket.setKeepAlive(true, KEEPALIVE_MS);
  socket.setNoDelay(true);
  const guard = guarded ? handlers.guard : undefined;
  const maxUnsent = guard ? guard.limits.maxMessageBytes * UNSENT_FACTOR : Infinity;
  const end = () => (guarded ? guarded.close() : socket.destroy());
  const flow = new ConnectionFlow(
    protocol,
    socket.localAddress ?? '',
    socket.localPort ?? 0,
    remote?.address ?? normaliseAddress(socket.remoteAddress ?? ''),
    remote?.port ?? socket.remotePort ?? 0,
    {
      write: (data) => {
        socket.write(data);
        if (socket.writableLength > maxUnsent) guard?.oversized(guarded);
      },
      close: end,
    },
    handlers.onSent,
    guarded,
  );
  const framer = new StreamFramer(
    {
      onMessage: (data) => {
        if (guarded && !guarded.messageReceived()) return; // past its pace (untrusted-pacing.ts)
        handlers.onData(data, flow);
      },
      onKeepAlive: () => socket.write('\r\n'),
      // The next message boundary is lost: the connection cannot be used any more.
      onError: (reason) => (reason === 'Message Too Large' ? guard?.oversized(guarded) : end()),
    },
    { maxMessageBytes: guard?.limits.maxMessageBytes },
  );
  socket.on('data', (chunk: Buffer) => {
    framer.push(chunk);
    guarded?.setBuffered(framer.buffered);
  });
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
    const guarded = handlers.guard?.of(socket);
    // Refused or already closed by the guard while its handshake ran: nothing to attach.
    if (handlers.guard && !guarded) return void socket.destroy();
    attachStream(socket, tlsFiles ? 'tls' : 'tcp', handlers, guarded);
  };
  const handshakeTimeout = handlers.guard?.limits.readTimeoutMs;
  const server = tlsFiles
    ? tls.createServer({ cert: tlsFiles.cert, key: tlsFiles.key, handshakeTimeout }, onSocket)
    : net.createServer(onSocket);
  // Before the server's own listener: the guard counts a connection first (or refuses it).
  handlers.guard?.watch(server, 'sip');
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

/**
 * Opens a connection to a device (a plain RFC 3261 TCP/TLS phone whose own connection closed).
 * Once connected it is counted by the connection guard like any other, and trusted: it goes to
 * a device that authenticated. A guard at its limits closes it; so does a connect (or TLS
 * handshake, which verifies the phone's certificate) that takes longer than the read timeout.
 * Messages sent before it connects are queued by the socket.
 */
export function connectStream(
  protocol: 'tcp' | 'tls',
  address: string,
  port: number,
  handlers: StreamHandlers,
): ConnectionFlow {
  const socket =
    protocol === 'tls'
      ? tls.connect({ host: address, port })
      : net.connect({ host: address, port });
  socket.setTimeout(handlers.guard?.limits.readTimeoutMs ?? 10_000, () => socket.destroy());
  socket.once(protocol === 'tls' ? 'secureConnect' : 'connect', () => {
    socket.setTimeout(0);
    handlers.guard?.admit(socket, 'sip')?.trust();
  });
  return attachStream(socket, protocol, handlers, undefined, { address, port });
}

/** Opens an outbound TCP connection; messages sent before it connects are queued by the socket. */
export function connectTcp(host: string, port: number, handlers: StreamHandlers): ConnectionFlow {
  const socket = net.connect({ host, port });
  return attachStream(socket, 'tcp', handlers);
}

export { normaliseAddress } from './address';
