/**
 * The PBX answering an INVITE (drachtio-srf's `createUAS`): provisional responses, then the 2xx
 * that makes a `Dialog` (which repeats it until the ACK), or a refusal. A CANCEL is the owner's
 * to hear; unanswered, the INVITE then gets 487.
 */
import { EventEmitter } from 'node:events';
import { copyUri } from '../../routing/message-copy';
import type { SipRequest, SipResponse } from '../message';
import { refusal, refusalResponse, type SipError } from '../sip-error';
import { createResponse, type ServerTransaction } from '../transaction';
import { localTag } from '../transaction/response';
import type { Flow } from '../transport/flow';
import { Dialog, type DialogHost } from './dialog';
import { requestedTerms, sessionExpiresValue } from './session-timer';
import { addExtra, allowedMethods, bodyOf, type Extra, type Guard } from './types';

export interface UasOptions {
  /** The PBX's Contact in this dialog. */
  contact: string;
  guard: Guard;
}

export interface AcceptOptions extends Extra {
  /**
   * RFC 4028: confirm the session interval the INVITE asked for (refresher as it asked, else the
   * caller), with `Require: timer` when the caller supports it. Off: no session timer.
   */
  sessionTimer?: boolean;
}

export interface UasEvents {
  /** The caller cancelled (or the PBX gave up on it); 487 follows unless the owner answered. */
  cancel: [];
}

export class Uas extends EventEmitter<UasEvents> {
  /** The INVITE, kept here: its transaction lets go of it once answered. */
  readonly invite: SipRequest;
  readonly flow: Flow;
  private final = false;

  constructor(
    private readonly host: DialogHost & { add(dialog: Dialog): void },
    private readonly tx: ServerTransaction,
    private readonly options: UasOptions,
  ) {
    super();
    this.invite = tx.request;
    this.flow = tx.flow;
    tx.onCancel = () => options.guard('CANCEL', () => this.cancel());
  }

  get cancelled(): boolean {
    return this.tx.cancelled;
  }

  /** Whether the INVITE has its final response. */
  get answered(): boolean {
    return this.final;
  }

  /** A provisional response (180, 183 with early media), with the PBX's Contact. */
  progress(status: number, reason: string, extra?: Extra): void {
    if (this.final) return;
    this.tx.respond(this.response(status, reason, extra));
  }

  /** The 2xx: the dialog exists from now on, and repeats it until the ACK. */
  accept(options: AcceptOptions = {}): Dialog {
    if (this.final) throw new Error('the INVITE is answered already');
    this.final = true;
    const { invite } = this;
    const ok = this.response(200, 'OK', options);
    const terms = options.sessionTimer ? requestedTerms(invite) : undefined;
    if (terms) {
      ok.headers.set('session-expires', sessionExpiresValue(terms));
      if (invite.supported.includes('timer')) ok.headers.set('require', 'timer');
    }
    const dialog = new Dialog(
      this.host,
      {
        kind: 'uas',
        callId: invite.callId,
        localTag: localTag(invite),
        remoteTag: invite.fromTag ?? '',
        local: ok.headers.get('to') ?? '',
        remote: invite.headers.get('from') ?? '',
        remoteUser: invite.from?.uri.user,
        remoteTarget: copyUri(invite.contact()?.uri ?? invite.uri),
        routeSet: invite.recordRoute ? invite.headers.getAll('record-route') : [],
        flow: this.flow,
        contact: this.options.contact,
        localSeq: 0,
        remoteSeq: invite.cseq?.seq,
        localSdp: bodyOf(ok),
        remoteAllows: allowedMethods(invite),
      },
      this.options.guard,
    );
    this.host.add(dialog);
    this.tx.respond(ok);
    dialog.awaitAck(ok);
    if (terms) dialog.session.start(terms.seconds, terms.refresher === 'uas');
    return dialog;
  }

  /** A final refusal: status, reason phrase, token and headers of the SipError. */
  reject(error: SipError): void {
    if (this.final) return;
    this.final = true;
    this.tx.respond(refusalResponse(this.invite, error));
  }

  private cancel(): void {
    if (this.final) return;
    this.emit('cancel');
    this.reject(refusal('requestTerminated'));
  }

  private response(status: number, reason: string, extra?: Extra): SipResponse {
    const response = createResponse(this.invite, status, reason);
    if (status > 100) response.headers.set('contact', this.options.contact);
    addExtra(response, extra);
    return response;
  }
}
