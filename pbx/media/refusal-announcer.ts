/**
 * Tells a refused caller why, in words (SPEC §3 Announcements): a carrier's client or an IP
 * phone refused as absent, disabled, busy on all channels or unanswered hears the recording as
 * early media — a `183 Session Progress` with rtpengine's SDP, the recording, then the refusal
 * itself. Callers that speak WebRTC (the softphone) get the refusal at once and show its words.
 */
import type { Logger } from 'pino';
import type { AnnouncementLanguage } from '../../shared/announcement-texts';
import type { Body } from '../sip/dialog';
import type { Announcements } from './announcements';
import { earlyAnnouncement } from './announcement-player';
import type { MediaBridge } from './media-bridge';
import { describeSdpKind } from './sdp-kind';

export interface RefusalAnnouncerDeps {
  bridge: MediaBridge;
  announcements: Announcements;
  /** The company's announcement language (an admin setting). */
  languageOf(companyId: number): AnnouncementLanguage;
  /** When the employee of a SIP number is back from a current absence, if they are away. */
  returnOf(sipNumber: string): number | undefined;
  log?: Logger;
}

/** One refused call: who is refused, what they offered, why. */
export interface RefusedCall {
  callId: string;
  fromTag: string;
  /** The caller's SDP offer ('' without one: nothing to play to). */
  sdp: string;
  companyId: number;
  /** The SIP number the caller dialled (its absence gives the return date). */
  calleeNumber: string;
  /** The refusal's `X-Pbx-Reason` token. */
  token: string | undefined;
}

/** What the announcer needs of the caller's INVITE transaction. */
export interface EarlyMediaSink {
  /** Sends `183 Session Progress` with this SDP body. */
  progress(body: Body): void;
  /** Registers what to do when the caller gives up (CANCEL) meanwhile. */
  onCancel(stop: () => void): void;
}

export class RefusalAnnouncer {
  constructor(private readonly deps: RefusalAnnouncerDeps) {}

  /**
   * Plays the refusal's announcement to the caller, when it has one and the caller speaks
   * plain RTP; resolves when the final refusal may go (at once when there is nothing to play,
   * or rtpengine fails: the refusal is what matters).
   */
  async announce(call: RefusedCall, sink: EarlyMediaSink): Promise<void> {
    const { announcements, bridge, log } = this.deps;
    if (!call.sdp || describeSdpKind(call.sdp) !== 'plain') return;
    const language = this.deps.languageOf(call.companyId);
    const returnsAt =
      call.token === 'employee-absent' ? this.deps.returnOf(call.calleeNumber) : undefined;
    let wav: Buffer | undefined;
    try {
      wav = announcements.forRefusal(call.companyId, call.token, language, returnsAt);
    } catch (error) {
      log?.warn({ callId: call.callId, error: String(error) }, 'announcement.unreadable');
    }
    if (!wav) return;
    const { callId, fromTag, sdp } = call;
    const announcement = await earlyAnnouncement(bridge, { callId, fromTag, sdp, wav }).catch(
      () => undefined, // the bridge logged why (`bridge.error`)
    );
    if (!announcement) return;
    try {
      sink.onCancel(() => void announcement.stop());
      sink.progress({ type: 'application/sdp', data: Buffer.from(announcement.sdp) });
      await announcement.play();
    } catch {
      // `bridge.error` is logged; the refusal follows all the same
    } finally {
      await announcement.stop();
    }
  }
}
