/**
 * The media bridge: rtpengine relays and translates audio between a WebRTC side (ICE,
 * DTLS-SRTP, rtcp-mux, Opus) and a plain RTP/AVP side (G.711). The PBX hands it each SDP
 * body of a bridged call leg and forwards the rewritten body instead.
 *
 * Forking: every branch of a forked INVITE is offered with its own `branch` (rtpengine's
 * `via-branch`), so each branch gets its own ports and the SDP its kind of device can use.
 * The answer of a branch names the same `branch`; a cancelled branch is deleted by it.
 */
import type { Logger } from 'pino';
import { NgClient, type NgParams, type NgReply } from './ng-client';
import type { MediaKind } from './sdp-kind';

/** Keys every bridged SDP gets: rtpengine's own address everywhere, no recording, no SDES. */
const COMMON: NgParams = {
  replace: ['origin', 'session-connection'],
  'record-call': 'no',
  SDES: ['off'],
};

/** Transport rewriting per kind of side that receives the SDP. */
const TRANSPORT: Record<MediaKind, NgParams> = {
  plain: {
    'transport-protocol': 'RTP/AVP',
    ICE: 'remove',
    DTLS: 'off',
    'rtcp-mux': ['demux'],
    flags: ['strip-extmap'],
  },
  webrtc: {
    'transport-protocol': 'UDP/TLS/RTP/SAVPF',
    ICE: 'force',
    // rtpengine waits for the browser's DTLS ClientHello instead of sending one before ICE.
    DTLS: 'passive',
    'rtcp-mux': ['offer', 'require'],
    flags: ['generate-mid'],
  },
};

/**
 * Codecs offered to each kind (rtpengine reads `codec` in offers only). Plain sides get G.711
 * only, PCMA first, transcoded when the offer lacks it; WebRTC sides get Opus added. Both keep
 * RFC 4733 DTMF (`telephone-event`), translated between clock rates when needed.
 */
const CODECS: Record<MediaKind, NgParams> = {
  plain: { mask: ['all'], transcode: ['PCMA', 'PCMU', 'telephone-event'] },
  webrtc: { transcode: ['opus', 'telephone-event'] },
};

/**
 * Toward the side that sent an offer: when it offers DTLS (`setup:actpass`, a WebRTC caller),
 * rtpengine would take the active role at once and send its ClientHello before the caller has
 * the answer, then turn passive with the answer (`DTLS: passive`); Chrome takes that early
 * ClientHello as the peer being the client and the handshake never completes (no audio).
 * `DTLS-reverse: passive` keeps rtpengine passive toward the offerer from the offer on.
 * Offers without DTLS (plain RTP) are unaffected.
 */
const TOWARD_OFFERER: NgParams = { 'DTLS-reverse': 'passive' };

/** The ng flags for an SDP that goes toward a side of kind `toward`. */
export function bridgeFlags(toward: MediaKind, verb: 'offer' | 'answer'): NgParams {
  const transport = TRANSPORT[toward];
  return verb === 'offer'
    ? { ...COMMON, ...transport, ...TOWARD_OFFERER, codec: CODECS[toward] }
    : { ...COMMON, ...transport };
}

/** A bridge failure; the PBX refuses the call (or the leg) with it. */
export class MediaBridgeError extends Error {
  constructor(
    readonly verb: 'offer' | 'answer' | 'delete' | 'play',
    readonly callId: string,
    cause: Error,
  ) {
    super(`media bridge could not ${verb} call ${callId}: ${cause.message}`, { cause });
    this.name = 'MediaBridgeError';
  }
}

/** One leg's offer: the SDP as received and the kind of side it is forwarded to. */
export interface BridgeOffer {
  callId: string;
  /** The tag of the side that sent this offer (the From tag of an initial INVITE). */
  fromTag: string;
  /** For a re-offer inside a dialog: the tag of the side that receives it. */
  toTag?: string;
  sdp: string;
  toward: MediaKind;
  /** One id per fork branch (the branch's Via branch), the same in that branch's answer. */
  branch?: string;
}

/** One leg's answer: the SDP as received and the kind of the offering side it goes back to. */
export interface BridgeAnswer {
  callId: string;
  /** The offering side's tag (the From tag of the INVITE), as in the offer. */
  fromTag: string;
  /** The answering side's tag (the To tag of the response). */
  toTag: string;
  sdp: string;
  toward: MediaKind;
  branch?: string;
}

/** What to tear down: the whole call, or one branch (by `toTag` or `branch`). */
export interface BridgeDelete {
  callId: string;
  fromTag: string;
  toTag?: string;
  branch?: string;
}

/** How the PBX reaches its rtpengine. */
export interface MediaBridgeOptions {
  /** rtpengine's ng address (`--listen-ng`). */
  host: string;
  port: number;
  /** How long one ng request may take before the call is refused. */
  timeoutMs?: number;
  log?: Logger;
}

/** One per PBX: drives one rtpengine over ng for every bridged call. */
export class MediaBridge {
  private readonly ng: NgClient;
  private readonly log: Logger | undefined;

  constructor(options: MediaBridgeOptions) {
    this.ng = new NgClient(options);
    this.log = options.log?.child({ module: 'media-bridge' });
  }

  /** Rewrites an offer for the receiving side; resolves with the SDP to forward. */
  async offer(leg: BridgeOffer): Promise<string> {
    const params = { ...bridgeFlags(leg.toward, 'offer'), ...dialogKeys(leg), sdp: leg.sdp };
    return this.sdpOf('offer', leg.callId, () => this.ng.offer(params));
  }

  /** Rewrites an answer for the offering side; resolves with the SDP to forward. */
  async answer(leg: BridgeAnswer): Promise<string> {
    const params = { ...bridgeFlags(leg.toward, 'answer'), ...dialogKeys(leg), sdp: leg.sdp };
    return this.sdpOf('answer', leg.callId, () =>
      this.ng.answer({ ...params, 'to-tag': leg.toTag }),
    );
  }

  /** Releases the call's (or one branch's) ports; an unknown call is not an error. */
  async delete(leg: BridgeDelete): Promise<void> {
    const reply = await this.run('delete', leg.callId, () => this.ng.delete(dialogKeys(leg)));
    if (reply.warning) this.log?.debug({ callId: leg.callId, warning: reply.warning }, 'delete');
  }

  /**
   * Plays a WAV file (its bytes) to the side `tag` names in a call rtpengine knows; resolves
   * with how long it plays, in milliseconds.
   */
  async play(callId: string, tag: string, wav: Buffer): Promise<number> {
    const reply = await this.run('play', callId, () =>
      this.ng.playMedia({ 'call-id': callId, 'from-tag': tag, blob: wav }),
    );
    return typeof reply.duration === 'number' ? reply.duration : 0;
  }

  /** Resolves when rtpengine answers; for health checks at start-up. */
  ping(): Promise<void> {
    return this.ng.ping();
  }

  /** Closes the ng socket; calls in rtpengine time out there on their own. */
  close(): Promise<void> {
    return this.ng.close();
  }

  private async sdpOf(
    verb: 'offer' | 'answer',
    callId: string,
    send: () => Promise<NgReply>,
  ): Promise<string> {
    const reply = await this.run(verb, callId, send);
    if (typeof reply.sdp !== 'string') {
      throw new MediaBridgeError(verb, callId, new Error('rtpengine replied without an SDP'));
    }
    if (reply.warning) this.log?.warn({ callId, warning: reply.warning }, `rtpengine ${verb}`);
    return reply.sdp;
  }

  private async run(verb: MediaBridgeError['verb'], callId: string, send: () => Promise<NgReply>) {
    try {
      return await send();
    } catch (error) {
      const failure = new MediaBridgeError(verb, callId, error as Error);
      this.log?.warn(
        { event: 'bridge.error', verb, callId, error: failure.message },
        'bridge.error',
      );
      throw failure;
    }
  }
}

/** The ng keys that name a call, a side and a branch. */
function dialogKeys(leg: { callId: string; fromTag: string; toTag?: string; branch?: string }) {
  return {
    'call-id': leg.callId,
    'from-tag': leg.fromTag,
    ...(leg.toTag === undefined ? {} : { 'to-tag': leg.toTag }),
    ...(leg.branch === undefined ? {} : { 'via-branch': leg.branch }),
  };
}
