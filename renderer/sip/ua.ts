/**
 * The JsSIP user agent: built from the adapter config, registering as one device of the SIP
 * number (`X-Device-Kind` on REGISTER only, `+sip.instance` from the installation), and its
 * connection and registration events turned into RegistrationStatus reports.
 */
import { droppedReason } from '../../shared/device-drop';
import { DEVICE_KIND_HEADER } from '../../shared/devices';
import type { JsSipModule, RegistrationFailedEvent, UaLike } from './jssip-types';
import type { SipLogger } from './logger';
import { PBX_REASON_HEADER } from './pbx-reason';
import {
  droppedProblem,
  isTransportFailure,
  mapRegistrationProblem,
  mayPassLater,
  stopsRegistering,
} from './registration-problem';
import type { Timers } from './timers';
import type { RegistrationProblem, RegistrationStatus, SipAdapterConfig } from './types';

/** Reconnection backoff in whole seconds (JsSIP refuses fractions). */
export interface RecoveryIntervals {
  minSeconds: number;
  maxSeconds: number;
}

/**
 * JsSIP waits between attempts a random time up to 2^attempt seconds, clamped to these: the
 * longest wait bounds how late a PBX that came back is noticed (within 10 s, issue 23).
 */
export const DEFAULT_RECOVERY: RecoveryIntervals = { minSeconds: 2, maxSeconds: 8 };

/** The SIP domain: the configured one, else the host name of the server URL. */
export function sipDomain(account: SipAdapterConfig['account']): string {
  if (account.domain) return account.domain;
  return new URL(account.server).hostname;
}

export function createUserAgent(
  jssip: JsSipModule,
  config: SipAdapterConfig,
  recovery: RecoveryIntervals,
): UaLike {
  const { account } = config;
  const socket = new jssip.WebSocketInterface(account.server);
  const ua = new jssip.UA({
    sockets: [socket],
    uri: `sip:${account.sipNumber}@${sipDomain(account)}`,
    password: account.password,
    ...(account.authorizationUser ? { authorization_user: account.authorizationUser } : {}),
    instance_id: config.instanceId,
    register: true,
    connection_recovery_min_interval: wholeSeconds(recovery.minSeconds),
    connection_recovery_max_interval: wholeSeconds(
      Math.max(recovery.minSeconds, recovery.maxSeconds),
    ),
  }) as unknown as UaLike;
  // UA-wide extra_headers would go on every request; the PBX wants the kind on REGISTER.
  ua.registrator().setExtraHeaders([`${DEVICE_KIND_HEADER}: ${config.deviceKind}`]);
  return ua;
}

function wholeSeconds(seconds: number): number {
  return Math.max(1, Math.round(seconds));
}

export type RegistrationReport = (
  status: RegistrationStatus,
  problem?: RegistrationProblem,
) => void;

export interface WatchOptions {
  timers: Timers;
  logger: SipLogger;
  recovery: RecoveryIntervals;
  /** How long the first connection may take before the address is called wrong (5 s). */
  firstConnectMs?: number;
  /** Registering with a device credential: a refused one has ended, never "wrong password". */
  deviceCredential?: boolean;
}

/** A wrong server address is said within 5 s (issue 23): a blackholed host never refuses. */
export const FIRST_CONNECT_MS = 4000;

/** What JsSIP's 'disconnected' event carries from the WebSocket's close. */
interface DisconnectedEvent {
  code?: number;
  reason?: string;
}

/**
 * Follows the UA: connecting → registering → registered, 'failed' with the problem. JsSIP
 * reconnects (and re-registers) by itself; a REGISTER that timed out or met a server error on
 * a live connection is retried here with the same backoff, since JsSIP would not, and so is one
 * refused for a reason an admin can lift (a disabled number). A connection the PBX closed with
 * a drop notice says why; where only a new sign-in helps, the UA stops. A first connection that
 * fails, or takes longer than `firstConnectMs`, means a wrong address: the UA stops.
 */
export function watchRegistration(ua: UaLike, report: RegistrationReport, options: WatchOptions) {
  const { timers, logger, recovery } = options;
  let problem: RegistrationProblem | undefined;
  let everConnected = false;
  let retryTimer: unknown;
  let retries = 0;
  const clearRetry = () => {
    if (retryTimer !== undefined) timers.clearTimeout(retryTimer);
    retryTimer = undefined;
  };
  const scheduleRetry = () => {
    clearRetry();
    retries += 1;
    const seconds = Math.min(recovery.maxSeconds, recovery.minSeconds * 2 ** (retries - 1));
    retryTimer = timers.setTimeout(() => {
      retryTimer = undefined;
      if (ua.isConnected()) ua.register();
    }, seconds * 1000);
  };
  let stopped = false;
  const giveUp = (why: RegistrationProblem) => {
    if (stopped) return;
    stopped = true;
    clearRetry();
    timers.clearTimeout(firstConnect);
    problem = why;
    report('failed', why);
    try {
      ua.stop();
    } catch (error) {
      logger.log('warn', 'stopping the user agent failed', { error: String(error) });
    }
  };
  const firstConnect = timers.setTimeout(() => {
    if (!everConnected) giveUp('server-not-found');
  }, options.firstConnectMs ?? FIRST_CONNECT_MS);

  const handlers: Record<string, (event: never) => void> = {
    connecting: () => {
      if (problem && stopsRegistering(problem)) return;
      report('connecting', problem);
    },
    connected: () => {
      everConnected = true;
      timers.clearTimeout(firstConnect);
      // The PBX answers again; what a drop said stays until the REGISTER is answered.
      if (problem === 'server-unreachable') problem = undefined;
      report('registering', problem);
    },
    disconnected: (event: DisconnectedEvent | undefined) => {
      clearRetry();
      if (!everConnected) return giveUp('server-not-found');
      const dropped = droppedReason(event?.code, event?.reason);
      if (dropped) {
        logger.log('warn', 'the PBX dropped this device', { reason: dropped });
        const why = droppedProblem(dropped);
        if (stopsRegistering(why)) return giveUp(why);
        problem = why;
        return report('failed', why);
      }
      if (problem && stopsRegistering(problem)) return;
      problem = 'server-unreachable';
      report('connecting', problem);
    },
    registered: () => {
      clearRetry();
      retries = 0;
      // What was said about a drop stays with the store (a notice); the status is clear now.
      problem = undefined;
      report('registered');
    },
    registrationFailed: (event: RegistrationFailedEvent) => {
      const status = event.response?.status_code;
      const facts = {
        cause: event.cause,
        status,
        pbxReason: event.response?.getHeader(PBX_REASON_HEADER),
      };
      logger.log('warn', 'registration failed', facts);
      // A broken connection: 'disconnected' follows and JsSIP reconnects.
      if (event.cause === 'Connection Error') return;
      const mapped = mapRegistrationProblem(facts);
      const refused =
        options.deviceCredential && mapped === 'wrong-password' ? 'device-sign-in-ended' : mapped;
      if (stopsRegistering(refused)) return giveUp(refused);
      problem = refused;
      report('failed', refused);
      const transient = isTransportFailure(event.cause) || (status !== undefined && status >= 500);
      if (transient || mayPassLater(refused)) scheduleRetry();
    },
  };
  for (const [event, handler] of Object.entries(handlers)) ua.on(event, handler);
  return () => {
    clearRetry();
    timers.clearTimeout(firstConnect);
    for (const [event, handler] of Object.entries(handlers)) ua.off(event, handler);
  };
}

/** Stops the UA; resolves once it has unregistered and closed, or after `timeoutMs`. */
export function stopUserAgent(
  ua: UaLike,
  options: { timers: Timers; logger: SipLogger; timeoutMs: number },
): Promise<void> {
  const { timers, logger } = options;
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      timers.clearTimeout(timer);
      ua.off('disconnected', finish);
      ua.off('unregistered', finish);
      resolve();
    };
    const timer = timers.setTimeout(finish, options.timeoutMs);
    const wasConnected = ua.isConnected();
    ua.on('disconnected', finish);
    if (ua.isRegistered()) ua.on('unregistered', finish);
    try {
      ua.stop();
    } catch (error) {
      logger.log('warn', 'stopping the user agent failed', { error: String(error) });
    }
    if (!wasConnected) finish();
  });
}
