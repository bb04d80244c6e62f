import { describeSdpKind } from '../media/sdp-kind';
import { deviceKind, type MediaSide } from '../media/call-media';
import type { TrackedCall } from '../routing/dialogs';
import {
  bodyOf,
  type Body,
  type Credentials,
  type Dialog,
  type Uac,
  type Uas,
} from '../sip/dialog';
import type { SipResponse } from '../sip/message';
import { plainToken } from '../sip/random-token';
import { refusal, relayedRefusal, withHeaders, type SipError } from '../sip/sip-error';
import type { ServerTransaction } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';
import { BackToBackCall, type BackToBackDeps } from './back-to-back-call';
import { formatForCarrier, type NumberFormat } from './config';
import { MediaAnchor, sdpBody } from './media-anchor';

/** The header that tells the employee's device which number the client sees (SPEC §3). */
export const CALLER_ID_HEADER = 'x-caller-id';

export interface OutboundCallPlan {
  /** Digest credentials for the carrier's challenges. */
  credentials?: Credentials;
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
 * A call from an employee to the outside: the dialog layer's UAS answers the employee, its UAC
 * calls the carrier in a new dialog of the PBX's own (new Call-ID, tags, the chosen caller ID in
 * From and P-Asserted-Identity), and the carrier never sees the employee's SIP details. With a
 * bridge, the employee's offer reaches the carrier as plain RTP from rtpengine, and the carrier's
 * answers come back rewritten for the employee's device.
 */
export class OutboundCall extends BackToBackCall {
  private readonly uas: Uas;
  private uac?: Uac;
  private ringTimer?: NodeJS.Timeout;
  private readonly employeeSide: MediaSide;
  /** The employee's INVITE had no SDP: the carrier's 2xx offers, the employee's ACK answers. */
  private readonly lateOffer: boolean;
  /** The carrier's responses, handled one after another (their SDP is rewritten on the way). */
  private responses: Promise<void> = Promise.resolve();

  constructor(
    deps: BackToBackDeps,
    private readonly plan: OutboundCallPlan,
  ) {
    super(deps);
    const { layer, media } = deps;
    this.uas = layer.createUas(plan.serverTx, {
      contact: this.contactFor(plan.inbound),
      guard: this.guard,
    });
    const invite = this.uas.invite;
    this.employeeCallId = invite.callId;
    this.parties = {
      companyId: plan.companyId,
      number: plan.clientNumber,
      record: {
        direction: 'outgoing',
        clientNumber: plan.clientNumber,
        companyNumber: plan.callerId,
      },
    };
    this.lateOffer = invite.body.length === 0;
    this.employeeSide = {
      tag: invite.fromTag ?? '',
      kind: describeSdpKind(invite.body.toString('utf8')) ?? deviceKind(plan.inbound),
    };
    if (media) this.anchor = new MediaAnchor(media, invite.callId, this.employeeSide);
  }

  /** Dials the carrier; with a bridge, once it has turned the employee's offer into RTP. */
  start(): void {
    this.uas.on('cancel', () => this.stopRinging(refusal('requestTerminated')));
    this.ringTimer = setTimeout(
      () => this.guard('ring timer', () => this.stopRinging(refusal('noAnswer'))),
      this.plan.ringTimeoutMs,
    );
    const offer = bodyOf(this.uas.invite);
    const anchor = this.anchor;
    if (!anchor || !offer) return this.dial(offer);
    this.run('media offer', async () => {
      // A bridge failure was logged by the bridge (`bridge.error`); the call is refused below.
      const sdp = await anchor.offer(offer.data.toString('utf8'), 'plain').catch(() => undefined);
      if (this.phase !== 'ringing') return; // the employee hung up meanwhile
      if (sdp === undefined) return this.failed(refusal('mediaBridgeDown'));
      this.dial(sdpBody(sdp));
    });
  }

  /** The carrier's INVITE: the dialog layer answers its challenge, ACKs and CANCELs. */
  private dial(offer: Body | undefined): void {
    const { identity, layer } = this.deps;
    const { plan } = this;
    const onWire = `<sip:${formatForCarrier(plan.callerId, plan.numberFormat)}@${identity.host}>`;
    const uac = layer.createUac({
      uri: plan.trunkUri,
      from: onWire,
      to: `<sip:${plan.trunkUri.user}@${plan.trunkUri.host}>`,
      callId: `${plainToken(12)}@${identity.host}`,
      contact: this.contactFor,
      flow: plan.trunkFlow,
      headers: { 'p-asserted-identity': onWire },
      body: offer,
      credentials: plan.credentials,
      guard: this.guard,
    });
    this.uac = uac;
    uac.on('progress', (response) => {
      this.deps.dialogs.callProgress(this.plan.tracked, response.toTag);
      this.inOrder('carrier progress', () => this.progress(response));
    });
    uac.on('answered', (carrier, response) =>
      this.inOrder('carrier answer', () => this.answered(carrier, response)),
    );
    uac.on('failed', (response) =>
      this.inOrder('carrier refusal', async () =>
        this.failed(relayedRefusal(response, 'protocol')),
      ),
    );
    uac.start();
  }

  /** The carrier's responses reach the employee in the order they came, their SDP rewritten. */
  private inOrder(where: string, work: () => Promise<void>): void {
    this.responses = this.responses
      .then(work)
      // The chain never stays rejected: a fault ends this call, and only this call.
      .catch((error) => this.fault(error, where));
  }

  /** A 180 or 183 of the carrier's, passed on with the number the client sees. */
  private async progress(response: SipResponse): Promise<void> {
    const body = await this.forEmployee(response);
    if (this.phase !== 'ringing') return;
    this.uas.progress(response.status, response.reason, { body, headers: this.callerIdHeader });
  }

  /** The carrier answered: the employee's 2xx makes the second dialog, and the bridge is up. */
  private async answered(carrier: Dialog, response: SipResponse): Promise<void> {
    if (this.phase === 'ringing') this.carrierSdp = response.body.toString('utf8');
    const body = await this.forEmployee(response);
    // Answered after the employee gave up (the 2xx crossed the CANCEL): the carrier hangs up.
    if (this.phase !== 'ringing') return void carrier.destroy();
    clearTimeout(this.ringTimer);
    this.anchor?.connect({
      employee: this.employeeSide,
      carrier: { tag: carrier.remoteTag, kind: 'plain' },
    });
    // RFC 4028: the employee's device refreshes its leg; the PBX ends the call if it stops.
    const employee = this.uas.accept({ body, headers: this.callerIdHeader, sessionTimer: true });
    this.connect(employee, carrier);
    if (this.lateOffer) employee.once('ack', (ack) => this.answerLateOffer(carrier, ack));
    const seconds = this.uas.invite.sessionExpires?.seconds;
    this.deps.dialogs.callAnswered(this.plan.tracked, 'trunk', seconds);
  }

  /** The carrier's SDP, rewritten by the bridge for the employee's device (as it was when it failed). */
  private async forEmployee(response: SipResponse): Promise<Body | undefined> {
    const body = bodyOf(response);
    if (!this.anchor || !body) return body;
    const carrier = { tag: response.toTag ?? '', kind: 'plain' as const };
    const sdp = this.lateOffer
      ? await this.anchor.carrierOffers(carrier, body.data.toString('utf8'), this.employeeSide.kind)
      : await this.anchor.answer(body.data.toString('utf8'), carrier);
    return sdp === undefined ? body : sdpBody(sdp);
  }

  private get callerIdHeader(): Record<string, string> {
    return { [CALLER_ID_HEADER]: this.plan.callerId };
  }

  /** The call ends before it was answered: the employee hears why, with the caller ID. */
  private failed(error: SipError): void {
    if (this.phase !== 'ringing') return;
    this.uas.reject(withHeaders(error, this.callerIdHeader));
    this.deps.dialogs.callFailed(this.plan.tracked, error.status, this.uas.cancelled);
    this.finish();
  }

  /** The employee cancelled, or nobody answered in time: CANCEL to the carrier, the status back. */
  private stopRinging(error: SipError): void {
    if (this.phase !== 'ringing') return;
    this.uac?.cancel();
    this.failed(error);
  }

  override stopTimers(): void {
    clearTimeout(this.ringTimer);
  }

  protected get employeeFlow(): Flow {
    return this.plan.inbound;
  }

  protected abandon(): void {
    this.stopRinging(refusal('requestTerminated'));
  }

  protected abortRinging(): void {
    this.stopRinging(refusal('serverError'));
  }
}
