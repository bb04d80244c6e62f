import { deviceKind, setSdp, type MediaSide } from '../media/call-media';
import type { MediaBridge } from '../media/media-bridge';
import type { CallMedia } from '../routing/dialogs';
import type { LocalIdentity } from '../routing/local-identity';
import type { BranchMedia, ForkTarget, Upstream } from '../routing/proxy-call';
import { SipHeaders, SipRequest, type SipResponse } from '../sip/message';
import type { TransactionLayer } from '../sip/transaction';
import { dictionary } from '../sip/dictionary';
import type { Flow } from '../sip/transport/flow';
import { plainToken } from '../sip/random-token';
import { DialogLeg } from './dialog-leg';

/** What a transfer of a carrier call to another employee needs to know. */
export interface TransferPlan {
  /** The client's number: the caller the new employee sees. */
  clientNumber: string;
  targetNumber: string;
  /** `Referred-By` for the target: the employee who transfers. */
  referredBy: string;
  /** An attended transfer's `Replaces` (the consultation call the target ends). */
  replaces?: string;
  /** The carrier's SDP, offered again to the target through the bridge. */
  carrierSdp: string;
  /** The bridge's call and the carrier's side in it: the carrier's media stays where it is. */
  bridge: MediaBridge;
  mediaCallId: string;
  carrier: MediaSide;
  /** The carrier's flow: the call's upstream, as far as routing asks. */
  carrierFlow: Flow;
}

/** What the call hears from its transfer. */
export interface TransferEvents {
  progress(status: number, reason: string): void;
  /** The target answered; its dialog is confirmed and ACKed. */
  answered(leg: DialogLeg, employee: MediaSide): void;
  failed(status: number, reason: string): void;
}

/**
 * The new employee side of a carrier call being transferred (SPEC §3: transfer by SIP number):
 * an INVITE of the PBX's own to the target, routed like any call to a SIP number with this
 * object as its upstream. The target is offered the carrier's media through the bridge, so the
 * carrier is never asked to re-negotiate (docs/architecture.md: Media bridge).
 */
export class CarrierTransfer implements Upstream {
  readonly request: SipRequest;
  cancelled = false;
  onCancel?: () => void;
  readonly media: BranchMedia & CallMedia;
  private answeredLeg?: DialogLeg;
  /** Set once the target took over: only then does the target's call own the bridge session. */
  private completed = false;

  constructor(
    private readonly identity: LocalIdentity,
    readonly contactFor: (flow: Flow) => string,
    private readonly plan: TransferPlan,
    private readonly events: TransferEvents,
  ) {
    this.request = this.targetInvite();
    this.media = this.bridgedBranches();
  }

  get flow(): Flow {
    return this.plan.carrierFlow;
  }

  private targetInvite(): SipRequest {
    const { domain, host } = this.identity;
    const { clientNumber, targetNumber, referredBy, replaces, carrierSdp } = this.plan;
    const headers = new SipHeaders()
      .set('max-forwards', '70')
      .set('from', `"${clientNumber}" <sip:${clientNumber}@${domain}>;tag=${plainToken(6)}`)
      .set('to', `<sip:${targetNumber}@${domain}>`)
      .set('call-id', `${plainToken(12)}@${host}`)
      .set('cseq', '1 INVITE')
      .set('referred-by', referredBy);
    if (replaces) headers.set('replaces', replaces);
    const uri = { scheme: 'sip' as const, user: targetNumber, host: domain };
    const request = new SipRequest(
      'INVITE',
      { ...uri, params: dictionary(), headers: dictionary() },
      headers,
    );
    setSdp(request, carrierSdp);
    return request;
  }

  respond(response: SipResponse, from?: ForkTarget): boolean {
    if (response.status < 200) {
      if (response.status > 100 && !this.answeredLeg)
        this.events.progress(response.status, response.reason);
    } else if (response.status >= 300) {
      if (!this.answeredLeg) this.events.failed(response.status, response.reason);
    } else if (from) {
      this.targetAnswered(response, from);
    }
    return true;
  }

  private targetAnswered(response: SipResponse, from: ForkTarget): void {
    const leg = new DialogLeg(
      this.request.callId,
      this.request.headers.get('from') ?? '',
      response.headers.get('to') ?? '',
      this.request.uri,
      from.flow,
      this.contactFor(from.flow),
    );
    leg.confirm(response);
    from.flow.send(leg.ack(this.request, this.identity));
    if (this.answeredLeg) return; // a retransmitted 2xx, ACKed again
    this.answeredLeg = leg;
    this.completed = true;
    this.events.answered(leg, {
      tag: response.toTag ?? '',
      kind: deviceKind(from.flow),
    });
  }

  /** Each branch is offered the carrier's media, from the carrier's side of the bridge. */
  private bridgedBranches(): BranchMedia & CallMedia {
    const { bridge, mediaCallId: callId, carrier } = this.plan;
    const keys = { callId, fromTag: carrier.tag };
    return {
      offer: async (request, target, branch) => {
        const sdp = request.body.toString('utf8');
        setSdp(
          request,
          await bridge.offer({ ...keys, sdp, toward: deviceKind(target.flow), branch }),
        );
      },
      answer: async (response, _target, branch) => {
        // The carrier keeps the ports it has: the bridge's answer toward it is not sent.
        const toTag = response.toTag ?? '';
        const sdp = response.body.toString('utf8');
        await bridge.answer({ ...keys, toTag, sdp, toward: carrier.kind, branch });
      },
      dropBranch: (_target, branch) => {
        void bridge.delete({ ...keys, branch }).catch(() => {});
      },
      release: () => {
        if (this.completed) void bridge.delete(keys).catch(() => {});
      },
    };
  }
}

/** NOTIFY of a REFER's progress (RFC 3515): the target's status line as a sipfrag. */
export function notifyReferProgress(
  via: { leg: DialogLeg; identity: LocalIdentity; transactions: TransactionLayer },
  status: number,
  reason: string,
  final: boolean,
): void {
  const body = Buffer.from(`SIP/2.0 ${status} ${reason}\r\n`, 'utf8');
  const notify = via.leg.request('NOTIFY', via.identity, {
    type: 'message/sipfrag;version=2.0',
    data: body,
  });
  notify.headers.set('event', 'refer');
  notify.headers.set(
    'subscription-state',
    final ? 'terminated;reason=noresource' : 'active;expires=60',
  );
  via.transactions.sendRequest(notify, via.leg.flow, {
    onResponse: () => undefined,
    onTimeout: () => undefined,
    onTransportError: () => undefined,
  });
}

/** The SIP number a REFER's Refer-To names, and the `Replaces` of an attended transfer. */
export function readReferTo(
  request: SipRequest,
): { number: string; replaces?: string } | undefined {
  const uri = request.referTo?.uri;
  if (!uri) return undefined;
  const replaces = uri.headers.replaces ?? uri.headers.Replaces;
  if (replaces === undefined) return { number: uri.user ?? '' };
  try {
    return { number: uri.user ?? '', replaces: decodeURIComponent(replaces) };
  } catch {
    return undefined; // a Replaces that does not decode: a bad Refer-To
  }
}
