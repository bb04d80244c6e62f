/**
 * The SIP adapter over JsSIP: the only place that holds UA and RTCSession objects. Commands
 * come from the UI through SipAdapter; everything JsSIP reports reaches the store as plain
 * data through SipEventSink.
 */
import JsSIP from 'jssip';
import { attachSession, type CallEventContext } from './call-events';
import { incomingCallFields, targetUri, type InviteHeaders } from './call-mapping';
import { dtmfOptions, isDtmfString } from './dtmf';
import { DEFAULT_ICE_GATHERING_TIMEOUT_MS } from './ice-guard';
import type { JsSipModule, SessionLike, UaLike } from './jssip-types';
import { lowestFreeLine } from './lines';
import { createSipLogger, type RedactingLogger } from './logger';
import { SessionRegistry } from './session-registry';
import { realTimers, type Timers } from './timers';
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

const AUDIO_ONLY = { audio: true, video: false };

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
    finished: (id) => registry.remove(id),
    now,
    timers,
    iceGatheringTimeoutMs: config?.iceGatheringTimeoutMs ?? DEFAULT_ICE_GATHERING_TIMEOUT_MS,
    logger,
  });

  const newCallId = () => `call-${now().toString(36)}-${(nextId += 1)}`;

  const failCall = (id: string, error: unknown) => {
    logger.log('warn', 'call failed to start', { id, error: String(error) });
    patch(id, { state: 'ended', endedAt: now(), endReason: 'failed' });
    registry.remove(id);
  };

  const onNewSession = (event: {
    originator: string;
    session: SessionLike;
    request: InviteHeaders;
  }) => {
    if (event.originator === 'local') {
      const entry = pendingOutgoing ? registry.get(pendingOutgoing) : undefined;
      if (entry) attachSession(entry, event.session, callContext());
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
      line,
      waiting: fields.waiting,
      muted: false,
      held: false,
      startedAt: now(),
    };
    const entry = registry.add(info);
    attachSession(entry, event.session, callContext());
    sink.callAdded(info);
  };

  /** Detaches everything and stops the UA; resolves when it has closed (or after a while). */
  const shutdown = (): Promise<void> => {
    const current = ua;
    const stopWatching = unwatch;
    ua = undefined;
    unwatch = undefined;
    // No more registration reports from this UA: the caller reports what comes next.
    stopWatching?.();
    if (!current) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        timers.clearTimeout(timer);
        current.off('disconnected', finish);
        current.off('unregistered', finish);
        current.off('newRTCSession', onNewSession);
        resolve();
      };
      const timer = timers.setTimeout(finish, deps.stopTimeoutMs ?? 2500);
      const wasConnected = current.isConnected();
      current.on('disconnected', finish);
      if (current.isRegistered()) current.on('unregistered', finish);
      try {
        current.stop();
      } catch (error) {
        logger.log('warn', 'stopping the user agent failed', { error: String(error) });
      }
      if (!wasConnected) finish();
    });
  };

  return {
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
      unwatch = watchRegistration(created, report, { timers, logger, recovery });
      created.on('newRTCSession', onNewSession);
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

    call(target) {
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
      };
      registry.add(info);
      sink.callAdded(info);
      if (!ua || !config) {
        failCall(id, 'not signed in');
        return id;
      }
      const options = {
        mediaConstraints: AUDIO_ONLY,
        pcConfig: { iceServers: config.iceServers },
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
      };
      pendingOutgoing = id;
      try {
        const session = ua.call(targetUri(target, sipDomain(config.account)), options);
        const entry = registry.get(id);
        if (entry && !entry.session && entry.info.state !== 'ended') {
          attachSession(entry, session, callContext());
        }
      } catch (error) {
        failCall(id, error);
      } finally {
        pendingOutgoing = undefined;
      }
      return id;
    },

    answer(id) {
      const session = registry.session(id);
      if (!session) return;
      guarded('answer', () =>
        session.answer({
          mediaConstraints: AUDIO_ONLY,
          pcConfig: { iceServers: config?.iceServers ?? [] },
        }),
      );
    },

    decline(id) {
      const session = registry.session(id);
      if (session) {
        guarded('decline', () => session.terminate({ status_code: 603, reason_phrase: 'Decline' }));
      }
    },

    hangup(id) {
      const session = registry.session(id);
      if (session) guarded('hangup', () => session.terminate());
    },

    setMuted(id, muted) {
      const session = registry.session(id);
      if (!session) return;
      guarded('mute', () =>
        muted ? session.mute({ audio: true }) : session.unmute({ audio: true }),
      );
    },

    setHeld(id, held) {
      const session = registry.session(id);
      if (!session) return;
      guarded('hold', () => (held ? session.hold() : session.unhold()));
    },

    sendDtmf(id, digits, method) {
      const session = registry.session(id);
      if (!session || !config || !isDtmfString(digits)) return;
      const options = dtmfOptions(jssip, method ?? config.dtmfMethod);
      guarded('dtmf', () => session.sendDTMF(digits, options));
    },

    remoteStream(id) {
      const entry = registry.get(id);
      const receivers = entry?.session?.connection?.getReceivers() ?? [];
      const tracks = receivers.flatMap((receiver) => (receiver.track ? [receiver.track] : []));
      if (!entry || tracks.length === 0) return undefined;
      const cached = entry.stream;
      if (cached && tracks.every((track) => cached.getTracks().includes(track))) return cached;
      entry.stream = new MediaStream(tracks);
      return entry.stream;
    },
  };

  function guarded(action: string, run: () => unknown): void {
    try {
      run();
    } catch (error) {
      logger.log('warn', `${action} failed`, { error: String(error) });
    }
  }
}
