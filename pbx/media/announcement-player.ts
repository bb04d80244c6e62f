/**
 * Plays an announcement to a caller the PBX refuses, as early media (RFC 3960): rtpengine
 * takes the caller's offer as one side of a call of its own and a stand-in answer (G.711,
 * `sendonly`: nothing goes back) as the other; the caller gets rtpengine's answer in a `183`,
 * and `play media` sends the recording to it. The final refusal follows when it has played.
 */
import type { MediaBridge } from './media-bridge';
import { describeSdp } from './sdp-kind';

/** The side that stands in for the employee: it only "sends", so the caller's audio stays put. */
const STAND_IN_TAG = 'announcement';

/** An announcement set up for one caller: the SDP of its `183`, then `play()`, then `stop()`. */
export interface EarlyAnnouncement {
  /** The SDP answer for the caller's `183 Session Progress`. */
  sdp: string;
  /** Plays the recording; resolves when it has played (or `stop()` cut it short). */
  play(): Promise<void>;
  /** Ends it at once and frees rtpengine's ports; safe to call more than once. */
  stop(): Promise<void>;
}

export interface AnnouncementCall {
  /** The caller's Call-ID and From tag. */
  callId: string;
  fromTag: string;
  /** The caller's SDP offer (plain RTP: an IP phone, the carrier). */
  sdp: string;
  /** The recording, a WAV file. */
  wav: Buffer;
}

/** Sets up an announcement; throws (a `MediaBridgeError`) when rtpengine cannot. */
export async function earlyAnnouncement(
  bridge: MediaBridge,
  call: AnnouncementCall,
): Promise<EarlyAnnouncement> {
  // Its own rtpengine call: the caller's Call-ID may be bridged already toward an employee.
  const callId = `announcement-${call.callId}`;
  const leg = { callId, fromTag: call.fromTag };
  const offered = await bridge.offer({ ...leg, sdp: call.sdp, toward: 'plain' });
  try {
    const sdp = await bridge.answer({
      ...leg,
      toTag: STAND_IN_TAG,
      sdp: standInAnswer(offered),
      toward: 'plain',
    });
    let stopped = false;
    let wake: (() => void) | undefined;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      wake?.();
      await bridge.delete(leg).catch(() => {}); // logged by the bridge (`bridge.error`); the call is over anyway
    };
    const play = async () => {
      if (stopped) return;
      const ms = await bridge.play(callId, call.fromTag, call.wav);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, ms);
      });
    };
    return { sdp, play, stop };
  } catch (error) {
    await bridge.delete(leg).catch(() => {}); // logged by the bridge (`bridge.error`); the call is over anyway
    throw error;
  }
}

/** A G.711 answer to rtpengine's offer that only sends, at the discard port (RFC 863). */
function standInAnswer(offer: string): string {
  const codec =
    describeSdp(offer).codecs.find((c) => c.name === 'PCMA' || c.name === 'PCMU') ??
    ({ payloadType: 8, name: 'PCMA', clockRate: 8000 } as const);
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio 9 RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${codec.name}/8000`,
    'a=sendonly',
    '',
  ].join('\r\n');
}
