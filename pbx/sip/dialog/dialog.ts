/**
 * A confirmed INVITE dialog of the PBX's own (RFC 3261 §12), in the shape of drachtio-srf's
 * `Dialog`: it sends requests inside the dialog (`request`, `modify`, `destroy`), answers what
 * only the dialog can (BYE, session refreshes, glare, out-of-order CSeq), repeats its 2xx to an
 * INVITE until the ACK, keeps the RFC 4028 session timer, and hands the rest to its owner as
 * typed events.
 */
import { EventEmitter } from 'node:events';
import { newBranch } from '../../routing/local-identity';
import { copyUri } from '../../routing/message-copy';
import { SipHeaders, SipRequest, type SipResponse } from '../message';
import { refusal, refusalResponse } from '../sip-error';
import type { ServerTransaction } from '../transaction';
import type { Flow } from '../transport/flow';
import type { SipUri } from '../uri';
import { answerableChallenge, digestAuthorization } from './digest-client';
import { IncomingRequest } from './incoming';
import {
  answeredTerms,
  requestedTerms,
  sessionExpiresValue,
  SessionTimer,
  type SessionTerms,
} from './session-timer';
import { PeerProbe } from './peer-probe';
import { repeatUntilAck, sendRequest } from './transmit';
import type { DialogEvents, DialogHost, DialogInit, DialogEnd } from './dialog-contract';
import { addExtra, bodyOf, type Body, type Credentials, type Extra, type Guard } from './types';

export type { DialogEnd, DialogEvents, DialogHost, DialogInit } from './dialog-contract';

type Resolve = (response: SipResponse) => void;

export class Dialog extends EventEmitter<DialogEvents> {
  readonly kind: 'uas' | 'uac';
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly local: string;
  readonly remote: string;
  readonly remoteUser?: string;
  readonly flow: Flow;
  readonly contact: string;
  remoteTarget: SipUri;
  readonly routeSet: readonly string[];
  /** The SDP the PBX last sent in this dialog, offer or answer. */
  localSdp?: Body;
  state: 'confirmed' | 'terminated' = 'confirmed';
  readonly session: SessionTimer;
  /** Dead-peer detection (`peer-probe.ts`), when the dialog layer asks for it. */
  private readonly probe: PeerProbe;
  private localSeq: number;
  private remoteSeq?: number;
  /** An offer of either side waits for its answer: a crossing one gets 491 (glare). */
  private offering = false;
  private readonly pending = new Set<IncomingRequest>();
  private ackWait?: () => void;
  private pendingAck?: (answer: Body | undefined) => void;
  private readonly remoteAllows: ReadonlySet<string>;
  private readonly credentials?: Credentials;

  constructor(
    private readonly host: DialogHost,
    init: DialogInit,
    /** The owner's fault barrier, for the dialog's timers, responses and incoming requests. */
    readonly guard: Guard,
  ) {
    super();
    ({
      kind: this.kind,
      callId: this.callId,
      localTag: this.localTag,
      remoteTag: this.remoteTag,
      local: this.local,
      remote: this.remote,
      remoteUser: this.remoteUser,
      remoteTarget: this.remoteTarget,
      routeSet: this.routeSet,
      flow: this.flow,
      contact: this.contact,
      localSeq: this.localSeq,
      remoteSeq: this.remoteSeq,
      localSdp: this.localSdp,
      remoteAllows: this.remoteAllows,
      credentials: this.credentials,
    } = init);
    this.session = new SessionTimer(
      { due: () => this.refreshSession(), expired: () => this.end({ reason: 'session-expired' }) },
      guard,
    );
    this.probe = new PeerProbe(
      host.probeIntervalMs ?? 0,
      {
        ask: () => this.request('OPTIONS').then((response) => response.status),
        gone: () => this.end({ reason: 'peer-gone' }),
      },
      guard,
    );
  }

  /** Call-ID and local tag: how the dialog layer finds the dialog of an incoming request. */
  get id(): string {
    return dialogId(this.callId, this.localTag);
  }

  /**
   * A request inside the dialog; resolves with its final response, never rejects: a timeout is a
   * 408 and a closed flow a 503, made up here. A 2xx to an INVITE is ACKed; a 401/407 answered
   * once when the dialog has credentials.
   */
  request(method: string, extra: Extra = {}): Promise<SipResponse> {
    const request = this.build(method, extra);
    if (this.state === 'terminated') {
      return Promise.resolve(refusalResponse(request, refusal('noDialog')));
    }
    return new Promise((resolve) => this.send(request, extra, resolve, true));
  }

  /** A new offer (hold, resume, a re-offer through the media bridge): re-INVITE or UPDATE. */
  modify(body: Body | undefined, method: 'INVITE' | 'UPDATE' = 'INVITE'): Promise<SipResponse> {
    return this.request(method, { body });
  }

  /**
   * Late offer (RFC 3264 §5): our INVITE had no SDP, the far end's 2xx offered, and the ACK waits
   * for the answer, which the owner gives (`acknowledge`). `send` sends the ACK with it.
   */
  deferAck(send: (answer: Body | undefined) => void): void {
    this.pendingAck = send;
  }

  /** Sends the deferred ACK, with the answer when there is one (once; later calls do nothing). */
  acknowledge(answer?: Body): void {
    const send = this.pendingAck;
    if (!send) return;
    this.pendingAck = undefined;
    if (answer) this.localSdp = answer;
    send(answer);
  }

  /**
   * Ends the dialog from the PBX's side: BYE (after a deferred ACK; none for a subscription's);
   * no `destroy` event.
   */
  destroy(bye = true): Promise<SipResponse | undefined> {
    if (this.state === 'terminated') return Promise.resolve(undefined);
    this.acknowledge(); // a 2xx is always acknowledged before the BYE (RFC 3261 §13.2.2.4)
    const sent = bye ? this.request('BYE') : Promise.resolve(undefined);
    this.terminate();
    return sent;
  }

  /** A request the far end sent inside this dialog (the dialog layer matched it). */
  receive(request: SipRequest, tx: ServerTransaction): void {
    const incoming = new IncomingRequest(request, tx, this);
    if (this.state === 'terminated' || request.fromTag !== this.remoteTag) {
      return incoming.reject(refusal('noDialog'));
    }
    this.probe.heard();
    const seq = request.cseq?.seq ?? 0;
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) {
      return incoming.reject(refusal('outOfOrder'));
    }
    this.remoteSeq = seq;
    this.pending.add(incoming);
    switch (request.method) {
      case 'BYE':
        incoming.respond(200, 'OK');
        return this.end({ reason: 'bye', request }, false);
      case 'INVITE':
      case 'UPDATE':
        return this.receiveOffer(incoming);
      case 'REFER':
        return this.deliver('refer', incoming, () => incoming.reject(refusal('forbidden')));
      case 'INFO':
        return this.deliver('info', incoming, () => incoming.respond(200, 'OK'));
      default:
        return this.deliver('request', incoming, () =>
          request.method === 'NOTIFY' || request.method === 'OPTIONS'
            ? incoming.respond(200, 'OK')
            : incoming.reject(refusal('methodNotAllowed')),
        );
    }
  }

  /** The ACK of a 2xx: the 2xx is no longer repeated. */
  receiveAck(ack: SipRequest): void {
    this.probe.heard();
    if (!this.ackWait) return;
    this.ackWait();
    this.ackWait = undefined;
    this.emit('ack', ack);
  }

  /** The PBX's 2xx to an INVITE: repeated until the ACK; none after 64·T1 ends the session. */
  awaitAck(ok: SipResponse): void {
    this.ackWait?.();
    this.ackWait = repeatUntilAck(this.flow, ok, this.host.timers, this.guard, () => {
      this.ackWait = undefined;
      this.end({ reason: 'ack-timeout' });
    });
  }

  /** The ACK for a 2xx to our INVITE (RFC 3261 §13.2.2.4): the INVITE's CSeq number. */
  ack(invite: SipRequest): SipRequest {
    const headers = this.headers('ACK', invite.cseq?.seq ?? this.localSeq);
    headers.delete('contact');
    return new SipRequest('ACK', copyUri(this.remoteTarget), headers);
  }

  /** Stops every timer (the PBX is stopping). */
  stopTimers(): void {
    this.probe.stop();
    this.ackWait?.();
    this.ackWait = undefined;
    this.session.stop();
  }

  /** Sends the final (or provisional) response to a request of the far end's. */
  answer(incoming: IncomingRequest, response: SipResponse): void {
    const { request } = incoming;
    const success = response.status >= 200 && response.status < 300;
    const refresh = request.method === 'INVITE' || request.method === 'UPDATE';
    const terms = refresh ? requestedTerms(request) : undefined;
    if (success && refresh) {
      response.headers.set('contact', this.contact);
      if (terms) response.headers.set('session-expires', sessionExpiresValue(terms));
      this.localSdp = bodyOf(response) ?? this.localSdp;
      const target = request.contact()?.uri;
      if (target) this.remoteTarget = copyUri(target); // a target refresh (RFC 3261 §12.2.2)
    }
    incoming.tx.respond(response);
    if (response.status < 200) return;
    incoming.answered = true;
    this.pending.delete(incoming);
    if (incoming.isOffer) this.offering = false;
    if (!success || !refresh || this.state === 'terminated') return;
    this.sessionRefreshed(terms, 'uas');
    if (request.method === 'INVITE') this.awaitAck(response);
  }

  private receiveOffer(incoming: IncomingRequest): void {
    if (this.offering) return incoming.reject(refusal('requestPending'));
    if (!incoming.isOffer) {
      // A refresh (RFC 4028), or a re-INVITE asking for an offer: ours stays what it was.
      const sdp = incoming.method === 'INVITE' ? this.localSdp : undefined;
      return incoming.respond(200, 'OK', { body: sdp });
    }
    if (this.listenerCount('modify') === 0) {
      return incoming.reject(refusal('notAcceptable'));
    }
    this.offering = true;
    this.emit('modify', incoming);
  }

  private deliver(
    event: 'refer' | 'info' | 'request',
    incoming: IncomingRequest,
    otherwise: () => void,
  ): void {
    if (this.listenerCount(event) === 0) otherwise();
    else this.emit(event, incoming);
  }

  /** The request line and the dialog's fields (RFC 3261 §12.2.1.1). */
  private build(method: string, extra: Extra): SipRequest {
    const headers = this.headers(method, ++this.localSeq);
    if ((method === 'INVITE' || method === 'UPDATE') && this.session.running) {
      const refresher = this.session.weRefresh ? 'uac' : 'uas';
      headers.set(
        'session-expires',
        sessionExpiresValue({ seconds: this.session.seconds!, refresher }),
      );
      headers.set('supported', 'timer');
    }
    const request = new SipRequest(method, copyUri(this.remoteTarget), headers);
    addExtra(request, extra);
    return request;
  }

  private headers(method: string, seq: number): SipHeaders {
    const headers = new SipHeaders()
      .set('via', this.host.identity.via(this.flow, newBranch()))
      .set('max-forwards', '70')
      .set('from', this.local)
      .set('to', this.remote)
      .set('call-id', this.callId)
      .set('cseq', `${seq} ${method}`)
      .set('contact', this.contact);
    if (this.routeSet.length > 0) headers.set('route', this.routeSet);
    return headers;
  }

  private send(
    request: SipRequest,
    extra: Extra,
    resolve: Resolve,
    mayAuthenticate: boolean,
  ): void {
    const { method } = request;
    const offer = (method === 'INVITE' || method === 'UPDATE') && request.body.length > 0;
    if (offer) this.offering = true;
    let ack: SipRequest | undefined;
    let settled = false;
    const final = (response: SipResponse) => {
      if (settled) return;
      settled = true;
      if (offer) this.offering = false;
      if (mayAuthenticate && answerableChallenge(response, this.credentials)) {
        const again = this.build(method, extra);
        const { name, value } = digestAuthorization(again, response, this.credentials!);
        again.headers.set(name, value);
        return this.send(again, extra, resolve, false);
      }
      if (response.status >= 200 && response.status < 300) this.succeeded(request, response);
      resolve(response);
    };
    sendRequest(this.host.transactions, request, this.flow, (response) =>
      this.guard(`${method} ${response.status}`, () => {
        if (response.status < 200) return;
        if (method === 'INVITE' && response.status < 300) {
          // Every 2xx (a retransmission too) is acknowledged, with the same ACK.
          ack ??= this.ack(request);
          this.flow.send(ack);
        }
        final(response);
      }),
    );
  }

  /** A 2xx to our re-INVITE or UPDATE: the SDP sent is ours now, and the session is refreshed. */
  private succeeded(request: SipRequest, response: SipResponse): void {
    if (request.method !== 'INVITE' && request.method !== 'UPDATE') return;
    this.localSdp = bodyOf(request) ?? this.localSdp;
    const target = request.method === 'INVITE' ? response.contact()?.uri : undefined;
    if (target) this.remoteTarget = copyUri(target);
    this.sessionRefreshed(answeredTerms(response), 'uac');
  }

  /** A successful refresh either way: new terms when it named some, else the same again. */
  private sessionRefreshed(terms: SessionTerms | undefined, ourRole: 'uac' | 'uas'): void {
    if (this.state === 'terminated') return;
    if (terms) this.session.start(terms.seconds, terms.refresher === ourRole);
    else this.session.refreshed();
    if (this.session.seconds !== undefined) this.emit('refresh', this.session.seconds);
  }

  /** The PBX is the refresher: an UPDATE when the far end allows one, else a re-INVITE. */
  private refreshSession(): void {
    if (this.offering) return this.session.refreshed(); // the transaction under way refreshes
    const update = this.remoteAllows.has('UPDATE');
    const body = update ? undefined : this.localSdp;
    void this.request(update ? 'UPDATE' : 'INVITE', { body }).then((response) =>
      this.guard('session refresh response', () => {
        // RFC 4028 §10: a refresh that times out or finds no dialog ends the session.
        const gone = [408, 481, 503].includes(response.status);
        if (gone) this.end({ reason: 'session-expired' });
      }),
    );
  }

  /** The dialog ends by the protocol (BYE received, no ACK, session expired): the owner hears. */
  private end(end: DialogEnd, sendBye = true): void {
    if (this.state === 'terminated') return;
    if (sendBye) void this.request('BYE');
    this.terminate();
    this.emit('destroy', end);
  }

  /** Out of the dialog layer; requests still unanswered get 487 (RFC 3261 §15.1.2). */
  private terminate(): void {
    this.state = 'terminated';
    this.stopTimers();
    this.host.forget(this);
    for (const incoming of [...this.pending]) {
      incoming.reject(refusal('requestTerminated'));
    }
  }
}

/** The dialog layer's key: the Call-ID and the PBX's own tag. */
export function dialogId(callId: string, localTag: string): string {
  return `${callId}\n${localTag}`;
}
