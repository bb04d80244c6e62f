import { isUtf8 } from 'node:buffer';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isApiUpgrade } from '../../http/upgrade-path';
import { normaliseAddress } from './address';
import { ConnectionFlow, type CloseNotice } from './connection-flow';
import type { GuardedConnection } from './connection-guard';
import { UNSENT_FACTOR } from './limits';
import type { StreamHandlers } from './stream';

/** The WebSocket subprotocol for SIP (RFC 7118 §4.1). */
export const SIP_SUBPROTOCOL = 'sip';

/** The largest frame when no guard sets the limit. */
const DEFAULT_MAX_PAYLOAD = 256 * 1024;

export interface WebSocketListener {
  close(): void;
}

/**
 * SIP over WebSocket on the PBX's HTTP server: each frame is one SIP message. Connections
 * that do not offer the `sip` subprotocol are refused; idle ones are pinged every
 * `pingIntervalMs`, and one that missed a pong is closed. With a guard, a frame over the message
 * limit closes the connection, and the guard sees unfinished frames (bytes since the last whole
 * frame) and completed messages, as on TCP.
 */
export function attachWebSocket(
  server: http.Server,
  secure: boolean,
  handlers: StreamHandlers,
  pingIntervalMs = 30_000,
): WebSocketListener {
  const { guard } = handlers;
  const maxPayload = guard?.limits.maxMessageBytes ?? DEFAULT_MAX_PAYLOAD;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    handleProtocols: (protocols) => (protocols.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false),
    verifyClient: (info: { req: http.IncomingMessage }) =>
      (info.req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .some((p) => p.trim().toLowerCase() === SIP_SUBPROTOCOL),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  // Upgrades under /api/ belong to the HTTP API (its live-updates socket); every other path is SIP.
  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isApiUpgrade(request)) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws, request) => {
    const socket = request.socket;
    const guarded = guard?.of(socket);
    if (guarded) guarded.kind = 'sip';
    const flow = new ConnectionFlow(
      secure ? 'wss' : 'ws',
      socket.localAddress ?? '',
      socket.localPort ?? 0,
      normaliseAddress(socket.remoteAddress ?? ''),
      socket.remotePort ?? 0,
      {
        write: (data) => {
          // RFC 7118 §5.1: a text frame must be valid UTF-8 (a browser closes the connection,
          // 1007, on one that is not), so a message that is not (a body relayed from UDP or TCP
          // in another charset) goes as a binary frame; JsSIP reads those too.
          const binary = !isUtf8(data);
          if (binary) handlers.onBinaryFrame?.(flow);
          ws.send(data, { binary });
          if (ws.bufferedAmount > maxPayload * UNSENT_FACTOR) guard?.oversized(guarded);
        },
        close: (notice) => (notice ? closeWithNotice(ws, notice) : ws.terminate()),
      },
      handlers.onSent,
      guarded,
    );
    if (guarded) {
      guarded.reader = ws; // ws resumes its socket itself unless the WebSocket is paused
      watchFrames(socket, ws, guarded);
    }
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      alive.set(ws, true);
      if (guarded && !guarded.messageReceived()) return; // past its pace (untrusted-pacing.ts)
      handlers.onData(toBuffer(data), flow);
    });
    ws.on('close', () => flow.markClosed());
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') guard?.oversized(guarded);
      ws.terminate();
    });
    handlers.onFlow(flow);
  });

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, pingIntervalMs);
  pinger.unref();

  return {
    close: () => {
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/**
 * Tells the guard how many bytes arrived since the last whole frame (a message, ping or pong):
 * the socket's own data listener runs first, then ws parses the chunk and emits what completed.
 */
function watchFrames(socket: Duplex, ws: WebSocket, guarded: GuardedConnection): void {
  socket.prependListener('data', (chunk: Buffer) =>
    guarded.setBuffered(guarded.buffered + chunk.length),
  );
  const complete = () => guarded.setBuffered(0);
  ws.on('message', complete);
  ws.on('ping', complete);
  ws.on('pong', complete);
}

/** How long a closing handshake may take before the socket is destroyed anyway. */
const CLOSE_HANDSHAKE_MS = 1000;

/** Sends a close frame that says why; a peer that does not answer it is cut off. */
function closeWithNotice(ws: WebSocket, notice: CloseNotice): void {
  ws.close(notice.code, notice.reason);
  setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_MS).unref();
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
