import JsSIP from 'jssip';
import WebSocket from 'ws';
import { TEST_DOMAIN } from './pbx';

// JsSIP expects a browser WebSocket; Node 20 has none, so the `ws` package stands in.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
JsSIP.debug.disable();

export interface UaOptions {
  httpPort: number;
  sipNumber: string;
  password: string;
  register?: boolean;
  deviceKind?: string;
}

/** A JsSIP user agent over WebSocket to the test PBX, as the softphone runs it. */
export function createUa(options: UaOptions): JsSIP.UA {
  const socket = new JsSIP.WebSocketInterface(`ws://127.0.0.1:${options.httpPort}`);
  return new JsSIP.UA({
    sockets: [socket],
    uri: `sip:${options.sipNumber}@${TEST_DOMAIN}`,
    password: options.password,
    register: options.register ?? true,
    session_timers: false,
    connection_recovery_min_interval: 1,
    connection_recovery_max_interval: 2,
    extra_headers: options.deviceKind ? [`X-Device-Kind: ${options.deviceKind}`] : undefined,
  });
}

/** Starts the UA and resolves when registered; rejects with JsSIP's cause when it fails. */
export function registerUa(ua: JsSIP.UA): Promise<void> {
  return new Promise((resolve, reject) => {
    ua.once('registered', () => resolve());
    ua.once('registrationFailed', (event: { cause?: string }) =>
      reject(new Error(`registration failed: ${event.cause}`)),
    );
    ua.start();
  });
}

export function stopUa(ua: JsSIP.UA): Promise<void> {
  return new Promise((resolve) => {
    if (!ua.isConnected()) {
      ua.stop();
      resolve();
      return;
    }
    ua.once('disconnected', () => resolve());
    ua.stop();
    setTimeout(resolve, 1000);
  });
}
