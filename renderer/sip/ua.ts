/**
 * The JsSIP user agent: built from the adapter config, registering as one device of the SIP
 * number (`X-Device-Kind` on REGISTER only, `+sip.instance` from the installation), and its
 * connection and registration events turned into RegistrationStatus reports.
 */
import { DEVICE_KIND_HEADER } from '../../shared/devices';
import type { JsSipModule, RegistrationFailedEvent, UaLike } from './jssip-types';
import type { SipLogger } from './logger';
import { PBX_REASON_HEADER } from './pbx-reason';
import { isTransportFailure, mapRegistrationProblem } from './registration-problem';
import type { Timers } from './timers';
import type { RegistrationProblem, RegistrationStatus, SipAdapterConfig } from './types';

/**
 * Reconnection backoff in whole seconds (JsSIP refuses fractions); JsSIP grows the wait
 * between these, 2 s to 30 s by default.
 */
export interface RecoveryIntervals {
  minSeconds: number;
  maxSeconds: number;
}

export const DEFAULT_RECOVERY: RecoveryIntervals = { minSeconds: 2, maxSeconds: 30 };

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
}

/**
 * Follows the UA: connecting → registering → registered, 'failed' with the problem. JsSIP
 * reconnects (and re-registers) by itself; a REGISTER that timed out or met a server error on
 * a live connection is retried here with the same backoff, since JsSIP would not.
 */
export function watchRegistration(ua: UaLike, report: RegistrationReport, options: WatchOptions) {
  const { timers, logger, recovery } = options;
  let transportProblem: RegistrationProblem | undefined;
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

  const handlers: Record<string, (event: never) => void> = {
    connecting: () => report('connecting', transportProblem),
    connected: () => {
      transportProblem = undefined;
      report('registering');
    },
    disconnected: () => {
      clearRetry();
      transportProblem = 'server-unreachable';
      report('connecting', transportProblem);
    },
    registered: () => {
      clearRetry();
      retries = 0;
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
      const problem = mapRegistrationProblem(facts);
      report('failed', problem);
      if (isTransportFailure(event.cause) || (status !== undefined && status >= 500)) {
        scheduleRetry();
      }
    },
  };
  for (const [event, handler] of Object.entries(handlers)) ua.on(event, handler);
  return () => {
    clearRetry();
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
