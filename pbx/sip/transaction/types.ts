/**
 * The transaction layer's public contract (RFC 3261 §17, RFC 6026): what the TU (proxy,
 * registrar) sees of server and client transactions.
 */
import type { SipRequest, SipResponse } from '../message';
import type { Flow } from '../transport/flow';

/** State names of the four machines; "accepted" is RFC 6026's state after a 2xx. */
export type TransactionState =
  'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export interface ServerTransaction {
  readonly id: string;
  /**
   * The request; once the transaction has sent its final response, only a stand-in with the
   * method and Request-URI (a TU that needs more keeps its own reference).
   */
  readonly request: SipRequest;
  readonly flow: Flow;
  readonly state: TransactionState;
  /**
   * Sends a response through the flow, driving the state machine. Responses after a final one
   * are ignored (false), except further 2xx on an INVITE tx in Accepted (RFC 6026 §7.1).
   * False as well when the flow is closed; the transaction then terminates.
   */
  respond(response: SipResponse): boolean;
  /** Set when a matching CANCEL arrived; the TU then sends 487 itself (via respond). */
  readonly cancelled: boolean;
  /** Called once when a matching CANCEL arrives (set by the TU). */
  onCancel?: () => void;
}

export interface ClientTransactionHandler {
  /** Provisional and final responses, and (INVITE, RFC 6026 Accepted) retransmitted 2xx too. */
  onResponse(response: SipResponse, tx: ClientTransaction): void;
  /** Timer B / F fired with no final response. */
  onTimeout(tx: ClientTransaction): void;
  /** flow.send returned false; the transaction is already terminated. */
  onTransportError(tx: ClientTransaction): void;
}

export interface ClientTransaction {
  readonly id: string;
  readonly request: SipRequest;
  readonly flow: Flow;
  readonly state: TransactionState;
  /** Stop retransmitting and drop the tx (e.g. CANCELled branch after 487). */
  terminate(): void;
}
