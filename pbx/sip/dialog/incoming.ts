import type { SipRequest, SipResponse } from '../message';
import { refusal, refusalResponse, relayedRefusal, type SipError } from '../sip-error';
import { createResponse, type ServerTransaction } from '../transaction';
import { addExtra, bodyOf, type Body, type Extra } from './types';

/** How an incoming request's answer leaves: through its dialog, which adds what it owns. */
export interface Answering {
  answer(incoming: IncomingRequest, response: SipResponse): void;
}

/**
 * A request the far end sent inside a dialog, handed to the dialog's owner with its event
 * (`modify`, `refer`, `info`, `request`): the owner answers it once, now or later, with
 * `respond`, `reject` (a refusal, through `refusalResponse`) or `forward` (another leg's answer).
 */
export class IncomingRequest {
  /** Set once a final response has gone out. */
  answered = false;

  constructor(
    readonly request: SipRequest,
    readonly tx: ServerTransaction,
    private readonly dialog: Answering,
  ) {}

  get method(): string {
    return this.request.method;
  }

  get body(): Body | undefined {
    return bodyOf(this.request);
  }

  /** An offer: a re-INVITE or UPDATE with a body. */
  get isOffer(): boolean {
    return (this.method === 'INVITE' || this.method === 'UPDATE') && this.request.body.length > 0;
  }

  /** A provisional or successful response; a failure is a refusal (`reject`). */
  respond(status: number, reason: string, extra?: Extra): void {
    if (this.answered) return;
    if (status >= 300) return this.reject(refusal('serverError', undefined, extra?.headers));
    const response = createResponse(this.request, status, reason);
    addExtra(response, extra);
    this.dialog.answer(this, response);
  }

  /** Refuses the request: its status, reason phrase and `X-Pbx-Reason` token. */
  reject(error: SipError): void {
    if (this.answered) return;
    this.dialog.answer(this, refusalResponse(this.request, error));
  }

  /**
   * Answers with the final response the other leg gave to the same request, and its body; a
   * failure goes out as a refusal with its token (`relayedRefusal`).
   */
  forward(response: SipResponse, body: Body | undefined = bodyOf(response)): void {
    if (response.status >= 300) return this.reject(relayedRefusal(response, 'protocol'));
    this.respond(response.status, response.reason, { body });
  }
}
