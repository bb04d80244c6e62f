/** What the four transaction state machines share: identity, state, timers and clean-up. */
import type { SipMessage, SipRequest } from '../message';
import { requestStandIn } from '../serializer';
import type { Flow } from '../transport/flow';
import type { TimerValues } from './timers';
import { TimerSlots } from './timers';
import type { TransactionState } from './types';

export abstract class Transaction {
  state: TransactionState;
  protected readonly slots = new TimerSlots();

  constructor(
    readonly id: string,
    /** Replaced by a frozen stand-in once only retransmissions remain (see `lighten`). */
    public request: SipRequest,
    readonly flow: Flow,
    protected readonly timers: TimerValues,
    private readonly onEnd: (tx: Transaction) => void,
    initial: TransactionState,
  ) {
    this.state = initial;
  }

  /** Terminated: every timer stopped and the layer forgets the transaction. Idempotent. */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.slots.stopAll();
    this.onEnd(this);
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
