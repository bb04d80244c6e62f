import type { Logger } from 'pino';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { SipRequest, SipResponse } from '../sip/message';
import { refusal, refusalResponse } from '../sip/sip-error';
import { createResponse, type ServerTransaction, type TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import { sessionSeconds } from '../routing/call-lines';
import type { CallMedia, DialogTracker } from '../routing/dialogs';
import type { CallerSide } from '../routing/call-lines';
import type { Upstream } from '../routing/proxy-call';
import { isSipNumber, REFUSALS } from '../../shared/refusals';
import { CarrierTransfer, notifyReferProgress, readReferTo } from './carrier-transfer';
import type { LocalIdentity } from '../routing/local-identity';
import { plainToken } from '../sip/random-token';
import { reofferThrough, type MediaSide, type Reoffer } from '../media/call-media';
import type { MediaBridge } from '../media/media-bridge';
import type { DialogLeg } from './dialog-leg';

export interface BackToBackDeps {
  identity: LocalIdentity;
  transactions: TransactionLayer;
  dialogs: DialogTracker;
  log: Logger;
  /** The media bridge; when set, the call's media is anchored there (docs: Media bridge). */
  media?: MediaBridge;
  /** How a transfer reaches its target; without it, transfers are refused. */
  ringNumber?: RingNumber;
  /** Called once when both legs are over. */
  onGone(call: BackToBackCall): void;
  /** Where a fault of the call is reported (logged once, counted). */
  barrier?: FaultBarrier;
}

export type Side = 'employee' | 'carrier';

/** Routes a new INVITE of the PBX's own to a SIP number (the pipeline's rules apply). */
export type RingNumber = (
  invite: SipRequest,
  upstream: Upstream,
  caller: CallerSide,
  sipNumber: string,
) => void;

export { plainToken };

/**
 * A call the PBX carries as a back-to-back user agent between an employee and the carrier:
 * two dialogs of the PBX's own, so the carrier never sees the employee's SIP details and never
 * gets a request it did not expect. Each in-dialog request on one leg is answered by the PBX
 * and re-issued on the other. Both legs' Contact name the call (`sip:b2b-TOKEN@pbx`), which
 * is how the trunk finds the call again. The call tracked in the DialogTracker (channels, call
 * record) is the employee leg's Call-ID.
 */
export abstract class BackToBackCall {
  readonly token = `b2b-${plainToken(9)}`;
  protected answered = false;
  protected ended = false;
  /** The sides' tags and kinds in the bridge, once the media is anchored there. */
  private anchored?: Record<Side, MediaSide>;

  constructor(protected readonly deps: BackToBackDeps) {}

  /** The carrier's leg. */
  protected carrier!: DialogLeg;
  /** The employee's leg, once its dialog exists; another employee's after a transfer. */
  protected employee?: DialogLeg;
  /** The Call-ID of the employee's leg, under which the call is tracked (channels, record). */
  protected employeeCallId!: string;
  /** The bridge's name for the call: the first employee leg's Call-ID, kept through transfers. */
  protected mediaCallId!: string;

  /** Who the call is between, for a transfer's new leg (and its call record). */
  protected parties!: CallerSide;
  /** The carrier's SDP (offer or answer): what a transfer target is offered, through the bridge. */
  protected carrierSdp = '';
  /** Employees who transferred the call away: their leg ends with their BYE. */
  private readonly formerEmployees = new Map<string, DialogLeg>();
  private transferring = false;
  /** Set once a fault ended the call: nothing more is done for it. */
  protected faulted = false;

  /** The leg on one side, once its dialog exists. */
  protected leg(side: Side): DialogLeg | undefined {
    return side === 'employee' ? this.employee : this.carrier;
  }

  /** The connection or address the employee's device is reached on, once known. */
  protected abstract get employeeFlow(): Flow | undefined;

  /** A call still ringing whose employee's device has gone: stop it. */
  protected abstract abandon(): void;

  /** A call still ringing that a fault ends: both sides are told it failed. */
  protected abstract abortRinging(): void;

  /**
   * The call's own work threw: reported once, then the call ends (both legs, its line, call
   * record and media), and only this call; later messages of the call are ignored.
   */
  protected fault(error: unknown, where: string): void {
    if (this.faulted) return;
    this.faulted = true;
    const { barrier, dialogs } = this.deps;
    barrier?.caught(error, { callId: this.employeeCallId, in: `carrier call: ${where}` });
    if (barrier) barrier.stats.callsEndedByFault++;
    try {
      if (this.answered) this.hangUp();
      else this.abortRinging();
    } catch (secondary) {
      barrier?.caught(secondary, { callId: this.employeeCallId, in: 'carrier call: ending' });
    } finally {
      const tracked = this.employeeCallId ? dialogs.get(this.employeeCallId) : undefined;
      if (tracked) dialogs.endByFault(tracked);
      this.ended = true;
      this.deps.onGone(this);
    }
  }

  /** Runs the call's work; what it throws ends the call (`fault`), not the process. */
  protected guarded(where: string, work: () => void): void {
    if (this.faulted) return;
    try {
      work();
    } catch (error) {
      this.fault(error, where);
    }
  }

  /**
   * The employee's connection closed (a softphone's tab or app went away): the call cannot go
   * on, so the carrier is told at once instead of when the session would expire.
   */
  connectionClosed(flowId: string): void {
    if (this.employeeFlow?.id !== flowId) return;
    if (this.answered) this.hangUp();
    else this.abandon();
  }

  /** Ends both legs from the PBX's side (device gone, session expired, 2xx never ACKed). */
  protected hangUp(): void {
    if (!this.answered) return;
    this.sendInDialog('carrier', 'BYE');
    this.sendInDialog('employee', 'BYE');
    this.end();
  }

  /** Stops the call's timers; the PBX is shutting down. */
  abstract stopTimers(): void;

  /** The carrier acknowledged our 2xx (the inbound call stops retransmitting it). */
  protected onCarrierAck(): void {}

  /** Our Contact toward a flow: names this call, on the transport the flow uses. */
  contactFor(flow: Flow): string {
    const { identity } = this.deps;
    const transport = flow.protocol === 'udp' ? '' : `;transport=${flow.protocol}`;
    return `<sip:${this.token}@${identity.host}:${identity.portFor(flow.protocol)}${transport}>`;
  }

  /** Which side a request inside this call comes from, by its Call-ID. */
  sideOf(request: SipRequest): Side {
    return request.callId === this.employeeCallId ? 'employee' : 'carrier';
  }

  /** An in-dialog request from one side: answered here, re-issued on the other side. */
  inDialog(request: SipRequest, tx: ServerTransaction | null, from: Side): void {
    if (request.method === 'ACK') {
      // Each leg's 2xx is ACKed by the PBX itself; only the carrier's ACK of ours matters.
      if (from === 'carrier') this.onCarrierAck();
      return;
    }
    if (!tx) return;
    const former = this.formerEmployees.get(request.callId);
    if (former) return this.fromFormerEmployee(request, tx);
    const to: Side = from === 'employee' ? 'carrier' : 'employee';
    if (request.method === 'REFER') {
      if (from === 'employee') this.transfer(request, tx);
      else tx.respond(createResponse(request, 403, 'Forbidden'));
      return;
    }
    if (request.method === 'UPDATE' && request.body.length === 0) {
      // A session refresh without an offer concerns this leg alone (RFC 4028): answered here.
      const reply = createResponse(request, 200, 'OK');
      this.sessionRefreshed(request, reply);
      tx.respond(reply);
      return;
    }
    if (request.method === 'BYE') {
      tx.respond(createResponse(request, 200, 'OK'));
      this.sendInDialog(to, 'BYE');
      this.end();
      return;
    }
    const leg = this.leg(to);
    if (!leg) {
      tx.respond(createResponse(request, 491, 'Request Pending'));
      return;
    }
    this.relay(request, tx, from, leg).catch((error) => this.fault(error, 'relay'));
  }

  /**
   * Re-issues a request on the other leg and its final response on this one; an offer and its
   * answer go through the bridge when the call's media is anchored there.
   */
  private async relay(
    request: SipRequest,
    tx: ServerTransaction,
    from: Side,
    to: DialogLeg,
  ): Promise<void> {
    const onward = to.request(request.method, this.deps.identity, bodyOf(request));
    const media = onward.body.length > 0 ? this.reoffer(from) : undefined;
    try {
      await media?.offer(onward);
    } catch {
      tx.respond(refusalResponse(request, refusal('mediaBridgeDown')));
      return;
    }
    this.send(to, onward, (response) => {
      const reply = createResponse(request, response.status, response.reason);
      copyBody(response, reply);
      const ownLeg = this.leg(from);
      if (request.method === 'INVITE' && response.status < 300 && ownLeg)
        reply.headers.set('contact', ownLeg.contact);
      if (response.status < 300) this.sessionRefreshed(request, reply);
      if (!media || reply.body.length === 0) return void tx.respond(reply);
      media
        .answer(reply)
        .then(
          () => tx.respond(reply),
          () => tx.respond(refusalResponse(request, refusal('mediaBridgeDown'))),
        )
        .catch((error) => this.fault(error, 'bridged answer'));
    });
  }

  /** The bridge's rewriting of a new offer from one side, when the media is anchored. */
  private reoffer(from: Side): Reoffer | undefined {
    const { media } = this.deps;
    const anchored = this.anchored;
    if (!media || !anchored) return undefined;
    const to: Side = from === 'employee' ? 'carrier' : 'employee';
    return reofferThrough(media, this.mediaCallId, anchored[from], anchored[to]);
  }

  /** The bridge's session of this call, released whenever the tracked call ends. */
  protected bridgeSession(offererTag: string): CallMedia {
    const { media } = this.deps;
    const keys = { callId: this.mediaCallId, fromTag: offererTag };
    return { release: () => void media?.delete(keys).catch(() => {}) };
  }

  /** Both sides as the bridge names them, once the call is answered through it. */
  protected anchor(sides: Record<Side, MediaSide>): void {
    this.anchored = sides;
  }

  /**
   * RFC 4028: a re-INVITE or UPDATE that asked for a session interval has refreshed the session
   * when it succeeds. The sender stays the refresher; the tracked call's expiry moves.
   */
  private sessionRefreshed(request: SipRequest, reply: SipResponse): void {
    const seconds = sessionSeconds(request);
    if (seconds === undefined || (request.method !== 'INVITE' && request.method !== 'UPDATE'))
      return;
    if (!reply.headers.has('session-expires'))
      reply.headers.set('session-expires', `${seconds};refresher=uac`);
    this.deps.dialogs.refreshSession(this.employeeCallId, seconds);
  }

  /**
   * A REFER from the employee (blind, or attended with `Replaces` in Refer-To): the PBX does
   * the transfer itself on the employee's side; the carrier never sees a REFER, and its media
   * stays anchored where it is. Progress goes back to the employee as NOTIFY sipfrags; the
   * transfer is done on the target's 200, and the employee's leg ends with their BYE.
   */
  private transfer(request: SipRequest, tx: ServerTransaction): void {
    const referrer = this.employee;
    const { media, ringNumber, identity } = this.deps;
    const reply = (status: number, reason: string, token?: string) => {
      const response = createResponse(request, status, reason);
      if (token) response.headers.set('x-pbx-reason', token);
      tx.respond(response);
    };
    if (!media || !ringNumber) {
      const { status, reason, token } = REFUSALS.mediaBridgeDown;
      return reply(status, reason, token);
    }
    // Still connecting through the bridge, or another transfer under way: try again shortly.
    if (this.transferring || !this.anchored || !referrer) return reply(491, 'Request Pending');
    const target = readReferTo(request);
    if (!target) return reply(400, 'Bad Refer-To');
    if (!isSipNumber(target.number)) return reply(404, 'Not Found', 'unknown-number');
    const accepted = createResponse(request, 202, 'Accepted');
    accepted.headers.set('contact', referrer.contact);
    tx.respond(accepted);
    this.transferring = true;
    this.notifyTransfer(referrer, 100, 'Trying', false);
    const { anchored } = this;
    const transfer = new CarrierTransfer(
      identity,
      (flow) => this.contactFor(flow),
      {
        clientNumber: this.parties.number,
        targetNumber: target.number,
        referredBy: `<sip:${referrer.remoteUser ?? ''}@${identity.domain}>`,
        replaces: target.replaces,
        carrierSdp: this.carrierSdp,
        bridge: media,
        mediaCallId: this.mediaCallId,
        carrier: anchored.carrier,
        carrierFlow: this.carrier.flow,
      },
      {
        progress: (status, reason) => this.notifyTransfer(referrer, status, reason, false),
        failed: (status, reason) => {
          this.transferring = false;
          this.notifyTransfer(referrer, status, reason, true);
        },
        answered: (leg, employee) => {
          this.transferring = false;
          this.handOver(leg, employee);
          this.notifyTransfer(referrer, 200, 'OK', true);
        },
      },
    );
    ringNumber(transfer.request, transfer, this.parties, target.number);
  }

  /** The target answered: its leg becomes the employee's; the former one waits for its BYE. */
  private handOver(leg: DialogLeg, employee: MediaSide): void {
    const { dialogs } = this.deps;
    const former = dialogs.get(this.employeeCallId);
    if (former) {
      // The bridge session now belongs to the new leg's call.
      former.media = undefined;
      former.onSessionExpired = undefined;
    }
    if (this.employee) this.formerEmployees.set(this.employeeCallId, this.employee);
    this.employee = leg;
    this.employeeCallId = leg.callId;
    this.anchored = { carrier: this.anchored!.carrier, employee };
    const tracked = dialogs.get(leg.callId);
    if (tracked) tracked.onSessionExpired = () => this.hangUp();
  }

  /** The employee who transferred the call hangs up their own leg; the call goes on. */
  private fromFormerEmployee(request: SipRequest, tx: ServerTransaction): void {
    const callId = request.callId;
    if (request.method !== 'BYE') {
      tx.respond(
        request.method === 'NOTIFY'
          ? createResponse(request, 200, 'OK')
          : createResponse(request, 481, 'Call/Transaction Does Not Exist'),
      );
      return;
    }
    tx.respond(createResponse(request, 200, 'OK'));
    this.formerEmployees.delete(callId);
    this.deps.dialogs.callEnded(callId);
  }

  private notifyTransfer(leg: DialogLeg, status: number, reason: string, final: boolean): void {
    const { identity, transactions } = this.deps;
    notifyReferProgress({ leg, identity, transactions }, status, reason, final);
  }

  /** Both legs are over: the tracked call ends (channels freed, record closed). */
  protected end(): void {
    if (this.ended && !this.answered) return;
    this.ended = true;
    this.answered = false;
    this.deps.dialogs.callEnded(this.employeeCallId);
    this.deps.onGone(this);
  }

  /** Sends a request inside one leg's dialog; a 2xx to a re-INVITE is ACKed here. */
  protected sendInDialog(
    side: Side,
    method: string,
    body?: { type: string; data: Buffer },
    onFinal?: (response: SipResponse) => void,
  ): void {
    const leg = this.leg(side);
    if (!leg) return;
    this.sendOnLeg(leg, method, body, onFinal);
  }

  protected sendOnLeg(
    leg: DialogLeg,
    method: string,
    body?: { type: string; data: Buffer },
    onFinal?: (response: SipResponse) => void,
  ): void {
    this.send(leg, leg.request(method, this.deps.identity, body), onFinal);
  }

  private send(
    leg: DialogLeg,
    request: SipRequest,
    onFinal?: (response: SipResponse) => void,
  ): void {
    const { method } = request;
    const final = (response: SipResponse) => this.guarded(method, () => onFinal?.(response));
    this.deps.transactions.sendRequest(request, leg.flow, {
      onResponse: (response) => {
        if (response.status < 200) return;
        if (method === 'INVITE' && response.status < 300) {
          leg.flow.send(leg.ack(request, this.deps.identity));
        }
        final(response);
      },
      onTimeout: () => final(createResponse(request, 408, 'Request Timeout')),
      onTransportError: () => final(createResponse(request, 503, 'Service Unavailable')),
    });
  }
}

export function bodyOf(
  message: SipRequest | SipResponse,
): { type: string; data: Buffer } | undefined {
  if (message.body.length === 0) return undefined;
  return { type: message.headers.get('content-type') ?? 'application/sdp', data: message.body };
}

export function copyBody(from: SipRequest | SipResponse, to: SipRequest | SipResponse): void {
  const body = bodyOf(from);
  if (!body) return;
  to.body = body.data;
  to.headers.set('content-type', body.type);
}
