import type { CallMedia } from '../routing/dialogs';
import type { BranchMedia, ForkTarget } from '../routing/proxy-call';
import type { SipMessage, SipRequest } from '../sip/message';
import type { Flow } from '../sip/transport/flow';
import type { MediaBridge } from './media-bridge';
import { sdpOf, setSdp } from './sdp-body';
import type { MediaKind } from './sdp-kind';

/** Devices on a WebSocket are WebRTC softphones (RFC 7118); UDP and TCP ones speak plain RTP. */
export function deviceKind(flow: Flow): MediaKind {
  return flow.protocol === 'ws' || flow.protocol === 'wss' ? 'webrtc' : 'plain';
}

/** One side of a bridged call as rtpengine names it: its SIP tag, and what it speaks. */
export interface MediaSide {
  tag: string;
  kind: MediaKind;
}

/** The message's SDP ('' when it has none: the bridge then refuses, and says so). */
const sdpIn = (message: SipMessage) => sdpOf(message) ?? '';

/**
 * The bridge for a call the PBX proxies between two employees' devices: a branch is bridged
 * when its device speaks the other kind of media than the caller (a softphone calling an IP
 * phone); branches of the same kind stay direct. rtpengine names the call by its Call-ID and
 * each side by its SIP tag.
 */
export class ProxiedCallMedia implements BranchMedia, CallMedia {
  private readonly bridgedBranches = new Set<string>();
  /** Set when a bridged branch answered: the dialog's media then stays bridged. */
  private callee?: MediaSide;

  constructor(
    private readonly bridge: MediaBridge,
    private readonly callId: string,
    private readonly caller: MediaSide,
    /** The INVITE had no SDP: the callee's 2xx offers, the caller's ACK answers (RFC 3264). */
    private readonly lateOffer = false,
  ) {}

  async offer(request: SipRequest, target: ForkTarget, branchId: string): Promise<void> {
    const toward = deviceKind(target.flow);
    if (toward === this.caller.kind) return;
    this.bridgedBranches.add(branchId);
    const { callId, caller } = this;
    setSdp(
      request,
      await this.bridge.offer({
        callId,
        fromTag: caller.tag,
        sdp: sdpIn(request),
        toward,
        branch: branchId,
      }),
    );
  }

  async answer(response: SipMessage, target: ForkTarget, branchId: string): Promise<void> {
    if (this.lateOffer) return this.calleeOffers(response, target);
    if (!this.bridgedBranches.has(branchId)) return;
    const toTag = response.toTag ?? '';
    const sdp = await this.bridge.answer({
      callId: this.callId,
      fromTag: this.caller.tag,
      toTag,
      sdp: sdpIn(response),
      toward: this.caller.kind,
      branch: branchId,
    });
    setSdp(response, sdp);
    if ('status' in response && response.status >= 200) {
      this.callee = { tag: toTag, kind: deviceKind(target.flow) };
    }
  }

  /** Late offer: the SDP of a branch's 18x or 2xx is the callee's offer, bridged toward the caller. */
  private async calleeOffers(response: SipMessage, target: ForkTarget): Promise<void> {
    const kind = deviceKind(target.flow);
    if (kind === this.caller.kind) return;
    const tag = response.toTag ?? '';
    const { callId, caller } = this;
    setSdp(
      response,
      await this.bridge.offer({ callId, fromTag: tag, sdp: sdpIn(response), toward: caller.kind }),
    );
    if ('status' in response && response.status >= 200) this.callee = { tag, kind };
  }

  /** Late offer: the caller's answer in the ACK goes through the bridge toward the callee. */
  async ackAnswer(ack: SipRequest): Promise<void> {
    const { callee, callId, caller } = this;
    if (!this.lateOffer || !callee || !sdpOf(ack)) return;
    const sdp = await this.bridge.answer({
      callId,
      fromTag: callee.tag,
      toTag: caller.tag,
      sdp: sdpIn(ack),
      toward: callee.kind,
    });
    setSdp(ack, sdp);
  }

  dropBranch(_target: ForkTarget, branchId: string): void {
    if (!this.bridgedBranches.delete(branchId)) return;
    const { callId, caller } = this;
    // A failed delete was logged by the bridge (`bridge.error`); rtpengine times the ports out.
    void this.bridge.delete({ callId, fromTag: caller.tag, branch: branchId }).catch(() => {});
  }

  inDialog(request: SipRequest): BranchMedia | undefined {
    const { callee, caller } = this;
    if (!callee) return undefined;
    const fromCaller = request.fromTag === caller.tag;
    const [sender, receiver] = fromCaller ? [caller, callee] : [callee, caller];
    return reofferThrough(this.bridge, this.callId, sender, receiver);
  }

  release(): void {
    if (this.bridgedBranches.size === 0 && !this.callee) return;
    // A failed delete was logged by the bridge (`bridge.error`); rtpengine times the call out.
    void this.bridge.delete({ callId: this.callId, fromTag: this.caller.tag }).catch(() => {});
  }
}

/** The bridge's rewriting of one offer and its answer inside a dialog (fits `BranchMedia`). */
export interface Reoffer {
  offer(request: SipMessage): Promise<void>;
  answer(response: SipMessage): Promise<void>;
  dropBranch(): void;
}

/**
 * A new offer inside a bridged dialog (hold, resume, a refresh with SDP) from `sender` to
 * `receiver`, each named by its tag and kind in rtpengine's call `callId`.
 */
export function reofferThrough(
  bridge: MediaBridge,
  callId: string,
  sender: MediaSide,
  receiver: MediaSide,
): Reoffer {
  const keys = { callId, fromTag: sender.tag, toTag: receiver.tag };
  return {
    offer: async (request) => {
      setSdp(request, await bridge.offer({ ...keys, sdp: sdpIn(request), toward: receiver.kind }));
    },
    answer: async (response) => {
      setSdp(response, await bridge.answer({ ...keys, sdp: sdpIn(response), toward: sender.kind }));
    },
    dropBranch: () => undefined,
  };
}
