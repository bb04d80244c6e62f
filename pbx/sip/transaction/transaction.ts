/** What the four transaction state machines share: identity, state, timers and clean-up. */
import type { SipMessage, SipRequest } from '../message';
import { requestStandIn } from '../serializer';
import type { Flow } from '../transport/flow';
import type { TimerValues } from './timers';
import { TimerSlots } from './timers';
import type { TransactionState } from './types';

/** What a transaction tells the layer that keeps it. */
export interface TransactionHost {
  /** The transaction has terminated: forget it. */
  ended(tx: Transaction): void;
  /**
   * Only retransmissions remain for `ms` (Timer J, I or L): the layer answers them with
   * `finalResponse` (or absorbs them when undefined) and lets go of the transaction object.
   * With `acksToTu` (an INVITE in Accepted), ACKs still reach the TU.
   */
  linger(tx: Transaction, finalResponse: Buffer | undefined, ms: number, acksToTu?: boolean): void;
  /** A timer's work threw (the TU's timeout handling, say): caught there, reported here. */
  fault(tx: Transaction, error: unknown): void;
}

export abstract class Transaction {
  state: TransactionState;
  protected readonly slots: TimerSlots;

  constructor(
    readonly id: string,
    /** Replaced by a frozen stand-in once only retransmissions remain (see `lighten`). */
    public request: SipRequest,
    readonly flow: Flow,
    protected readonly timers: TimerValues,
    private readonly host: TransactionHost,
    initial: TransactionState,
  ) {
    this.state = initial;
    this.slots = new TimerSlots((error) => host.fault(this, error));
  }

  /** Terminated: every timer stopped and the layer forgets the transaction. Idempotent. */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.slots.stopAll();
    this.host.ended(this);
  }

  /**
   * Hands what is left (absorbing retransmissions for `ms`) to the layer, which keeps only the
   * final response's bytes (see lingering.ts). This object then stays in its last state.
   */
  protected linger(finalResponse: Buffer | undefined, ms: number, acksToTu = false): void {
    this.slots.stopAll();
    this.host.linger(this, finalResponse, ms, acksToTu);
  }

  /**
   * Keeps only the request line: called when a server transaction waits out Timer J/H with
   * nothing left to decide (its last response is already kept as bytes).
   */
  protected lighten(): void {
    this.request = requestStandIn(this.request);
  }

  /** Sends through the flow; a closed flow terminates the transaction (false). */
  protected transmit(message: SipMessage): boolean {
    if (this.flow.send(message)) return true;
    this.terminate();
    return false;
  }

  /** Arms the lifetime timer, or terminates at once for a zero duration (reliable flows). */
  protected endAfter(ms: number): void {
    if (ms <= 0) this.terminate();
    else this.slots.lifetime(ms, () => this.terminate());
  }
}
