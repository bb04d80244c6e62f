import type { Logger } from 'pino';
import { isSipNumber } from '../../shared/refusals';
import { deviceKind } from '../media/call-media';
import type { RefusalAnnouncer } from '../media/refusal-announcer';
import type { MediaBridge } from '../media/media-bridge';
import type { CallerSide } from '../routing/call-lines';
import type { DialogTracker } from '../routing/dialogs';
import type { LocalIdentity } from '../routing/local-identity';
import type { RingNumber } from '../routing/number-router';
import {
  bodyOf,
  type Dialog,
  type DialogLayer,
  type Guard,
  type IncomingRequest,
} from '../sip/dialog';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { SipRequest } from '../sip/message';
import { plainToken } from '../sip/random-token';
import { refusal } from '../sip/sip-error';
import type { Flow } from '../sip/transport/flow';
import { notifyReferProgress, readReferTo, transferUac } from './carrier-transfer';
import { other, sdpBody, type MediaAnchor, type Side } from './media-anchor';

export interface BackToBackDeps {
  identity: LocalIdentity;
  layer: DialogLayer;
  dialogs: DialogTracker;
  log: Logger;
  /** The media bridge; when set, the call's media is anchored there (docs: Media bridge). */
  media?: MediaBridge;
  /** Plays a refused caller the announcement of why (with the media bridge only). */
  announcer?: RefusalAnnouncer;
  /** How a transfer reaches its target; without it, transfers are refused. */
  ringNumber?: RingNumber;
  /** Called once when the call is over. */
  onGone(call: BackToBackCall): void;
  /** Where a fault of the call is reported (logged once, counted). */
  barrier?: FaultBarrier;
}

export type { RingNumber };

const NO_DIALOG = refusal('noDialog');

/**
 * A call the PBX carries as a back-to-back user agent between an employee and the carrier: a
 * bridge of two dialogs of the PBX's own (the dialog layer's) and the media anchor, so the carrier
 * never sees the employee's SIP details and never gets a request it did not expect. While it
 * rings, the subclass connects a UAS and a UAC; once both dialogs exist, each offer, INFO or other
 * request of one is re-issued in the other, a REFER from the employee becomes the PBX's own
 * transfer, and the end of either ends both. Both legs' Contact name the call
 * (`sip:b2b-TOKEN@pbx`). The call is tracked in the DialogTracker (channels, call record) under
 * the employee leg's Call-ID.
 */
export abstract class BackToBackCall {
  readonly token = `b2b-${plainToken(9)}`;
  protected phase: 'ringing' | 'connected' | 'ended' = 'ringing';
  protected employee?: Dialog;
  protected carrier?: Dialog;
  /** The Call-ID of the employee's leg, under which the call is tracked (channels, record). */
  protected employeeCallId = '';
  protected anchor?: MediaAnchor;
  /** Who the call is between, for a transfer's new leg (and its call record). */
  protected parties!: CallerSide;
  /** The carrier's SDP (offer or answer) as it sent it: what a transfer target is offered. */
  protected carrierSdp = '';
  private transferring = false;
  /** Employees who transferred the call away and have not hung up yet. */
  private readonly formers = new Set<Dialog>();
  private faulted = false;
  private gone = false;

  /** The call's fault barrier: what its work throws ends this call, and only this call. */
  readonly guard: Guard = (where, work) => {
    try {
      work();
    } catch (error) {
      this.fault(error, where);
    }
  };

  constructor(protected readonly deps: BackToBackDeps) {}

  /** The connection or address the employee's device is reached on, once known. */
  protected abstract get employeeFlow(): Flow | undefined;

  /** A call still ringing whose employee's device has gone: stop it. */
  protected abstract abandon(): void;

  /** A call still ringing that a fault ends: both sides are told it failed. */
  protected abstract abortRinging(): void;

  /**
   * Late offer (the INVITE had no SDP): `offerer`'s 2xx offered, and the answer in the ACK the
   * other side sent goes on in `offerer`'s deferred ACK, through the bridge when there is one.
   */
  protected answerLateOffer(offerer: Dialog, ack: SipRequest): void {
    const answer = bodyOf(ack);
    const anchor = this.anchor;
    if (!anchor || !answer) return offerer.acknowledge(answer);
    void anchor
      .lateAnswer(answer.data.toString('utf8'))
      .then((sdp) =>
        this.guard('late-offer answer', () =>
          offerer.acknowledge(sdp === undefined ? answer : sdpBody(sdp)),
        ),
      );
  }

  /** Stops the call's own timers (the PBX is stopping; the call is over). */
  stopTimers(): void {}

  /** Our Contact toward a flow: names this call, on the transport the flow uses. */
  contactFor = (flow: Flow): string => {
    const { identity } = this.deps;
    const transport = flow.protocol === 'udp' ? '' : `;transport=${flow.protocol}`;
    return `<sip:${this.token}@${identity.host}:${identity.portFor(flow.protocol)}${transport}>`;
  };

  /**
   * The employee's connection closed (a softphone's tab or app went away): the call cannot go
   * on, so the carrier is told at once instead of when the session would expire.
   */
  connectionClosed(flowId: string): void {
    if (this.employeeFlow?.id !== flowId) return;
    this.guard('connection closed', () => {
      if (this.phase === 'connected') this.hangUp();
      else if (this.phase === 'ringing') this.abandon();
    });
  }

  /** Runs an asynchronous piece of the call's work; what it throws or rejects ends the call. */
  protected run(where: string, work: () => Promise<void>): void {
    try {
      work().catch((error) => this.fault(error, where));
    } catch (error) {
      this.fault(error, where);
    }
  }

  /** Both dialogs exist: from now on the call is a bridge between them. */
  protected connect(employee: Dialog, carrier: Dialog): void {
    this.phase = 'connected';
    this.employee = employee;
    this.carrier = carrier;
    this.wire(employee, 'employee');
    this.wire(carrier, 'carrier');
  }

  private wire(dialog: Dialog, side: Side): void {
    dialog.on('destroy', () => this.legEnded(dialog));
    dialog.on('modify', (incoming) => this.run('re-offer', () => this.relayOffer(incoming, side)));
    const relay = (incoming: IncomingRequest) =>
      this.run('relay', () => this.relay(incoming, side));
    dialog.on('info', relay).on('request', relay);
    dialog.on('refer', (incoming) =>
      // Most carriers refuse REFER, so none is passed on; the employee's becomes a transfer.
      side === 'employee' ? this.refer(incoming) : incoming.reject(refusal('forbidden')),
    );
    if (side === 'employee') {
      dialog.on('refresh', (seconds) => this.deps.dialogs.refreshSession(dialog.callId, seconds));
    }
  }

  private dialogOn(side: Side): Dialog {
    return (side === 'employee' ? this.employee : this.carrier)!;
  }

  /** An offer from one side (hold, resume), re-offered to the other through the bridge. */
  private async relayOffer(incoming: IncomingRequest, from: Side): Promise<void> {
    const anchor = this.anchor?.connected ? this.anchor : undefined;
    const sdp = incoming.request.body.toString('utf8');
    // A bridge failure was logged by the bridge (`bridge.error`) and is refused just below.
    const offer = anchor ? await anchor.reoffer(from, sdp).catch(() => undefined) : sdp;
    if (offer === undefined) return incoming.reject(refusal('mediaBridgeDown'));
    const method = incoming.method === 'UPDATE' ? 'UPDATE' : 'INVITE';
    const response = await this.dialogOn(other(from)).modify(sdpBody(offer), method);
    if (response.status < 300) this.offerAccepted(from, sdp);
    const answer = bodyOf(response);
    if (!anchor || !answer || response.status >= 300) return incoming.forward(response);
    const rewritten = await anchor
      .reanswer(from, answer.data.toString('utf8'))
      // Logged by the bridge (`bridge.error`); refused just below.
      .catch(() => undefined);
    if (rewritten === undefined) return incoming.reject(refusal('mediaBridgeDown'));
    incoming.forward(response, sdpBody(rewritten));
  }

  /** An accepted offer holds or resumes the call, for presence as with an internal call. */
  private offerAccepted(from: Side, sdp: string): void {
    const { dialogs } = this.deps;
    const tracked = dialogs.get(this.employeeCallId);
    if (!tracked) return;
    const client = this.parties.number;
    const employee = tracked.callerNumber === client ? tracked.calleeNumber : tracked.callerNumber;
    dialogs.offerAccepted(tracked.callId, from === 'carrier' ? client : employee, sdp);
  }

  /** Any other request (INFO, NOTIFY, OPTIONS...): re-issued on the other side, its answer back. */
  private async relay(incoming: IncomingRequest, from: Side): Promise<void> {
    const to = this.dialogOn(other(from));
    incoming.forward(await to.request(incoming.method, { body: incoming.body }));
  }

  /**
   * A REFER from the employee (blind, or attended with `Replaces` in Refer-To): the PBX does the
   * transfer itself; progress goes back to the employee as NOTIFY sipfrags; on the target's
   * 200 the target's dialog becomes the employee's side, and the transferor's ends with their BYE.
   */
  private refer(incoming: IncomingRequest): void {
    const { media, ringNumber, layer, identity } = this.deps;
    const referrer = this.employee!;
    const anchor = this.anchor;
    if (!media || !ringNumber || !anchor) return incoming.reject(refusal('mediaBridgeDown'));
    // Still connecting through the bridge, or another transfer under way: try again shortly.
    if (this.transferring || !anchor.connected) {
      return incoming.reject(refusal('requestPending'));
    }
    const target = readReferTo(incoming.request);
    if (!target) return incoming.reject(refusal('badRequest', 'Bad Refer-To'));
    if (!isSipNumber(target.number)) return incoming.reject(refusal('unknownNumber'));
    incoming.respond(202, 'Accepted', { headers: { contact: referrer.contact } });
    this.transferring = true;
    notifyReferProgress(referrer, 100, 'Trying', false);
    const uac = transferUac(
      { layer, identity, ringNumber, contactFor: this.contactFor, guard: this.guard },
      {
        clientNumber: this.parties.number,
        targetNumber: target.number,
        referredBy: `<sip:${referrer.remoteUser ?? ''}@${identity.domain}>`,
        replaces: target.replaces,
        carrierSdp: this.carrierSdp,
        anchor,
        carrier: anchor.side('carrier'),
        carrierFlow: this.carrier!.flow,
        parties: this.parties,
      },
    );
    uac.on('progress', (response) =>
      notifyReferProgress(referrer, response.status, response.reason, false),
    );
    uac.on('failed', (response) => {
      this.transferring = false;
      notifyReferProgress(referrer, response.status, response.reason, true);
    });
    uac.on('answered', (target) => {
      this.transferring = false;
      if (this.phase !== 'connected') return void target.destroy(); // the client hung up
      this.handOver(target);
      notifyReferProgress(referrer, 200, 'OK', true);
    });
    uac.start();
  }

  /** The target answered: its dialog becomes the employee's side of the bridge. */
  private handOver(target: Dialog): void {
    this.retire(this.employee!);
    this.employee = target;
    this.employeeCallId = target.callId;
    target.localSdp = this.anchor?.answeredOffer ?? target.localSdp;
    this.anchor?.handOver({ tag: target.remoteTag, kind: deviceKind(target.flow) });
    this.wire(target, 'employee');
  }

  /**
   * The employee who transferred the call keeps their dialog until their BYE, which ends their
   * tracked call (their line is freed); the call goes on without them.
   */
  private retire(former: Dialog): void {
    const { dialogs } = this.deps;
    former.removeAllListeners();
    this.formers.add(former);
    former.on('destroy', () => {
      this.formers.delete(former);
      dialogs.callEnded(former.callId);
    });
    former.on('refresh', (seconds) => dialogs.refreshSession(former.callId, seconds));
    const gone = (incoming: IncomingRequest) => incoming.reject(NO_DIALOG);
    former.on('modify', gone).on('refer', gone).on('info', gone);
    former.on('request', (incoming) =>
      incoming.method === 'NOTIFY' ? incoming.respond(200, 'OK') : incoming.reject(NO_DIALOG),
    );
  }

  /** One leg ended (its BYE, no ACK, session expired): the other is hung up; the call is over. */
  private legEnded(ended: Dialog): void {
    if (this.phase !== 'connected') return;
    void (ended === this.employee ? this.carrier : this.employee)?.destroy();
    this.end();
  }

  /** Ends both legs from the PBX's side (the device is gone). */
  protected hangUp(): void {
    if (this.phase !== 'connected') return;
    void this.carrier?.destroy();
    void this.employee?.destroy();
    this.end();
  }

  /** A connected call is over: its tracked call ends (lines freed, record closed). */
  protected end(): void {
    if (this.phase !== 'connected') return;
    this.deps.dialogs.callEnded(this.employeeCallId);
    this.finish();
  }

  /**
   * The call is over however it ended: timers, the media anchor and the trunk let go of it; an
   * employee who transferred it and is still on their leg is hung up too.
   */
  protected finish(): void {
    this.phase = 'ended';
    if (this.gone) return;
    this.gone = true;
    for (const former of this.formers) {
      void former.destroy();
      this.deps.dialogs.callEnded(former.callId);
    }
    this.stopTimers();
    this.anchor?.release();
    this.deps.onGone(this);
  }

  /**
   * The call's own work threw: reported once, then the call ends (both legs, its line, call
   * record and media), and only this call.
   */
  protected fault(error: unknown, where: string): void {
    if (this.faulted) return;
    this.faulted = true;
    const { barrier, dialogs } = this.deps;
    barrier?.caught(error, { callId: this.employeeCallId, in: `carrier call: ${where}` });
    if (barrier) barrier.stats.callsEndedByFault++;
    try {
      if (this.phase === 'connected') {
        void this.carrier?.destroy();
        void this.employee?.destroy();
      } else if (this.phase === 'ringing') {
        this.abortRinging();
      }
    } catch (secondary) {
      barrier?.caught(secondary, { callId: this.employeeCallId, in: 'carrier call: ending' });
    } finally {
      const tracked = dialogs.get(this.employeeCallId);
      if (tracked) dialogs.endByFault(tracked);
      this.finish();
    }
  }
}
