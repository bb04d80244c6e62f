import { deviceKind, setSdp, type MediaSide } from '../media/call-media';
import type { MediaBridge } from '../media/media-bridge';
import { describeSdpKind } from '../media/sdp-kind';
import type { CallMedia } from '../routing/dialogs';
import type { BranchMedia, ForkTarget, Upstream } from '../routing/proxy-call';
import { SipHeaders, SipRequest, type SipMessage, type SipResponse } from '../sip/message';
import { dictionary } from '../sip/dictionary';
import { createResponse, type ServerTransaction } from '../sip/transaction';
import { localTag } from '../sip/transaction/response';
import { DEFAULT_TIMERS } from '../sip/transaction/timers';
import type { Flow } from '../sip/transport/flow';
import { BackToBackCall, copyBody, plainToken, type BackToBackDeps } from './back-to-back-call';
import { DialogLeg } from './dialog-leg';

export interface InboundCallPlan {
  /** The carrier's INVITE. */
  serverTx: ServerTransaction;
  trunkFlow: Flow;
  /** The client's number as the employee sees it (E.164 when it parses). */
  clientNumber: string;
  /** The SIP number the dialled company number rings. */
  calleeNumber: string;
  /** The company and its number the client dialled. */
  companyId: number;
  companyNumber: string;
}

const EMPLOYEE_ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE';
const { T1, T2 } = DEFAULT_TIMERS;

/**
 * A call from a client through the carrier to a company number, carried as a back-to-back
 * user agent. The PBX answers the carrier itself and places the employee's side as a call of
 * its own: that INVITE goes through the same routing as any call to a SIP number (absence,
 * channels, call waiting, multi-terminal forking), with this call as its upstream, so the
 * devices see the client's number and the PBX's Contact, and the carrier sees only the PBX.
 */
export class InboundCall extends BackToBackCall implements Upstream {
  /** The INVITE of the employee's side, routed to the callee's devices. */
  readonly request: SipRequest;
  cancelled = false;
  onCancel?: () => void;
  /** With a bridge: every branch's media is anchored there, so a transfer keeps the carrier's. */
  readonly media?: BranchMedia & CallMedia;
  private readonly carrierSide: MediaSide;
  private okToCarrier?: SipResponse;
  private retransmitTimer?: NodeJS.Timeout;
  /** The carrier's INVITE, kept here: its transaction lets go of it once answered. */
  private readonly carrierInvite: SipRequest;

  constructor(
    deps: BackToBackDeps,
    private readonly plan: InboundCallPlan,
  ) {
    super(deps);
    const carrierInvite = plan.serverTx.request;
    this.carrierInvite = carrierInvite;
    // The To tag our responses to the carrier carry (createResponse keeps one per request).
    this.carrier = DialogLeg.answering(
      carrierInvite,
      localTag(carrierInvite),
      plan.trunkFlow,
      this.contactFor(plan.trunkFlow),
    );
    this.request = this.employeeInvite(carrierInvite);
    this.employeeCallId = this.mediaCallId = this.request.callId;
    this.carrierSdp = carrierInvite.body.toString('utf8');
    const { clientNumber, companyId, companyNumber } = plan;
    this.parties = {
      companyId,
      number: clientNumber,
      record: { direction: 'incoming', clientNumber, companyNumber },
    };
    this.carrierSide = {
      tag: carrierInvite.fromTag ?? '',
      kind: describeSdpKind(carrierInvite.body.toString('utf8')) ?? 'plain',
    };
    if (deps.media) this.media = this.anchoredBranches(deps.media);
    plan.serverTx.onCancel = () => {
      this.cancelled = true;
      this.onCancel?.();
    };
  }

  get flow(): Flow {
    return this.plan.trunkFlow;
  }

  protected get employeeFlow(): Flow | undefined {
    return this.employee?.flow;
  }

  /** Not reached: the employee's flow is known once a device answered. */
  protected abandon(): void {}

  /** The devices stop ringing (the routing cancels them) and the carrier gets `500`. */
  protected abortRinging(): void {
    if (this.ended) return;
    this.ended = true;
    this.cancelled = true;
    this.onCancel?.();
    this.toCarrier(500, 'Server Internal Error');
  }

  /** Each branch gets the SDP its device can use; the answering one is anchored. */
  private anchoredBranches(bridge: MediaBridge): BranchMedia & CallMedia {
    const keys = () => ({ callId: this.mediaCallId, fromTag: this.carrierSide.tag });
    const sdpOf = (message: SipMessage) => message.body.toString('utf8');
    return {
      offer: async (request, target, branchId) => {
        const toward = deviceKind(target.flow);
        setSdp(
          request,
          await bridge.offer({ ...keys(), sdp: sdpOf(request), toward, branch: branchId }),
        );
      },
      answer: async (response, target, branchId) => {
        const toTag = response.toTag ?? '';
        const sdp = sdpOf(response);
        const toward = this.carrierSide.kind;
        setSdp(response, await bridge.answer({ ...keys(), toTag, sdp, toward, branch: branchId }));
        if (response.status >= 200) {
          const employee = { tag: toTag, kind: deviceKind(target.flow) };
          this.anchor({ carrier: this.carrierSide, employee });
        }
      },
      dropBranch: (_target, branchId) => {
        void bridge.delete({ ...keys(), branch: branchId }).catch(() => {});
      },
      release: () => this.bridgeSession(this.carrierSide.tag).release(),
    };
  }

  /** The employee side's INVITE: the client's number as the caller, the carrier's offer. */
  private employeeInvite(carrierInvite: SipRequest): SipRequest {
    const { domain, host } = this.deps.identity;
    const { clientNumber, calleeNumber } = this.plan;
    const headers = new SipHeaders()
      .set('max-forwards', '70')
      .set('from', `"${clientNumber}" <sip:${clientNumber}@${domain}>;tag=${plainToken(6)}`)
      .set('to', `<sip:${calleeNumber}@${domain}>`)
      .set('call-id', `${plainToken(12)}@${host}`)
      .set('cseq', '1 INVITE')
      .set('allow', EMPLOYEE_ALLOW);
    const uri = { scheme: 'sip' as const, user: calleeNumber, host: domain };
    const request = new SipRequest(
      'INVITE',
      { ...uri, params: dictionary(), headers: dictionary() },
      headers,
    );
    copyBody(carrierInvite, request);
    return request;
  }

  /** A response of the employee's side, from the branch (device) that sent it. */
  respond(response: SipResponse, from?: ForkTarget): boolean {
    if (response.status < 200) {
      if (!this.ended) this.toCarrier(response.status, response.reason, response);
    } else if (response.status >= 300) {
      this.refused(response);
    } else if (from) {
      this.employeeAnswered(response, from);
    }
    return true;
  }

  private employeeAnswered(response: SipResponse, from: ForkTarget): void {
    const dialog = this.employeeDialog(response, from.flow);
    if (this.employee && dialog.remote !== this.employee.remote) {
      // Another device answered too (crossing the CANCEL the proxy sent it): hang it up.
      this.sendOnLeg(dialog, 'BYE');
      return;
    }
    if (this.employee) return; // a retransmitted 2xx, ACKed again above
    this.employee = dialog;
    if (this.cancelled || this.ended) {
      // Answered after the client gave up: end it once the proxy has recorded the answer.
      this.sendOnLeg(dialog, 'BYE');
      this.toCarrier(487, 'Request Terminated');
      this.answered = true;
      queueMicrotask(() => this.end());
      return;
    }
    this.answered = true;
    this.okToCarrier = this.toCarrier(200, 'OK', response);
    this.retransmitOk(T1, Date.now() + 64 * T1);
    const tracked = this.deps.dialogs.get(this.employeeCallId);
    if (tracked) tracked.onSessionExpired = () => this.hangUp();
  }

  /** The dialog a 2xx of the employee's side confirms, ACKed at once (RFC 3261 §13.2.2.4). */
  private employeeDialog(response: SipResponse, flow: Flow): DialogLeg {
    const leg = new DialogLeg(
      this.employeeCallId,
      this.request.headers.get('from') ?? '',
      response.headers.get('to') ?? '',
      this.request.uri,
      flow,
      this.contactFor(flow),
    );
    leg.confirm(response);
    flow.send(leg.ack(this.request, this.deps.identity));
    return leg;
  }

  private refused(response: SipResponse): void {
    if (this.ended) return;
    this.ended = true;
    this.toCarrier(response.status, response.reason, response);
    this.deps.onGone(this);
  }

  /**
   * Answers the carrier's INVITE with the employee side's status: its SDP with 1xx and 2xx,
   * the PBX's reason token with a refusal.
   */
  private toCarrier(status: number, reason: string, source?: SipResponse): SipResponse {
    const reply = createResponse(this.carrierInvite, status, reason);
    if (status < 300) reply.headers.set('contact', this.carrier.contact);
    if (source) copyBody(source, reply);
    const refusal = source?.headers.get('x-pbx-reason');
    if (refusal) reply.headers.set('x-pbx-reason', refusal);
    this.plan.serverTx.respond(reply);
    return reply;
  }

  /** RFC 3261 §13.3.1.4: the PBX, as UAS, repeats its 2xx over UDP until the carrier ACKs. */
  private retransmitOk(interval: number, giveUpAt: number): void {
    if (this.plan.trunkFlow.reliable || !this.okToCarrier) return;
    this.retransmitTimer = setTimeout(
      () =>
        this.guarded('2xx retransmission', () => {
          if (!this.okToCarrier) return;
          // Never acknowledged: the carrier is gone.
          if (Date.now() >= giveUpAt) return this.hangUp();
          this.plan.trunkFlow.send(this.okToCarrier);
          this.retransmitOk(Math.min(2 * interval, T2), giveUpAt);
        }),
      interval,
    );
  }

  stopTimers(): void {
    clearTimeout(this.retransmitTimer);
  }

  protected override onCarrierAck(): void {
    this.okToCarrier = undefined;
    clearTimeout(this.retransmitTimer);
  }

  protected override end(): void {
    this.onCarrierAck();
    super.end();
  }
}
