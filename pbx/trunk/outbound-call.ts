import { createResponse, type ServerTransaction } from '../sip/transaction';
import { localTag } from '../sip/transaction/response';
import { SipHeaders, SipRequest, type SipResponse } from '../sip/message';
import type { Flow } from '../sip/transport/flow';
import type { MediaBridge } from '../media/media-bridge';
import type { SipUri } from '../sip/uri';
import type { TrackedCall } from '../routing/dialogs';
import {
  BackToBackCall,
  bodyOf,
  copyBody,
  plainToken,
  type BackToBackDeps,
} from './back-to-back-call';
import { REFUSALS } from '../../shared/refusals';
import { setSdp, type MediaSide } from '../media/call-media';
import { describeSdpKind } from '../media/sdp-kind';
import { sessionSeconds } from '../routing/call-lines';
import { digestAuthorization } from './carrier-digest';
import { formatForCarrier, type NumberFormat } from './config';
import { DialogLeg } from './dialog-leg';

const BRIDGE_DOWN = REFUSALS.mediaBridgeDown;

/** The header that tells the employee's device which number the client sees (SPEC §3). */
export const CALLER_ID_HEADER = 'x-caller-id';

export interface OutboundCallPlan {
  /** Digest credentials for the carrier's challenges. */
  credentials?: { username: string; password: string };
  /** The employee's INVITE and where it came from. */
  serverTx: ServerTransaction;
  inbound: Flow;
  /** The carrier: its flow and the Request-URI the INVITE goes to. */
  trunkFlow: Flow;
  trunkUri: SipUri;
  /** The number the client sees (E.164), in From and P-Asserted-Identity. */
  callerId: string;
  /** How the carrier wants numbers written. */
  numberFormat?: NumberFormat;
  tracked: TrackedCall;
  ringTimeoutMs: number;
  /** The caller's company and the outside number called (E.164, or an emergency number). */
  companyId: number;
  clientNumber: string;
}

/**
 * A call from an employee to the outside, carried as a back-to-back user agent: the carrier
 * gets a new dialog of the PBX's own (new Call-ID, tags, the chosen caller ID in From and
 * P-Asserted-Identity) and never sees the employee's SIP details; each in-dialog request on
 * one leg is re-issued on the other.
 */
export class OutboundCall extends BackToBackCall {
  private carrierInvite?: SipRequest;
  private challenged = false;
  /** The SDP the carrier is offered: the employee's, or the bridge's rewrite of it. */
  private carrierOffer?: { type: string; data: Buffer };
  private readonly employeeSide: MediaSide;
  /** Carrier responses waiting for the bridge, in arrival order. */
  private responses: Promise<void> = Promise.resolve();
  private ringTimer?: NodeJS.Timeout;
  /** The employee's INVITE, kept here: its transaction lets go of it once answered. */
  private readonly invite: SipRequest;

  constructor(
    deps: BackToBackDeps,
    private readonly plan: OutboundCallPlan,
  ) {
    super(deps);
    const { identity } = deps;
    const invite = plan.serverTx.request;
    this.invite = invite;
    // The To tag our responses to the employee carry (createResponse keeps one per request).
    const employee = DialogLeg.answering(
      invite,
      localTag(invite),
      plan.inbound,
      this.contactFor(plan.inbound),
    );
    this.employee = employee;
    this.employeeCallId = this.mediaCallId = employee.callId;
    this.parties = {
      companyId: plan.companyId,
      number: plan.clientNumber,
      record: {
        direction: 'outgoing',
        clientNumber: plan.clientNumber,
        companyNumber: plan.callerId,
      },
    };
    this.employeeSide = {
      tag: invite.fromTag ?? '',
      kind: describeSdpKind(invite.body.toString('utf8')) ?? 'webrtc',
    };
    const fromTag = plainToken(6);
    const client = `<sip:${plan.trunkUri.user}@${plan.trunkUri.host}>`;
    this.carrier = new DialogLeg(
      `${plainToken(12)}@${identity.host}`,
      `<sip:${formatForCarrier(plan.callerId, plan.numberFormat)}@${identity.host}>;tag=${fromTag}`,
      client,
      plan.trunkUri,
      plan.trunkFlow,
      this.contactFor(plan.trunkFlow),
      0,
    );
  }

  /** Dials the carrier; with a bridge, once it has turned the employee's offer into RTP. */
  start(): void {
    this.plan.serverTx.onCancel = () => this.cancelByEmployee();
    this.ringTimer = setTimeout(
      () => this.guarded('ring timer', () => this.cancelCarrier(480, 'No Answer')),
      this.plan.ringTimeoutMs,
    );
    const { media } = this.deps;
    const offer = bodyOf(this.invite);
    if (!media || !offer) {
      this.carrierOffer = offer;
      this.sendCarrierInvite();
      return;
    }
    this.plan.tracked.media = this.bridgeSession(this.employeeSide.tag);
    const keys = { callId: this.mediaCallId, fromTag: this.employeeSide.tag };
    media
      .offer({ ...keys, sdp: offer.data.toString('utf8'), toward: 'plain' })
      .then(
        (sdp) => {
          if (this.ended) return; // the employee hung up meanwhile
          this.carrierOffer = { type: 'application/sdp', data: Buffer.from(sdp, 'utf8') };
          this.sendCarrierInvite();
        },
        () => this.failed(BRIDGE_DOWN.status, BRIDGE_DOWN.reason, BRIDGE_DOWN.token),
      )
      .catch((error) => this.fault(error, 'media offer'));
  }

  /** The INVITE to the carrier; again with credentials after a 401/407 challenge. */
  private sendCarrierInvite(challenge?: SipResponse): void {
    const request = this.carrier.request('INVITE', this.deps.identity, this.carrierOffer);
    const onWire = formatForCarrier(this.plan.callerId, this.plan.numberFormat);
    request.headers.set('p-asserted-identity', `<sip:${onWire}@${this.deps.identity.host}>`);
    if (challenge && this.plan.credentials) {
      const { name, value } = digestAuthorization(request, challenge, this.plan.credentials);
      request.headers.set(name, value);
    }
    this.carrierInvite = request;
    this.deps.transactions.sendRequest(request, this.plan.trunkFlow, {
      onResponse: (response) =>
        this.guarded('carrier response', () => this.onCarrierResponse(response)),
      onTimeout: () => this.guarded('carrier timeout', () => this.failed(408, 'Request Timeout')),
      onTransportError: () =>
        this.guarded('carrier unreachable', () => this.failed(503, 'Service Unavailable')),
    });
  }

  /**
   * With a bridge, the carrier's answers (183, 200) reach the employee rewritten for their
   * device, one after another so their order holds.
   */
  private onCarrierResponse(response: SipResponse): void {
    const { media } = this.deps;
    if (!media) return this.handleCarrierResponse(response);
    this.responses = this.responses
      .then(() => this.bridgeCarrierResponse(media, response))
      // The chain never stays rejected: a fault ends this call, and only this call.
      .catch((error) => this.fault(error, 'bridged carrier response'));
  }

  private async bridgeCarrierResponse(media: MediaBridge, response: SipResponse): Promise<void> {
    if (this.faulted) return;
    if (response.status >= 200 && response.status < 300 && !this.answered) {
      this.carrierSdp = response.body.toString('utf8'); // before the bridge rewrites it
    }
    if (response.body.length > 0 && response.status > 100 && response.status < 300) {
      const carrierTag = response.toTag ?? '';
      const sdp = await media
        .answer({
          callId: this.mediaCallId,
          fromTag: this.employeeSide.tag,
          toTag: carrierTag,
          sdp: response.body.toString('utf8'),
          toward: this.employeeSide.kind,
        })
        .catch(() => undefined); // logged by the bridge; the SDP stays as it was
      if (sdp) setSdp(response, sdp);
      if (response.status >= 200) {
        this.anchor({ employee: this.employeeSide, carrier: { tag: carrierTag, kind: 'plain' } });
      }
    }
    this.handleCarrierResponse(response);
  }

  private handleCarrierResponse(response: SipResponse): void {
    if (response.status < 200) {
      if (response.status > 100 && !this.answered) this.answerEmployee(response);
      return;
    }
    const challenge = response.status === 401 || response.status === 407;
    if (challenge && this.plan.credentials && !this.challenged && !this.ended) {
      this.challenged = true;
      this.sendCarrierInvite(response);
      return;
    }
    if (response.status >= 300) {
      this.failed(response.status, response.reason);
      return;
    }
    // A 2xx: ACK it ourselves (also a retransmitted one), then answer the employee once.
    this.carrier.confirm(response);
    this.plan.trunkFlow.send(this.carrier.ack(this.carrierInvite!, this.deps.identity));
    if (this.answered) return;
    if (this.ended) {
      // Answered after the employee cancelled: end the carrier's side at once.
      this.sendInDialog('carrier', 'BYE');
      return;
    }
    this.answered = true;
    clearTimeout(this.ringTimer);
    this.answerEmployee(response);
    const seconds = sessionSeconds(this.invite);
    this.deps.dialogs.callAnswered(this.plan.tracked, 'trunk', seconds);
    this.plan.tracked.onSessionExpired = () => this.hangUp();
  }

  /** Passes a carrier response (1xx, 2xx) on to the employee, with the caller ID shown. */
  private answerEmployee(response: SipResponse): void {
    const reply = createResponse(this.invite, response.status, response.reason);
    reply.headers.set(CALLER_ID_HEADER, this.plan.callerId);
    reply.headers.set('contact', this.contactFor(this.plan.inbound));
    copyBody(response, reply);
    const seconds = sessionSeconds(this.invite);
    if (response.status >= 200 && seconds !== undefined) {
      // RFC 4028: the employee's device refreshes its leg; the PBX ends the call if it stops.
      reply.headers.set('session-expires', `${seconds};refresher=uac`);
      if (supportsTimer(this.invite)) reply.headers.set('require', 'timer');
    }
    this.plan.serverTx.respond(reply);
  }

  private failed(status: number, reason: string, refusalToken?: string): void {
    clearTimeout(this.ringTimer);
    if (this.answered || this.ended) return;
    this.ended = true;
    const reply = createResponse(this.invite, status, reason);
    reply.headers.set(CALLER_ID_HEADER, this.plan.callerId);
    if (refusalToken) reply.headers.set('x-pbx-reason', refusalToken);
    this.plan.serverTx.respond(reply);
    this.deps.dialogs.callFailed(this.plan.tracked, status, this.plan.serverTx.cancelled);
    this.deps.onGone(this);
  }

  private cancelByEmployee(): void {
    this.cancelCarrier(487, 'Request Terminated');
  }

  /** Stops ringing: CANCEL to the carrier, the final status to the employee. */
  private cancelCarrier(status: number, reason: string): void {
    if (this.answered || this.ended) return;
    if (!this.carrierInvite) return this.failed(status, reason); // still with the bridge
    const invite = this.carrierInvite;
    const cancel = new SipRequest(
      'CANCEL',
      invite.uri,
      new SipHeaders()
        .set('via', invite.headers.getAll('via'))
        .set('max-forwards', '70')
        .set('from', invite.headers.get('from') ?? '')
        .set('to', invite.headers.get('to') ?? '')
        .set('call-id', invite.callId)
        .set('cseq', `${invite.cseq?.seq ?? 1} CANCEL`),
    );
    this.deps.transactions.sendRequest(cancel, this.plan.trunkFlow, {
      onResponse: () => undefined,
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    });
    this.failed(status, reason);
  }

  stopTimers(): void {
    clearTimeout(this.ringTimer);
  }

  protected get employeeFlow(): Flow {
    return this.plan.inbound;
  }

  protected abandon(): void {
    this.cancelByEmployee();
  }

  protected abortRinging(): void {
    this.cancelCarrier(500, 'Server Internal Error');
  }
}

/** Whether a request's `Supported` lists RFC 4028 session timers. */
function supportsTimer(request: SipRequest): boolean {
  return request.supported.includes('timer');
}
