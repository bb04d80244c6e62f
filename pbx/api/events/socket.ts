import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENTS_CLOSE, EVENTS_PATH, eventsHelloSchema, type ApiEvent } from '../../../shared/api';
import type { SessionContext, SessionService } from '../sessions';
import { isApiUpgrade, upgradePath } from '../../http/upgrade-path';
import { ApiError } from '../errors';
import type { ApiEventBus } from './bus';

/** How long a client has to send its token after connecting. */
const HELLO_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 30_000;

/** Whether an employee session hears an event: its own number, and colleagues' presence. */
export function employeeHears(session: SessionContext, event: ApiEvent): boolean {
  switch (event.type) {
    case 'sip-number-changed':
    case 'absences-changed':
      return event.employeeId === session.subjectId;
    default:
      return true;
  }
}

/**
 * The live-updates WebSocket at `/api/v1/events` on the PBX's HTTP server. Browsers cannot
 * set headers on a WebSocket, so the token is the first message; until it checks out nothing
 * is sent. A session that ends (sign-out, password reset) closes its socket at the next event.
 */
export function attachEventsSocket(
  server: http.Server,
  sessions: SessionService,
  bus: ApiEventBus,
): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isApiUpgrade(request)) return; // SIP's
    if (upgradePath(request) !== EVENTS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws));
  };
  server.on('upgrade', onUpgrade);

  const serve = (ws: WebSocket) => {
    const helloTimer = setTimeout(
      () => ws.close(EVENTS_CLOSE.badHello, 'no token'),
      HELLO_TIMEOUT_MS,
    );
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => clearTimeout(helloTimer));
    ws.once('message', (data: Buffer) => {
      clearTimeout(helloTimer);
      void hello(ws, data);
    });
    ws.on('error', () => ws.terminate());
  };

  /** The first message must be the token; then the session hears its company's events. */
  const hello = async (ws: WebSocket, data: Buffer) => {
    let session: SessionContext;
    try {
      const hello = eventsHelloSchema.parse(JSON.parse(data.toString('utf8')));
      session = await sessions.authenticate(hello.token);
    } catch (error) {
      const unauthorized = error instanceof ApiError;
      ws.close(
        unauthorized ? EVENTS_CLOSE.unauthorized : EVENTS_CLOSE.badHello,
        unauthorized ? 'unauthorized' : 'expected {"token": "..."}',
      );
      return;
    }
    if (ws.readyState !== ws.OPEN) return; // closed while the token was checked
    // One check at a time, so events reach the client in the order they were published.
    let checked = Promise.resolve();
    const unsubscribe = bus.subscribe(session.companyId, (event) => {
      checked = checked.then(async () => {
        // A store that cannot say ends the session: the client logs in again.
        if (!(await sessions.isValid(session.tokenHash).catch(() => false))) {
          ws.close(EVENTS_CLOSE.unauthorized, 'session ended');
          return;
        }
        if (session.role === 'admin' || employeeHears(session, event)) send(ws, event);
      });
    });
    ws.on('close', unsubscribe);
    send(ws, { type: 'ready' });
  };

  // Dead clients are found by ping, as on the SIP WebSocket.
  const alive = new WeakMap<WebSocket, boolean>();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    close() {
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function send(ws: WebSocket, event: ApiEvent): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
}
