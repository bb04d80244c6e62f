/**
 * The PBX calling (drachtio-srf's `createUAC`): it builds the INVITE, answers one digest
 * challenge, CANCELs when told to (once the far end has sent a provisional response, RFC 3261
 * §9.1), ACKs every 2xx itself, and turns the first 2xx into a `Dialog`. A 2xx from a second
 * far end (a fork) is ACKed and hung up at once.
 */
import { EventEmitter } from 'node:events';
import { newBranch } from '../../routing/local-identity';
import { copyUri } from '../../routing/message-copy';
import { SipHeaders, SipRequest, type SipResponse } from '../message';
import { plainToken } from '../random-token';
import { refusal, refusalResponse } from '../sip-error';
import type { ClientTransaction } from '../transaction';
import type { Flow } from '../transport/flow';
import type { SipUri } from '../uri';
import { buildCancel } from './cancel';
import { Dialog, type DialogHost } from './dialog';
import { answerableChallenge, digestAuthorization } from './digest-client';
import { answeredTerms } from './session-timer';
import { sendRequest } from './transmit';
import { addExtra, allowedMethods, bodyOf, type Body, type Credentials, type Guard } from './types';

/**
 * How the INVITE reaches the callee when the PBX's routing forks it (the employee's devices): the
 * route sends it, hands every response back through `Uac.receive` with the flow it came on, and
 * cancels the branches on `cancel`.
 */
export interface InviteRoute {
  send(invite: SipRequest, uac: Uac): void;
  cancel(): void;
}

export interface UacOptions {
  uri: SipUri;
  /** From and To, without tags. */
  from: string;
  to: string;
  callId: string;
  /** The PBX's Contact toward the flow the dialog is on. */
  contact(flow: Flow): string;
  /** Straight to this flow, or through `route`. */
  flow?: Flow;
  route?: InviteRoute;
  headers?: Readonly<Record<string, string>>;
  body?: Body;
  /** Answers the callee's 401/407 once, in the dialog too. */
  credentials?: Credentials;
  guard: Guard;
}

export interface UacEvents {
  /** A provisional response other than 100. */
  progress: [response: SipResponse];
  /**
   * The first 2xx, ACKed: the dialog. It comes even after `cancel` (the 2xx crossed the CANCEL):
   * the owner then ends it.
   */
  answered: [dialog: Dialog, response: SipResponse];
  /** A final failure: the far end's, or 408/503 made up for a timeout or a closed flow. */
  failed: [response: SipResponse];
}

export class Uac extends EventEmitter<UacEvents> {
  /** The INVITE as last sent (again with credentials after a challenge). */
  invite: SipRequest;
  dialog?: Dialog;
  private readonly fromTag = plainToken(6);
  private tx?: ClientTransaction;
  private state: 'calling' | 'early' | 'answered' | 'failed' = 'calling';
  private challenged = false;
  /** Set by `cancel`: the CANCEL goes out with the first provisional response. */
  private cancelling = false;
  private cancelSent = false;
  private giveUp?: NodeJS.Timeout;
  private ack?: SipRequest;
  private lateAck?: NodeJS.Timeout;

  constructor(
    private readonly host: DialogHost & { add(dialog: Dialog): void },
    private readonly options: UacOptions,
  ) {
    super();
    this.invite = this.build(1);
  }

  get cancelled(): boolean {
    return this.cancelling;
  }

  /** Sends the INVITE. */
  start(): void {
    this.send();
  }

  /**
   * Stops the call attempt. Straight to a flow: a CANCEL now, or as soon as a provisional
   * response shows the far end has the INVITE; routed: the route cancels its branches.
   */
  cancel(reason?: string): void {
    if (this.cancelling || this.state === 'answered' || this.state === 'failed') return;
    this.cancelling = true;
    if (this.options.route) return this.options.route.cancel();
    if (this.state === 'early') this.sendCancel(reason);
  }

  /** A response to the INVITE, from the flow it came on; handled under the owner's guard. */
  receive(response: SipResponse, flow: Flow): void {
    this.options.guard(`INVITE ${response.status}`, () => this.handle(response, flow));
  }

  /** Stops the CANCEL's give-up timer (the PBX is stopping). */
  stopTimers(): void {
    clearTimeout(this.giveUp);
    clearTimeout(this.lateAck);
  }

  private handle(response: SipResponse, flow: Flow): void {
    const { status } = response;
    if (status < 200) return this.provisional(response);
    if (status < 300) return this.confirmed(response, flow);
    if (this.state === 'answered' || this.state === 'failed') return;
    if (
      !this.challenged &&
      !this.cancelling &&
      answerableChallenge(response, this.options.credentials)
    ) {
      this.challenged = true;
      return this.send(response);
    }
    this.failed(response);
  }

  private provisional(response: SipResponse): void {
    if (this.state !== 'calling' && this.state !== 'early') return;
    this.state = 'early';
    if (this.cancelling && !this.cancelSent && !this.options.route) this.sendCancel();
    if (response.status > 100) this.emit('progress', response);
  }

  private confirmed(response: SipResponse, flow: Flow): void {
    const tag = response.toTag ?? '';
    if (this.dialog?.remoteTag === tag) {
      if (this.ack) flow.send(this.ack); // a retransmitted 2xx: the same ACK again
      return;
    }
    const dialog = this.dialogOf(response, flow);
    const ack = dialog.ack(this.invite);
    if (this.dialog) {
      flow.send(ack);
      void dialog.destroy(); // another far end answered the same INVITE
      return;
    }
    clearTimeout(this.giveUp);
    this.state = 'answered';
    this.dialog = dialog;
    if (this.options.body === undefined && bodyOf(response)) this.awaitAnswer(dialog, ack, flow);
    else {
      flow.send(ack);
      this.ack = ack;
    }
    this.host.add(dialog);
    const terms = answeredTerms(response);
    if (terms) dialog.session.start(terms.seconds, terms.refresher === 'uac');
    this.emit('answered', dialog, response);
  }

  /**
   * Late offer: the 2xx offered, so the ACK carries the answer once the owner has it
   * (`Dialog.acknowledge`); without one in 64×T1 it goes without, as RFC 3261 requires an ACK.
   */
  private awaitAnswer(dialog: Dialog, ack: SipRequest, flow: Flow): void {
    const giveUp = setTimeout(
      () => this.options.guard('late-offer ACK', () => dialog.acknowledge()),
      64 * this.host.timers.T1,
    );
    giveUp.unref?.();
    this.lateAck = giveUp;
    dialog.deferAck((answer) => {
      clearTimeout(giveUp);
      addExtra(ack, { body: answer });
      flow.send(ack);
      this.ack = ack;
    });
  }

  private failed(response: SipResponse): void {
    this.state = 'failed';
    clearTimeout(this.giveUp);
    this.emit('failed', response);
  }

  private dialogOf(response: SipResponse, flow: Flow): Dialog {
    const { invite, options } = this;
    return new Dialog(
      this.host,
      {
        kind: 'uac',
        callId: invite.callId,
        localTag: this.fromTag,
        remoteTag: response.toTag ?? '',
        local: invite.headers.get('from') ?? '',
        remote: response.headers.get('to') ?? '',
        remoteUser: response.to?.uri.user,
        // A Contact or Record-Route that does not parse is not learnt: the target stays.
        remoteTarget: copyUri(response.contact()?.uri ?? invite.uri),
        routeSet: response.recordRoute
          ? [...response.headers.getAll('record-route')].reverse()
          : [],
        flow,
        contact: options.contact(flow),
        localSeq: invite.cseq?.seq ?? 1,
        remoteAllows: allowedMethods(response),
        localSdp: options.body,
        credentials: options.credentials,
      },
      options.guard,
    );
  }

  /** The INVITE, its CSeq number `seq`; routed, the route adds Via and Contact per branch. */
  private build(seq: number): SipRequest {
    const { options } = this;
    const headers = new SipHeaders();
    if (options.flow) headers.set('via', this.host.identity.via(options.flow, newBranch()));
    headers
      .set('max-forwards', '70')
      .set('from', `${options.from};tag=${this.fromTag}`)
      .set('to', options.to)
      .set('call-id', options.callId)
      .set('cseq', `${seq} INVITE`);
    if (options.flow) headers.set('contact', options.contact(options.flow));
    const request = new SipRequest('INVITE', copyUri(options.uri), headers);
    addExtra(request, { headers: options.headers, body: options.body });
    return request;
  }

  /** Sends the INVITE; after a challenge, again with the next CSeq and the credentials. */
  private send(challenge?: SipResponse): void {
    const { options } = this;
    if (challenge) {
      this.state = 'calling'; // a new transaction: a CANCEL waits for its provisional response
      this.invite = this.build((this.invite.cseq?.seq ?? 1) + 1);
      const { name, value } = digestAuthorization(this.invite, challenge, options.credentials!);
      this.invite.headers.set(name, value);
    }
    if (options.route) return options.route.send(this.invite, this);
    const flow = options.flow!;
    const invite = this.invite;
    this.tx = sendRequest(this.host.transactions, invite, flow, (response) =>
      this.receive(response, flow),
    );
  }

  /** The CANCEL; without a final response within 64·T1 the attempt is given up (408). */
  private sendCancel(reason?: string): void {
    this.cancelSent = true;
    const flow = this.options.flow!;
    sendRequest(this.host.transactions, buildCancel(this.invite, reason), flow, () => undefined);
    const invite = this.invite;
    this.giveUp = setTimeout(
      () =>
        this.options.guard('CANCEL unanswered', () => {
          if (this.state !== 'early') return;
          this.tx?.terminate();
          this.failed(refusalResponse(invite, refusal('requestTimeout')));
        }),
      64 * this.host.timers.T1,
    );
  }
}
