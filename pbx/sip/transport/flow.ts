/**
 * A flow is the path a message came in on and a reply goes out on (RFC 5626 §3): one
 * WebSocket, TCP or TLS connection, or one remote address and port on the UDP socket.
 * Transactions and the proxy send through flows and never touch sockets themselves.
 */
import type { SipMessage } from '../message';

export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface Flow {
  /** Stable while the flow lives, e.g. "ws:127.0.0.1:50312#7" or "udp:127.0.0.1:5062". */
  readonly id: string;
  readonly protocol: TransportProtocol;
  /** Reliable transports have no retransmissions (RFC 3261 §17). */
  readonly reliable: boolean;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Serialises and sends; false when the flow is closed (a transport error for the caller). */
  send(message: SipMessage): boolean;
  /** True until a connection-oriented flow closes; UDP flows never close. */
  readonly open: boolean;
  /**
   * A request on this flow authenticated (or it is the carrier's): a connection is then never
   * closed to make room or for being idle (connection-guard.ts). UDP flows have no connection.
   */
  trust?(): void;
  /**
   * Connection-oriented flows: runs `listener` when the connection closes (at once if it has)
   * and returns the undo. A client transaction waiting on the flow learns of a transport
   * error this way (RFC 3261 §17.1.4) instead of waiting for Timer B or F.
   */
  onClose?(listener: () => void): () => void;
}

/** Told of every message a flow sends (the SIP trace, outgoing direction). */
export type SentListener = (message: SipMessage, flow: Flow) => void;
