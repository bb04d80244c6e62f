import { deviceKind, type MediaSide } from '../media/call-media';
import { describeSdpKind } from '../media/sdp-kind';
import { bodyOf, type Dialog, type Uac, type Uas } from '../sip/dialog';
import type { SipResponse } from '../sip/message';
import { plainToken } from '../sip/random-token';
import { refusal, relayedRefusal } from '../sip/sip-error';
import type { ServerTransaction } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import { BackToBackCall, type BackToBackDeps } from './back-to-back-call';
import { MediaAnchor } from './media-anchor';
import { callFromClient, RoutedInvite } from './routed-invite';

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

/**
 * A call from a client through the carrier to a company number: the dialog layer's UAS answers
 * the carrier, and a routed UAC places the employee's side as a call of the PBX's own, through
 * the same routing as any call to a SIP number (`upstream`): absence, channels, call waiting and
 * multi-terminal forking apply, the devices see the client's number and the PBX's Contact, and
 * the carrier sees only the PBX. The carrier's UAS dialog repeats its 200 until the ACK.
 */
export class InboundCall extends BackToBackCall {
  /** The employee's side, for the routing to ring: its `request` and where responses go. */
  readonly upstream: RoutedInvite;
  private readonly uas: Uas;
  private readonly uac: Uac;
  private readonly carrierSide: MediaSide;
  /** The carrier's INVITE had no SDP: the device's 2xx offers, the carrier's ACK answers. */
  private readonly lateOffer: boolean;
  private readonly plan: { companyId: number; calleeNumber: string };
  /** The refusal's announcement is playing: the refusal follows it. */
  private announcing = false;

  constructor(deps: BackToBackDeps, plan: InboundCallPlan) {
    super(deps);
    const { layer, media, identity } = deps;
    this.uas = layer.createUas(plan.serverTx, {
      contact: this.contactFor(plan.trunkFlow),
      guard: this.guard,
    });
    const carrierInvite = this.uas.invite;
    this.carrierSdp = carrierInvite.body.toString('utf8');
    const { clientNumber, calleeNumber, companyId, companyNumber } = plan;
    this.plan = { companyId, calleeNumber };
    this.parties = {
      companyId,
      number: clientNumber,
      record: { direction: 'incoming', clientNumber, companyNumber },
    };
    this.carrierSide = {
      tag: carrierInvite.fromTag ?? '',
      kind: describeSdpKind(this.carrierSdp) ?? 'plain',
    };
    this.employeeCallId = `${plainToken(12)}@${identity.host}`;
    if (media) this.anchor = new MediaAnchor(media, this.employeeCallId, this.carrierSide);
    this.lateOffer = carrierInvite.body.length === 0;
    const branchMedia = this.anchor?.branches(this.carrierSide, true, this.lateOffer);
    this.upstream = new RoutedInvite(plan.trunkFlow, this.contactFor, branchMedia);
    this.uac = callFromClient(layer, identity.domain, {
      clientNumber,
      sipNumber: calleeNumber,
      callId: this.employeeCallId,
      route: this.upstream,
      contact: this.contactFor,
      headers: { allow: EMPLOYEE_ALLOW },
      body: bodyOf(carrierInvite),
      guard: this.guard,
    });
    this.uac.on('progress', (response) =>
      this.uas.progress(response.status, response.reason, { body: bodyOf(response) }),
    );
    this.uac.on('answered', (employee, response) => this.employeeAnswered(employee, response));
    this.uac.on('failed', (response) => this.refused(response));
    // The routing cancels the devices; their 487 comes back as the UAC's failure.
    this.uas.on('cancel', () => this.uac.cancel());
    this.uac.start(); // the INVITE is ready for the routing (`upstream.request`)
  }

  protected get employeeFlow(): Flow | undefined {
    return this.employee?.flow;
  }

  /** Not reached: the employee's flow is known once a device answered. */
  protected abandon(): void {}

  /** The devices stop ringing (the routing cancels them) and the carrier gets `500`. */
  protected abortRinging(): void {
    this.uac.cancel();
    this.uas.reject(refusal('serverError'));
  }

  /** A device answered: the carrier's 200 makes its dialog, and the bridge is up. */
  private employeeAnswered(employee: Dialog, response: SipResponse): void {
    if (this.phase !== 'ringing' || this.uas.answered) {
      // Answered after the client gave up (the 2xx crossed the CANCEL): hang the device up, and
      // end the tracked call once the routing has recorded the answer (it does so next).
      void employee.destroy();
      queueMicrotask(() =>
        this.guard('late answer', () => this.deps.dialogs.callEnded(employee.callId)),
      );
      return this.finish();
    }
    const carrier = this.uas.accept({ body: bodyOf(response) });
    if (this.anchor) {
      this.anchor.connect({
        carrier: this.carrierSide,
        employee: { tag: employee.remoteTag, kind: deviceKind(employee.flow) },
      });
      employee.localSdp = this.anchor.answeredOffer ?? employee.localSdp;
    }
    this.connect(employee, carrier);
    if (this.lateOffer) carrier.once('ack', (ack) => this.answerLateOffer(employee, ack));
  }

  /**
   * The employee's side failed (busy, absent, cancelled...): the carrier hears why, with the
   * token, after the announcement of it when there is one (docs: Announcements).
   */
  private refused(response: SipResponse): void {
    if (this.phase !== 'ringing' || this.announcing) return;
    const refusal = relayedRefusal(response, 'any');
    const announcer = this.deps.announcer;
    if (!announcer || this.uas.cancelled) {
      this.uas.reject(refusal);
      return this.finish();
    }
    this.announcing = true;
    const { callId, fromTag } = this.uas.invite;
    const call = { ...this.plan, callId, fromTag: fromTag ?? '', sdp: this.carrierSdp };
    void announcer
      .announce(
        { ...call, token: refusal.token },
        {
          progress: (body) => this.uas.progress(183, 'Session Progress', { body }),
          onCancel: (stop) => this.uas.on('cancel', stop),
        },
      )
      .finally(() =>
        this.guard('announcement', () => {
          this.uas.reject(refusal);
          this.finish();
        }),
      );
  }
}
