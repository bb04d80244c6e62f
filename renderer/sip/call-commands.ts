/**
 * The commands the UI gives a call that exists: answer, decline, hang up, mute, hold, tones,
 * and its remote audio. Each looks the session up by call id and never throws.
 */
import { audioConstraints } from './device-commands';
import { dtmfOptions, isDtmfString } from './dtmf';
import type { JsSipModule } from './jssip-types';
import { guarded as guardedBy, type SipLogger } from './logger';
import type { SessionRegistry } from './session-registry';
import type { SipAdapter, SipAdapterConfig } from './types';

export const AUDIO_ONLY = { audio: true, video: false };

export interface CallCommandDeps {
  jssip: JsSipModule;
  registry: SessionRegistry;
  logger: SipLogger;
  config(): SipAdapterConfig | undefined;
}

export type CallCommands = Pick<
  SipAdapter,
  'answer' | 'decline' | 'hangup' | 'setMuted' | 'setHeld' | 'sendDtmf' | 'remoteStream'
>;

/** What JsSIP offers when it makes the offer: audio only. */
export const AUDIO_OFFER = { offerToReceiveAudio: true, offerToReceiveVideo: false };

/**
 * What answering a call passes to JsSIP: audio only, the configured ICE servers, and for an
 * INVITE without SDP (late offer) the offer to put in the 200: without `rtcOfferConstraints`
 * JsSIP would open no microphone and offer no audio, since there is no remote offer to follow.
 */
export function answerOptions(config: SipAdapterConfig | undefined) {
  return {
    mediaConstraints: audioConstraints(config?.microphoneId),
    pcConfig: { iceServers: config?.iceServers ?? [] },
    rtcOfferConstraints: AUDIO_OFFER,
  };
}

export function createCallCommands({
  jssip,
  registry,
  logger,
  config,
}: CallCommandDeps): CallCommands {
  const guarded = (action: string, run: () => unknown) => void guardedBy(logger, action, run);

  return {
    answer(id) {
      const session = registry.session(id);
      if (session) guarded('answer', () => session.answer(answerOptions(config())));
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
      const current = config();
      if (!session || !current || !isDtmfString(digits)) return;
      const options = dtmfOptions(jssip, method ?? current.dtmfMethod);
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
}
