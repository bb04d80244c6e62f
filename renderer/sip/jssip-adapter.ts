/**
 * The SIP adapter over JsSIP: the only place that holds UA and RTCSession objects. Commands
 * come from the UI through SipAdapter; everything JsSIP reports reaches the store as plain
 * data through SipEventSink.
 */
import JsSIP from 'jssip';
import { answerOptions, AUDIO_OFFER, createCallCommands } from './call-commands';
import { attachSession, type CallEventContext } from './call-events';
import { incomingCallFields, targetUri, type InviteHeaders } from './call-mapping';
import { audioConstraints, createDeviceCommands } from './device-commands';
import { DEFAULT_ICE_GATHERING_TIMEOUT_MS } from './ice-guard';
import type { JsSipModule, SessionLike, UaLike } from './jssip-types';
import { lowestFreeLine } from './lines';
import { createSipLogger, type RedactingLogger } from './logger';
import { SessionRegistry, type CallEntry } from './session-registry';
import { realTimers, type Timers } from './timers';
import { createTransferCommands } from './transfer-commands';
import { watchReceivedTransfers } from './transfer-received';
import type {
  CallInfo,
  RegistrationProblem,
  RegistrationStatus,
  SipAdapter,
  SipAdapterConfig,
  SipEventSink,
} from './types';
import {
  createUserAgent,
  DEFAULT_RECOVERY,
  sipDomain,
  stopUserAgent,
  watchRegistration,
  type RecoveryIntervals,
} from './ua';

export interface JsSipAdapterDeps {
  JsSIP?: JsSipModule;
  timers?: Timers;
  now?: () => number;
  logger?: RedactingLogger;
  /** Reconnection backoff (default 2 s to 30 s); tests shorten it. */
  recovery?: RecoveryIntervals;
  /** Longest wait in stop() for the UA to unregister and close (default 2.5 s). */
  stopTimeoutMs?: number;
}

export function createJsSipAdapter(sink: SipEventSink, deps: JsSipAdapterDeps = {}): SipAdapter {
  const jssip = deps.JsSIP ?? JsSIP;
  const timers = deps.timers ?? realTimers;
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? createSipLogger({ scope: 'sip' });
  const recovery = deps.recovery ?? DEFAULT_RECOVERY;
  const registry = new SessionRegistry();

  let ua: UaLike | undefined;
  let config: SipAdapterConfig | undefined;
  let unwatch: (() => void) | undefined;
  let pendingOutgoing: string | undefined;
  let lastReport = '';
  let nextId = 0;
  /** Sessions a transfer made: the newRTCSession handler leaves them alone. */
  const claimed = new WeakSet<SessionLike>();

  const report = (status: RegistrationStatus, problem?: RegistrationProblem) => {
    const key = `${status}/${problem ?? ''}`;
    if (key === lastReport) return;
    lastReport = key;
    logger.log('info', 'registration', { status, problem });
    sink.registrationChanged(status, problem);
  };

  const patch = (id: string, change: Partial<CallInfo>) => {
    const entry = registry.get(id);
    if (!entry) return;
    const keys = Object.keys(change) as (keyof CallInfo)[];
    const changed = keys.filter((key) => entry.info[key] !== change[key]);
    if (changed.length === 0) return;
    entry.info = { ...entry.info, ...change };
    sink.callChanged(id, Object.fromEntries(changed.map((key) => [key, change[key]])));
  };

  const callContext = (): CallEventContext => ({
    patch,
    dtmfReceived: (id, digit) => sink.dtmfReceived(id, digit),
    finished: (id) => finish(id),
    now,
    timers,
    iceGatheringTimeoutMs: config?.iceGatheringTimeoutMs ?? DEFAULT_ICE_GATHERING_TIMEOUT_MS,
    logger,
  });

  const newCallId = () => `call-${now().toString(36)}-${(nextId += 1)}`;

  const finish = (id: string) => {
    const entry = registry.get(id);
    if (entry) callFinished(entry);
    registry.remove(id);
  };

  const failCall = (id: string, error: unknown) => {
    logger.log('warn', 'call failed to start', { id, error: String(error) });
    patch(id, { state: 'ended', endedAt: now(), endReason: 'failed' });
    finish(id);
  };

  const callOptions = () => ({
    mediaConstraints: audioConstraints(config?.microphoneId),
    pcConfig: { iceServers: config?.iceServers ?? [] },
    rtcOfferConstraints: AUDIO_OFFER,
  });

  /** Follows a session on a call: its life, and transfers the other side makes. */
  const track = (entry: CallEntry, session: SessionLike) => {
    const ctx = callContext();
    attachSession(entry, session, ctx);
    const detachCall = entry.detach;
    const unwatch = watchReceivedTransfers(entry, session, {
      ...ctx,
      callOptions,
      answerOptions: () => answerOptions(config),
      track,
      claim: (next) => claimed.add(next),
    });
    entry.detach = () => {
      detachCall?.();
      unwatch();
    };
  };

  const onNewSession = (event: {
    originator: string;
    session: SessionLike;
    request: InviteHeaders;
  }) => {
    if (claimed.has(event.session)) return;
    if (event.originator === 'local') {
      const entry = pendingOutgoing ? registry.get(pendingOutgoing) : undefined;
      if (entry) track(entry, event.session);
      return;
    }
    const fields = incomingCallFields(event.request);
    const taken = registry.lines();
    const line =
      fields.line !== undefined && !taken.includes(fields.line)
        ? fields.line
        : lowestFreeLine(taken);
    const info: CallInfo = {
      id: newCallId(),
      direction: 'incoming',
      state: 'ringing',
      remoteNumber: fields.remoteNumber,
      ...(fields.remoteName ? { remoteName: fields.remoteName } : {}),
      ...(fields.transferredBy ? { transferredBy: fields.transferredBy } : {}),
      line,
      waiting: fields.waiting,
      muted: false,
      held: false,
      startedAt: now(),
    };
    const entry = registry.add(info);
    track(entry, event.session);
    sink.callAdded(info);
  };

  /**
   * The WebSocket to the PBX closed: every call's dialog went through it (the PBX's
   * Record-Route names that connection), so no BYE or re-INVITE can reach us any more, and
   * JsSIP would leave the session open. Each call ends now, saying the connection was lost.
   */
  const onTransportLost = () => {
    for (const id of registry.ids()) {
      const entry = registry.get(id);
      if (!entry || entry.info.state === 'ended') continue;
      patch(id, { state: 'ended', endedAt: now(), endReason: 'failed', failure: 'connection' });
      try {
        entry.session?.terminate();
      } catch (error) {
        logger.log('warn', 'ending a call after the connection closed', { error: String(error) });
      }
      finish(id);
    }
  };

  const calls = createCallCommands({ jssip, registry, logger, config: () => config });
  const devices = createDeviceCommands({ registry, logger, ua: () => ua });
  const { callFinished, ...transfers } = createTransferCommands({
    registry,
    patch,
    timers,
    logger,
    uriOf: (number) => (config ? targetUri(number, sipDomain(config.account)) : undefined),
    placeCall: (target, extra) => placeCall(target, extra),
  });

  /** Detaches everything and stops the UA; resolves when it has closed (or after a while). */
  const shutdown = (): Promise<void> => {
    const current = ua;
    const stopWatching = unwatch;
    ua = undefined;
    unwatch = undefined;
    // No more registration reports from this UA: the caller reports what comes next.
    stopWatching?.();
    if (!current) return Promise.resolve();
    current.off('newRTCSession', onNewSession);
    current.off('disconnected', onTransportLost);
    return stopUserAgent(current, { timers, logger, timeoutMs: deps.stopTimeoutMs ?? 2500 });
  };

  const adapter: SipAdapter = {
    start(next) {
      // A previous UA of this installation unregisters first: its un-REGISTER names the same
      // +sip.instance and would otherwise remove the binding the new UA makes.
      const previous = shutdown();
      config = next;
      lastReport = '';
      logger.addSecret(next.account.password);
      report('connecting');
      try {
        ua = createUserAgent(jssip, next, recovery);
      } catch (error) {
        logger.log('error', 'cannot create the user agent', { error: String(error) });
        report('failed', error instanceof TypeError ? 'server-unreachable' : 'unknown');
        return;
      }
      const created = ua;
      unwatch = watchRegistration(created, report, {
        timers,
        logger,
        recovery,
        deviceCredential: next.account.authorizationUser !== undefined,
      });
      created.on('newRTCSession', onNewSession);
      created.on('disconnected', onTransportLost);
      void previous.then(() => {
        if (ua === created) created.start();
      });
    },

    async stop() {
      await shutdown();
      for (const id of registry.ids()) {
        patch(id, { state: 'ended', endedAt: now(), endReason: 'hangup-local' });
        registry.remove(id);
      }
      report('signed-out');
    },

    call: (target) => placeCall(target, {}),
    ...calls,
    ...transfers,
    ...devices,
    setMicrophone(deviceId) {
      if (config) config = { ...config, microphoneId: deviceId };
      return devices.setMicrophone(deviceId);
    },

    restart() {
      if (config) adapter.start(config);
    },
  };
  return adapter;

  /** Starts an outgoing call (extra fields: a consultation's link, the target's name). */
  function placeCall(target: string, extra: Partial<CallInfo>): string {
    const id = newCallId();
    const info: CallInfo = {
      id,
      direction: 'outgoing',
      state: 'dialing',
      remoteNumber: target,
      line: lowestFreeLine(registry.lines()),
      waiting: false,
      muted: false,
      held: false,
      startedAt: now(),
      ...extra,
    };
    registry.add(info);
    sink.callAdded(info);
    if (!ua || !config) {
      failCall(id, 'not signed in');
      return id;
    }
    pendingOutgoing = id;
    try {
      const session = ua.call(targetUri(target, sipDomain(config.account)), callOptions());
      const entry = registry.get(id);
      if (entry && !entry.session && entry.info.state !== 'ended') track(entry, session);
    } catch (error) {
      failCall(id, error);
    } finally {
      pendingOutgoing = undefined;
    }
    return id;
  }
}
