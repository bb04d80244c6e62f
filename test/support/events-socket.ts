import { expect } from 'vitest';
import WebSocket from 'ws';
import { EVENTS_PATH, type ApiEvent } from '../../shared/api';
import type { ApiClient } from './api';
import type { TestPbx } from './pbx';

/** How long a test waits for an event or a close before it fails. */
export const EVENT_WAIT_MS = 3000;

/** Every socket opened since the last `closeEventSockets()`, so no test leaks one. */
const opened: EventSocket[] = [];

/**
 * A client of the live-updates socket that keeps every message in order, so a test can ask
 * for the next one, or skip to the first that matches.
 */
export class EventSocket {
  private readonly received: ApiEvent[] = [];
  private cursor = 0;
  closed?: { code: number; reason: string };
  private wake: () => void = () => {};

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString('utf8')) as ApiEvent);
      this.wake();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  /** Connects to the events path; `hello` is the first message, sent as is. */
  static async open(pbx: TestPbx, hello: string): Promise<EventSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${pbx.pbx.ports.http}${EVENTS_PATH}`);
    const socket = new EventSocket(ws);
    opened.push(socket);
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(hello);
    return socket;
  }

  /** Signs in with the client's token and waits for `ready`. */
  static async signedIn(client: ApiClient): Promise<EventSocket> {
    const socket = await EventSocket.open(client.pbx, JSON.stringify({ token: client.token }));
    expect(await socket.next()).toEqual({ type: 'ready' });
    return socket;
  }

  /** The next message not yet looked at. */
  next(ms = EVENT_WAIT_MS): Promise<ApiEvent> {
    return this.until(() => this.received[this.cursor] !== undefined, ms).then(
      () => this.received[this.cursor++]!,
    );
  }

  /** Skips to the first message from here on that matches. */
  async waitFor(match: (event: ApiEvent) => boolean, ms = EVENT_WAIT_MS): Promise<ApiEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const event = await this.next(Math.max(deadline - Date.now(), 1));
      if (match(event)) return event;
    }
  }

  /** Resolves with the close code and reason once the server closes the socket. */
  async closeCode(ms = EVENT_WAIT_MS): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== undefined, ms);
    return this.closed!;
  }

  terminate(): void {
    this.ws.terminate();
  }

  private until(done: () => boolean, ms: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = () => {};
        reject(new Error(`no event in ${ms} ms; received ${JSON.stringify(this.received)}`));
      }, ms);
      this.wake = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.wake = () => {};
        resolve();
      };
    });
  }
}

/** Ends the sockets opened since the last call; a test file calls it in `afterEach`. */
export function closeEventSockets(): void {
  for (const socket of opened.splice(0)) socket.terminate();
}

/** Matches events of one type, for `EventSocket.waitFor`. */
export const isType = (type: ApiEvent['type']) => (event: ApiEvent) => event.type === type;
