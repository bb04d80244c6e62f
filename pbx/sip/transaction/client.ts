/** Client transactions (RFC 3261 §17.1, with RFC 6026's Accepted state for INVITE). */
import { SipHeaders, SipRequest, type SipResponse } from '../message';
import type { Flow } from '../transport/flow';
import type { TimerValues } from './timers';
import { TIMER_D_UNRELIABLE } from './timers';
import { Transaction, type TransactionHost } from './transaction';
import type { ClientTransaction, ClientTransactionHandler } from './types';

export abstract class ClientTransactionBase extends Transaction implements ClientTransaction {
  constructor(
    id: string,
    request: SipRequest,
    flow: Flow,
    timers: TimerValues,
    host: TransactionHost,
    /** The TU, until nothing is left to tell it (see `release`). */
    protected handler: ClientTransactionHandler,
  ) {
    super(id, request, flow, timers, host, request.method === 'INVITE' ? 'calling' : 'trying');
  }

  /**
   * Completed: only retransmitted responses remain, which never reach the TU. Letting go of
   * it (and of the request) lets a finished call's state go now rather than after timer D/K.
   */
  protected release(): void {
    this.unwatchFlow?.();
    this.handler = NO_TU;
    this.lighten();
  }

  override terminate(): void {
    this.unwatchFlow?.();
    super.terminate();
  }

  private unwatchFlow?: () => void;

  /**
   * Until the final response, a closed connection is a transport error now (RFC 3261 §17.1.4):
   * a phone whose connection failed or dropped ends its branch at once, not at Timer B.
   */
  protected watchFlow(): void {
    this.unwatchFlow = this.flow.onClose?.(() => {
      if (this.state !== 'calling' && this.state !== 'trying' && this.state !== 'proceeding')
        return;
      const handler = this.handler;
      this.terminate();
      handler.onTransportError(this);
    });
  }

  /** Sends the request and arms the timers; false when the flow is closed (tx terminated). */
  abstract start(): boolean;

  /** A response whose branch and CSeq method match this transaction. */
  abstract receive(response: SipResponse): void;

  /** Retransmits the request; on a closed flow terminates and tells the TU (false). */
  protected retransmitRequest(): boolean {
    if (this.transmit(this.request)) return true;
    this.handler.onTransportError(this);
    return false;
  }

  /** Timer B / F; re-arming the lifetime slot (Proceeding, Completed, ...) disarms it. */
  protected armTimeout(): void {
    this.slots.lifetime(64 * this.timers.T1, () => {
      this.terminate();
      this.handler.onTimeout(this);
    });
  }
}

/** The handler of a transaction with nothing left to report. */
const NO_TU: ClientTransactionHandler = {
  onResponse: () => undefined,
  onTimeout: () => undefined,
  onTransportError: () => undefined,
};

/** The ACK a client INVITE transaction sends for a non-2xx final response (§17.1.1.3). */
export function buildAck(request: SipRequest, response: SipResponse): SipRequest {
  const source = request.headers;
  const headers = new SipHeaders();
  const via = source.get('via');
  if (via !== undefined) headers.set('via', via);
  headers.set('route', source.getAll('route'));
  headers.set('max-forwards', '70');
  for (const [name, from] of [
    ['from', source],
    ['to', response.headers],
    ['call-id', source],
  ] as const) {
    const value = from.get(name);
    if (value !== undefined) headers.set(name, value);
  }
  headers.set('cseq', `${request.cseq?.seq ?? 1} ACK`);
  return new SipRequest('ACK', request.uri, headers);
}

/** INVITE client transaction (§17.1.1, RFC 6026 §8.4). */
export class InviteClientTransaction extends ClientTransactionBase {
  private ack: SipRequest | undefined;

  start(): boolean {
    if (!this.transmit(this.request)) return false;
    if (!this.flow.reliable) this.retransmitInvite(this.timers.T1); // timer A
    this.armTimeout(); // timer B
    this.watchFlow();
    return true;
  }

  receive(response: SipResponse): void {
    const status = response.status;
    if (this.state === 'calling' || this.state === 'proceeding') {
      if (status < 200) {
        if (this.state === 'calling') {
          this.state = 'proceeding';
          this.slots.stopAll(); // A, and B which only fires in Calling
        }
      } else if (status < 300) {
        this.state = 'accepted';
        this.slots.stopAll();
        // Only 2xx retransmissions and other forks' 2xx remain, for the TU: no more sending.
        this.lighten();
        this.endAfter(64 * this.timers.T1); // timer M
      } else {
        this.ack = buildAck(this.request, response);
        const sent = this.flow.send(this.ack);
        this.state = 'completed';
        this.slots.stopAll();
        // A lost ACK is not worth a transport error: the TU is getting its final response.
        this.endAfter(sent && !this.flow.reliable ? TIMER_D_UNRELIABLE : 0); // timer D
      }
      this.handler.onResponse(response, this);
      if (status >= 300) this.release();
    } else if (this.state === 'accepted') {
      if (status >= 200 && status < 300) this.handler.onResponse(response, this);
    } else if (this.state === 'completed' && status >= 300 && this.ack) {
      if (!this.flow.send(this.ack)) this.terminate();
    }
  }

  private retransmitInvite(interval: number): void {
    this.slots.retransmit(interval, () => {
      if (this.retransmitRequest()) this.retransmitInvite(2 * interval);
    });
  }
}

/** Non-INVITE client transaction (§17.1.2). */
export class NonInviteClientTransaction extends ClientTransactionBase {
  start(): boolean {
    if (!this.transmit(this.request)) return false;
    if (!this.flow.reliable) this.retransmitRequestAfter(this.timers.T1); // timer E
    this.armTimeout(); // timer F
    this.watchFlow();
    return true;
  }

  receive(response: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    if (response.status < 200) {
      this.state = 'proceeding';
    } else {
      this.state = 'completed';
      this.slots.stopAll();
      this.endAfter(this.flow.reliable ? 0 : this.timers.T4); // timer K
    }
    this.handler.onResponse(response, this);
    if (response.status >= 200) this.release();
  }

  private retransmitRequestAfter(interval: number): void {
    this.slots.retransmit(interval, () => {
      if (!this.retransmitRequest()) return;
      const { T2 } = this.timers;
      this.retransmitRequestAfter(this.state === 'proceeding' ? T2 : Math.min(2 * interval, T2));
    });
  }
}
