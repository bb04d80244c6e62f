/**
 * Commands about this device rather than a call's dialog: register again now, decline here
 * only (do not disturb), switch the microphone without renegotiation, read a call's statistics.
 */
import type { SessionLike, UaLike } from './jssip-types';
import type { SipLogger } from './logger';
import type { SessionRegistry } from './session-registry';
import type { SipAdapter } from './types';

export type DeviceCommands = Pick<
  SipAdapter,
  'reregister' | 'declineHere' | 'setMicrophone' | 'callStats'
>;

export interface DeviceCommandDeps {
  registry: SessionRegistry;
  logger: SipLogger;
  ua(): UaLike | undefined;
  /** Opens a microphone; `navigator.mediaDevices.getUserMedia` by default. */
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
}

/**
 * Audio only, from the chosen microphone when there is one. `exact`, since Chromium ignores a
 * merely preferred audio device; the settings forget a microphone that is no longer plugged in.
 */
export function audioConstraints(microphoneId?: string) {
  return { audio: microphoneId ? { deviceId: { exact: microphoneId } } : true, video: false };
}

/** The part of an RTCRtpSender the switch uses. */
interface SenderLike {
  readonly track: MediaStreamTrack | null;
  replaceTrack(track: MediaStreamTrack | null): Promise<void>;
}

/** The part of a session's RTCPeerConnection these commands use. */
interface MediaConnection {
  getSenders(): SenderLike[];
  getStats(): Promise<RTCStatsReport>;
}

/** The session's peer connection, once JsSIP has made one. */
function mediaConnection(session: SessionLike | undefined): MediaConnection | undefined {
  const connection: object | null | undefined = session?.connection;
  if (!connection || !('getSenders' in connection) || !('getStats' in connection)) return undefined;
  return connection as MediaConnection;
}

const defaultGetUserMedia = (constraints: MediaStreamConstraints) =>
  navigator.mediaDevices.getUserMedia(constraints);

export function createDeviceCommands({
  registry,
  logger,
  ua,
  getUserMedia = defaultGetUserMedia,
}: DeviceCommandDeps): DeviceCommands {
  /** Puts the chosen microphone on one call's audio sender; the old track is released. */
  const switchSender = async (session: SessionLike, sender: SenderLike, deviceId?: string) => {
    const stream = await getUserMedia(audioConstraints(deviceId));
    const [track] = stream.getAudioTracks();
    if (!track) throw new Error('no audio track');
    const old = sender.track;
    // A muted call stays muted: JsSIP mutes by disabling the sender's track.
    track.enabled = old?.enabled ?? true;
    await sender.replaceTrack(track);
    old?.stop();
    // JsSIP stops only the tracks it opened itself: this one is released when the call ends.
    const release = () => {
      track.stop();
      session.off('ended', release);
      session.off('failed', release);
    };
    session.on('ended', release);
    session.on('failed', release);
  };

  return {
    reregister() {
      const current = ua();
      if (!current) return;
      if (!current.isConnected()) {
        // JsSIP is reconnecting by itself, and registers as soon as the connection is back.
        logger.log('info', 're-register: not connected yet');
        return;
      }
      logger.log('info', 'registering again now');
      try {
        current.register();
      } catch (error) {
        logger.log('warn', 're-register failed', { error: String(error) });
      }
    },

    declineHere(id) {
      const entry = registry.get(id);
      if (!entry?.session || entry.info.direction !== 'incoming' || entry.info.state !== 'ringing')
        return;
      try {
        entry.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      } catch (error) {
        logger.log('warn', 'decline here failed', { error: String(error) });
      }
    },

    async setMicrophone(deviceId) {
      const switches = registry.ids().flatMap((id) => {
        const session = registry.session(id);
        const senders = mediaConnection(session)?.getSenders() ?? [];
        const audio = senders.filter((sender) => sender.track?.kind === 'audio');
        return session ? audio.map((sender) => switchSender(session, sender, deviceId)) : [];
      });
      const outcomes = await Promise.allSettled(switches);
      const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
      for (const failure of failed) {
        logger.log('warn', 'switching the microphone failed', { error: String(failure.reason) });
      }
      return failed.length === 0;
    },

    async callStats(id) {
      const connection = mediaConnection(registry.session(id));
      return connection?.getStats().catch(() => undefined);
    },
  };
}
