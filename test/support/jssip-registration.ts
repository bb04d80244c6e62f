import { randomUUID } from 'node:crypto';
import JsSIP from 'jssip';
import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import type { UnRegisteredEvent } from 'jssip/lib/UA';
import './jssip';
import { TEST_DOMAIN } from './pbx';

/** A JsSIP user agent whose `+sip.instance` the test knows, to find its binding. */
export interface DeviceUa {
  ua: JsSIP.UA;
  instanceId: string;
}

/** A JsSIP UA over WebSocket as the softphone runs it; no `deviceKind` makes it third-party. */
export function deviceUa(options: {
  httpPort: number;
  sipNumber: string;
  password: string;
  deviceKind?: string;
  /** A digest user name other than the SIP number (a device credential's). */
  authorizationUser?: string;
  instanceId?: string;
}): DeviceUa {
  const instanceId = options.instanceId ?? randomUUID();
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(`ws://127.0.0.1:${options.httpPort}`)],
    uri: `sip:${options.sipNumber}@${TEST_DOMAIN}`,
    password: options.password,
    ...(options.authorizationUser ? { authorization_user: options.authorizationUser } : {}),
    instance_id: instanceId,
    session_timers: false,
    extra_headers: options.deviceKind ? [`X-Device-Kind: ${options.deviceKind}`] : undefined,
  });
  return { ua, instanceId };
}

/** How a REGISTER ended, as JsSIP reports it to the softphone. */
export type RegistrationResult =
  | { registered: true }
  | { registered: false; cause: string; status?: number; reason?: string; pbxReason?: string };

function failure(event: UnRegisteredEvent): RegistrationResult {
  const response = event.response as IncomingResponse | null;
  return {
    registered: false,
    cause: String(event.cause),
    status: response?.status_code,
    reason: response?.reason_phrase,
    pbxReason: response?.getHeader('X-Pbx-Reason'),
  };
}

/** Starts the UA and resolves with its first registration's outcome. */
export function startRegistration(ua: JsSIP.UA): Promise<RegistrationResult> {
  return new Promise((resolve) => {
    const onRegistered = () => {
      ua.removeListener('registrationFailed', onFailed);
      resolve({ registered: true });
    };
    const onFailed = (event: UnRegisteredEvent) => {
      ua.removeListener('registered', onRegistered);
      resolve(failure(event));
    };
    ua.once('registered', onRegistered);
    ua.once('registrationFailed', onFailed);
    ua.start();
  });
}

/**
 * Resolves with the close code and reason of the UA's next disconnection: a device the PBX drops
 * is told why by the close of its WebSocket (shared/device-drop.ts). Call before the drop.
 */
export function nextDisconnect(ua: JsSIP.UA, ms = 3000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the PBX did not close the socket')), ms);
    ua.once('disconnected', (event: { code?: number; reason?: string }) => {
      clearTimeout(timer);
      resolve({ code: event.code ?? 0, reason: event.reason ?? '' });
    });
  });
}
