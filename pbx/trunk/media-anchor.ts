/**
 * A carrier call's media, anchored at rtpengine (docs/architecture.md: Media bridge): the carrier
 * talks to rtpengine's ports only, whatever the employee's device, so a transfer re-offers the
 * employee's side alone. rtpengine names the call by the first employee leg's Call-ID and each
 * side by its SIP tag. The back-to-back call owns it and releases it when the call ends.
 */
import { deviceKind, type MediaSide } from '../media/call-media';
import { sdpOf, setSdp } from '../media/sdp-body';
import type { MediaBridge } from '../media/media-bridge';
import type { MediaKind } from '../media/sdp-kind';
import type { CallMedia } from '../routing/dialogs';
import type { BranchMedia } from '../routing/proxy-call';
import type { Body } from '../sip/dialog';

export type Side = 'employee' | 'carrier';

export const other = (side: Side): Side => (side === 'employee' ? 'carrier' : 'employee');

export const sdpBody = (sdp: string): Body => ({
  type: 'application/sdp',
  data: Buffer.from(sdp, 'utf8'),
});

export class MediaAnchor {
  /** Both sides, once the call is answered through the bridge. */
  private sides?: Record<Side, MediaSide>;
  /** The tag whose session `release` deletes: the first offerer's, the carrier's after a transfer. */
  private releaseTag: string;
  private released = false;
  /** What each branch of a routed INVITE was offered, by branch id. */
  private readonly branchOffers = new Map<string, string>();
  /** The offer the answering branch got: the SDP the PBX sent in that dialog. */
  answeredOffer?: Body;
  /** Late offer: the device whose 2xx offered (its tag and kind). */
  private lateOfferer?: MediaSide;

  constructor(
    private readonly bridge: MediaBridge,
    readonly callId: string,
    /** The side whose INVITE offered first: the employee's (outgoing), the carrier's (incoming). */
    private readonly offerer: MediaSide,
  ) {
    this.releaseTag = offerer.tag;
  }

  get connected(): boolean {
    return this.sides !== undefined;
  }

  /** The first offer rewritten for the side it goes to; rejects when rtpengine cannot serve it. */
  offer(sdp: string, toward: MediaKind): Promise<string> {
    return this.bridge.offer({ callId: this.callId, fromTag: this.offerer.tag, sdp, toward });
  }

  /** An answer to the first offer, rewritten for the offerer; undefined when rtpengine failed. */
  answer(sdp: string, answerer: MediaSide): Promise<string | undefined> {
    const { callId, offerer } = this;
    return this.bridge
      .answer({ callId, fromTag: offerer.tag, toTag: answerer.tag, sdp, toward: offerer.kind })
      .catch(() => undefined); // logged by the bridge; the SDP goes on as it was
  }

  /** One side as rtpengine names it, once the call is answered. */
  side(side: Side): MediaSide {
    return this.sides![side];
  }

  /** The call is answered: both sides as rtpengine names them. */
  connect(sides: Record<Side, MediaSide>): void {
    this.sides = sides;
  }

  /**
   * Each branch of a routed INVITE (the employee's devices, a transfer's target) is offered
   * `carrier`'s media for its kind of device. Only for the call's first employee side does the
   * branch's answer go back to the carrier: a transfer target's would move the carrier's ports.
   */
  branches(
    carrier: MediaSide,
    answerToCarrier: boolean,
    lateOffer = false,
  ): BranchMedia & CallMedia {
    const keys = { callId: this.callId, fromTag: carrier.tag };
    return {
      offer: async (request, target, branch) => {
        if (lateOffer) return; // nothing offered yet: the device's 2xx will
        const toward = deviceKind(target.flow);
        const sdp = sdpOf(request) ?? '';
        const offered = await this.bridge.offer({ ...keys, sdp, toward, branch });
        this.branchOffers.set(branch, offered);
        setSdp(request, offered);
      },
      answer: async (response, target, branch) => {
        const toTag = response.toTag ?? '';
        const sdp = sdpOf(response) ?? '';
        if (lateOffer) {
          // The device's 18x or 2xx offers: bridged toward the carrier, whose ACK answers.
          const offered = await this.bridge.offer({
            ...keys,
            fromTag: toTag,
            sdp,
            toward: carrier.kind,
          });
          setSdp(response, offered);
          if (response.status >= 200)
            this.lateOfferer = { tag: toTag, kind: deviceKind(target.flow) };
          return;
        }
        const toward = carrier.kind;
        const answered = await this.bridge.answer({ ...keys, toTag, sdp, toward, branch });
        if (answerToCarrier) setSdp(response, answered);
        const offered = this.branchOffers.get(branch);
        if (response.status >= 200 && offered) this.answeredOffer = sdpBody(offered);
      },
      dropBranch: (_target, branch) => {
        this.branchOffers.delete(branch);
        // A failed delete was logged by the bridge (`bridge.error`); rtpengine times the ports out.
        void this.bridge.delete({ ...keys, branch }).catch(() => {});
      },
      // The back-to-back call releases the anchor when the whole call ends, not when one of
      // its employee sides does (a transfer keeps the carrier's media).
      release: () => undefined,
    };
  }

  /**
   * Late offer: the answer (in an ACK) to the late offerer's offer (a device's, `branches`; the
   * carrier's, `carrierOffers`), rewritten for the offerer; undefined when rtpengine failed
   * (logged by the bridge) or nobody offered.
   */
  /**
   * Late offer from the carrier (its 2xx to an employee's INVITE without SDP), rewritten for the
   * employee's device; undefined when rtpengine failed (logged by the bridge).
   */
  carrierOffers(carrier: MediaSide, sdp: string, toward: MediaKind): Promise<string | undefined> {
    this.lateOfferer = carrier;
    const keys = { callId: this.callId, fromTag: carrier.tag };
    return this.bridge.offer({ ...keys, sdp, toward }).catch(() => undefined); // logged by the bridge
  }

  lateAnswer(sdp: string): Promise<string | undefined> {
    const device = this.lateOfferer;
    if (!device) return Promise.resolve(undefined);
    const keys = { callId: this.callId, fromTag: device.tag, toTag: this.offerer.tag };
    // Logged by the bridge; the answer goes on as it came.
    return this.bridge.answer({ ...keys, sdp, toward: device.kind }).catch(() => undefined);
  }

  /** A new offer inside the call from one side, rewritten for the other. */
  reoffer(from: Side, sdp: string): Promise<string> {
    const [sender, receiver] = this.pair(from);
    const keys = { callId: this.callId, fromTag: sender.tag, toTag: receiver.tag };
    return this.bridge.offer({ ...keys, sdp, toward: receiver.kind });
  }

  /** The answer to a re-offer from `from`, rewritten for it. */
  reanswer(from: Side, sdp: string): Promise<string> {
    const [sender, receiver] = this.pair(from);
    const keys = { callId: this.callId, fromTag: sender.tag, toTag: receiver.tag };
    return this.bridge.answer({ ...keys, sdp, toward: sender.kind });
  }

  /** A transfer's target took over the employee's side. */
  handOver(employee: MediaSide): void {
    if (!this.sides) return;
    this.sides = { ...this.sides, employee };
    this.releaseTag = this.sides.carrier.tag;
  }

  /** The call is over: rtpengine's ports go (once). */
  release(): void {
    if (this.released) return;
    this.released = true;
    // Logged by the bridge (`bridge.error`); rtpengine times the call out.
    void this.bridge.delete({ callId: this.callId, fromTag: this.releaseTag }).catch(() => {});
  }

  private pair(from: Side): [MediaSide, MediaSide] {
    const sides = this.sides!;
    return [sides[from], sides[other(from)]];
  }
}
