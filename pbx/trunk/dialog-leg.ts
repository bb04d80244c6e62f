import { SipHeaders, SipRequest, type SipResponse } from '../sip/message';
import type { Flow } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';
import { newBranch, type LocalIdentity } from '../routing/local-identity';
import { copyUri } from '../routing/message-copy';

/**
 * One side of a call the PBX carries as a back-to-back user agent (RFC 3261 §12): the dialog
 * state needed to send requests into it. The PBX is the UAS of the employee's leg and the UAC
 * of the carrier's leg; both look the same from here.
 */
export class DialogLeg {
  private cseq: number;
  /** The other side's user (its From or To URI user), once known. */
  remoteUser?: string;

  constructor(
    readonly callId: string,
    /** Our From/To value, with our tag. */
    readonly local: string,
    /** The other side's From/To value, with its tag once known. */
    public remote: string,
    /** Where requests go: the other side's Contact. */
    public remoteTarget: SipUri,
    /** The flow the other side is reached on. */
    readonly flow: Flow,
    /** Our own Contact in this dialog. */
    readonly contact: string,
    firstCseq = 1,
    /** Route set (RFC 3261 §12.1), in the order requests carry it. */
    public routeSet: string[] = [],
  ) {
    this.cseq = firstCseq;
  }

  /** A new request inside the dialog (BYE, re-INVITE, CANCEL excepted: it copies its INVITE). */
  request(
    method: string,
    identity: LocalIdentity,
    body?: { type: string; data: Buffer },
  ): SipRequest {
    const headers = new SipHeaders()
      .set('via', identity.via(this.flow, newBranch()))
      .set('max-forwards', '70')
      .set('from', this.local)
      .set('to', this.remote)
      .set('call-id', this.callId)
      .set('cseq', `${method === 'ACK' ? this.cseq : ++this.cseq} ${method}`)
      .set('contact', this.contact);
    if (this.routeSet.length > 0) headers.set('route', this.routeSet);
    if (body && body.data.length > 0) headers.set('content-type', body.type);
    return new SipRequest(method, this.remoteTarget, headers, body?.data);
  }

  /** The ACK for a 2xx to our INVITE (RFC 3261 §13.2.2.4): same CSeq number as the INVITE. */
  ack(invite: SipRequest, identity: LocalIdentity): SipRequest {
    const seq = invite.cseq?.seq ?? 1;
    const request = this.request('ACK', identity);
    request.headers.set('cseq', `${seq} ACK`);
    return request;
  }

  /**
   * Learns the other side's tag, target and route set from a 2xx to our INVITE. A Contact or
   * Record-Route that does not parse is not learnt: requests keep going to the target they had.
   */
  confirm(response: SipResponse): void {
    this.remote = response.headers.get('to') ?? this.remote;
    this.remoteUser = response.to?.uri.user ?? this.remoteUser;
    const contact = response.contact();
    if (contact) this.remoteTarget = copyUri(contact.uri);
    this.routeSet = response.recordRoute
      ? [...response.headers.getAll('record-route')].reverse()
      : [];
  }

  /** A leg whose INVITE we received: the PBX answers it (UAS). */
  static answering(invite: SipRequest, localTag: string, flow: Flow, contact: string): DialogLeg {
    const to = invite.headers.get('to') ?? '';
    const leg = new DialogLeg(
      invite.callId,
      `${to};tag=${localTag}`,
      invite.headers.get('from') ?? '',
      copyUri(invite.contact()?.uri ?? invite.uri),
      flow,
      contact,
      1,
      invite.recordRoute ? [...invite.headers.getAll('record-route')] : [],
    );
    leg.remoteUser = invite.from?.uri.user;
    return leg;
  }
}
