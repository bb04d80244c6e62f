import type { SipMessage } from '../message';
import { serializeMessage } from '../serializer';
import type { GuardedConnection } from './connection-guard';
import type { Flow, SentListener, TransportProtocol } from './flow';

/** Why the PBX closes a connection, where its protocol can say it (a WebSocket close frame). */
export interface CloseNotice {
  code: number;
  reason: string;
}

/** What a connection flow needs from its socket: write bytes, and close. */
export interface ConnectionSink {
  write(data: Buffer): void;
  close(notice?: CloseNotice): void;
}

let nextFlowNumber = 1;

/**
 * A flow over one connection (WebSocket, TCP or TLS). It carries a number that the PBX puts
 * into its Record-Route and Via entries, so requests and responses can find the connection
 * again (`pbxf-N`).
 */
export class ConnectionFlow implements Flow {
  readonly reliable = true;
  readonly number = nextFlowNumber++;
  readonly id: string;
  open = true;
  private readonly closeListeners = new Set<() => void>();

  constructor(
    readonly protocol: TransportProtocol,
    readonly localAddress: string,
    readonly localPort: number,
    readonly remoteAddress: string,
    readonly remotePort: number,
    private readonly sink: ConnectionSink,
    private readonly onSent?: SentListener,
    /** Its entry in the connection guard, for a connection someone opened to the PBX. */
    private readonly guarded?: GuardedConnection,
  ) {
    this.id = `${protocol}:${remoteAddress}:${remotePort}#${this.number}`;
  }

  send(message: SipMessage): boolean {
    if (!this.open) return false;
    this.sink.write(serializeMessage(message));
    this.onSent?.(message, this);
    return true;
  }

  trust(): void {
    this.guarded?.trust();
  }

  /** Called by the transport when the connection is gone; runs the close listeners once. */
  markClosed(): void {
    if (!this.open) return;
    this.open = false;
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const listener of listeners) listener();
  }

  /** Runs `listener` when the connection closes (at once if it has); returns the undo. */
  onClose(listener: () => void): () => void {
    if (!this.open) {
      listener();
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(notice?: CloseNotice): void {
    this.sink.close(notice);
    this.markClosed();
  }
}
