/**
 * Bounds what connections may take (issue 20): how many from one address and in all, how many
 * bytes of unfinished messages, and for how long a message may stay unfinished or a connection
 * that never authenticated may stay silent. Every listening socket of the PBX (SIP over TCP and
 * TLS, HTTP and HTTPS, which carry the WebSockets) reports its connections here.
 *
 * At a limit the PBX makes room rather than refusing: the oldest connection that has never
 * authenticated (from that address, or of all) is closed for the new one. An attacker holding
 * thousands of idle connections therefore cannot keep a phone from connecting, and a phone that
 * has registered on its connection is never the one closed.
 */
import type net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { normaliseAddress } from './address';
import { openFileLimit } from './open-files';
import { RESERVED_DESCRIPTORS, type ConnectionLimits } from './limits';
import { ConnectionPacer, TokenBucket, type Pausable } from './untrusted-pacing';

/** What a connection carries: SIP (TCP, TLS, or a WebSocket once upgraded) or HTTP. */
export type ConnectionKind = 'sip' | 'http';

export interface ConnectionGuardStats {
  /** Connections refused at a limit with nothing to make room with. */
  refused: number;
  /** Connections closed to make room for a new one. */
  evicted: number;
  /** Closed for a message unfinished past the read timeout, or past the buffered-bytes budget. */
  slow: number;
  /** SIP connections closed after the idle timeout without ever authenticating. */
  idle: number;
  /** Closed for a message larger than the limit, or output the peer does not read. */
  oversized: number;
  /** Times a connection that never authenticated was paused for sending too fast. */
  paced: number;
  /** Messages dropped unparsed from such connections, read past their pace. */
  pacedDrops: number;
}

/** One connection as the guard sees it; transports tell it what happens on it. */
export class GuardedConnection {
  kind: ConnectionKind;
  /** Set once a request on it authenticated (or it is the PBX's own): never evicted or idle-closed. */
  trusted = false;
  lastMessageAt: number;
  /** When its unfinished message began, while it has one. */
  partialSince: number | undefined;
  buffered = 0;
  closed = false;
  /** The socket whose destruction ends the connection: the TLS socket once there is one. */
  outer: net.Socket;
  /** What pacing pauses: the outer socket, or the WebSocket over it (set by its transport). */
  reader: Pausable | undefined;
  pacer: ConnectionPacer | undefined;

  constructor(
    private readonly guard: ConnectionGuard,
    readonly key: string,
    readonly address: string,
    kind: ConnectionKind,
    readonly raw: net.Socket,
    now: number,
  ) {
    this.kind = kind;
    this.lastMessageAt = now;
    this.outer = raw;
    this.reader = undefined;
    this.pacer = undefined;
  }

  /** A whole message arrived; `buffered` bytes of the next one are already held. */
  /**
   * A whole message arrived; `buffered` bytes of the next one are already held. False when it
   * must be dropped: a connection that never authenticated sent past its pace.
   */
  messageReceived(buffered = 0): boolean {
    this.lastMessageAt = this.guard.now();
    this.setBuffered(buffered);
    return this.trusted || this.closed || this.guard.pace(this);
  }

  /** How many bytes of an unfinished message the connection holds now. */
  setBuffered(bytes: number): void {
    this.guard.buffering(this, bytes);
  }

  /** A request on this connection authenticated: it is a device's, not a stranger's. */
  trust(): void {
    this.guard.trust(this);
  }

  /** Ends the connection (idempotent); its counts are released at once. */
  close(): void {
    this.guard.release(this);
    this.outer.destroy();
    if (this.outer !== this.raw) this.raw.destroy();
  }
}

/** Counts, limits and sweeps the connections of every listening socket. */
export class ConnectionGuard {
  readonly stats: ConnectionGuardStats = {
    refused: 0,
    evicted: 0,
    slow: 0,
    idle: 0,
    oversized: 0,
    paced: 0,
    pacedDrops: 0,
  };
  readonly now: () => number;
  /** The total allowed: the setting, or less when the open-file limit is lower. */
  readonly maxConnections: number;
  private readonly byKey = new Map<string, GuardedConnection>();
  /** Per address: all its connections, and those never authenticated, oldest first. */
  private readonly byAddress = new Map<
    string,
    { count: number; untrusted: Set<GuardedConnection> }
  >();
  private readonly untrusted = new Set<GuardedConnection>();
  /** Connections with an unfinished message, oldest first. */
  private readonly partial = new Set<GuardedConnection>();
  private bufferedTotal = 0;
  /** What all connections that never authenticated may send together. */
  private untrustedBudget: TokenBucket | undefined;
  private sweeper?: NodeJS.Timeout;
  private lastAcceptError = 0;

  constructor(
    readonly limits: ConnectionLimits,
    private readonly log?: Logger,
    now: () => number = Date.now,
    fileLimit: number | undefined = openFileLimit(),
  ) {
    this.now = now;
    const room = fileLimit === undefined ? Infinity : fileLimit - RESERVED_DESCRIPTORS;
    this.maxConnections = Math.max(1, Math.min(limits.maxConnections, room));
    if (this.maxConnections < limits.maxConnections) {
      log?.warn(
        { event: 'limits.connections', configured: limits.maxConnections, fileLimit },
        `the open-file limit (${fileLimit}) allows ${this.maxConnections} connections, not ${limits.maxConnections}: raise it (LimitNOFILE=) to allow more`,
      );
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Guards the connections of a listening server (and keeps an accept error from ending the process). */
  watch(server: net.Server, kind: ConnectionKind): void {
    // First of the server's listeners: a connection is counted (or refused) before it is served.
    server.prependListener('connection', (socket: net.Socket) => {
      this.admit(socket, kind);
    });
    server.on('error', (error: NodeJS.ErrnoException) => this.acceptFailed(error));
    if (server instanceof tls.Server) {
      server.on('secureConnection', (socket: tls.TLSSocket) => {
        const connection = this.of(socket);
        if (connection) connection.outer = socket;
      });
      // A failed or timed-out handshake: Node leaves the socket open unless told.
      server.on('tlsClientError', (_error: Error, socket: tls.TLSSocket) => socket.destroy());
    }
  }

  /** Counts a new connection, making room at a limit; undefined (and closed) when there is none. */
  admit(socket: net.Socket, kind: ConnectionKind): GuardedConnection | undefined {
    const address = normaliseAddress(socket.remoteAddress ?? '');
    const key = connectionKey(socket);
    if (!address || !key) {
      socket.destroy();
      return undefined;
    }
    const entry = this.byAddress.get(address);
    if (
      entry &&
      entry.count >= this.limits.maxConnectionsPerAddress &&
      !this.evictOldest(entry.untrusted)
    ) {
      return this.refuse(socket, address, 'address');
    }
    if (this.byKey.size >= this.maxConnections && !this.evictOldest(this.untrusted)) {
      return this.refuse(socket, address, 'total');
    }
    const connection = new GuardedConnection(this, key, address, kind, socket, this.now());
    this.byKey.set(key, connection);
    const own = this.byAddress.get(address) ?? { count: 0, untrusted: new Set() };
    own.count++;
    own.untrusted.add(connection);
    this.byAddress.set(address, own);
    this.untrusted.add(connection);
    socket.once('close', () => this.release(connection));
    this.sweeper ??= this.startSweeping();
    return connection;
  }

  /** The connection a socket (or the TLS socket over it) belongs to. */
  of(socket: net.Socket): GuardedConnection | undefined {
    const key = connectionKey(socket);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** A request on the connection authenticated: it is never evicted or closed as idle. */
  trust(connection: GuardedConnection): void {
    if (connection.trusted) return;
    connection.trusted = true;
    connection.pacer?.release(connection.reader ?? connection.outer);
    connection.pacer = undefined;
    this.untrusted.delete(connection);
    this.byAddress.get(connection.address)?.untrusted.delete(connection);
  }

  /** A message from a connection that never authenticated: paced (untrusted-pacing.ts). */
  pace(connection: GuardedConnection): boolean {
    const shared = (this.untrustedBudget ??= new TokenBucket(
      this.limits.untrustedMessagesPerSecondTotal,
      this.now(),
    ));
    connection.pacer ??= new ConnectionPacer(
      shared,
      this.limits.untrustedMessagesPerSecond,
      this.now,
      () => this.stats.paced++,
    );
    if (connection.pacer.admit(connection.reader ?? connection.outer)) return true;
    this.stats.pacedDrops++;
    return false;
  }

  buffering(connection: GuardedConnection, bytes: number): void {
    if (connection.closed) return;
    this.bufferedTotal += bytes - connection.buffered;
    connection.buffered = bytes;
    if (bytes === 0) {
      connection.partialSince = undefined;
      this.partial.delete(connection);
      return;
    }
    if (connection.partialSince === undefined) {
      connection.partialSince = this.now();
      this.partial.add(connection);
    }
    // Over budget: the oldest unfinished messages go first (an honest one completes in moments).
    for (const oldest of this.partial) {
      if (this.bufferedTotal <= this.limits.maxBufferedBytes) break;
      this.stats.slow++;
      oldest.close();
    }
  }

  /** A message larger than the limit, or output the peer does not read: the connection ends. */
  oversized(connection: GuardedConnection | undefined): void {
    if (!connection || connection.closed) return;
    this.stats.oversized++;
    connection.close();
  }

  release(connection: GuardedConnection): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.pacer?.release(connection.reader ?? connection.outer);
    connection.pacer = undefined;
    this.bufferedTotal -= connection.buffered;
    connection.buffered = 0;
    this.partial.delete(connection);
    this.untrusted.delete(connection);
    if (this.byKey.get(connection.key) === connection) this.byKey.delete(connection.key);
    const entry = this.byAddress.get(connection.address);
    if (entry) {
      entry.count--;
      entry.untrusted.delete(connection);
      if (entry.count <= 0) this.byAddress.delete(connection.address);
    }
    if (this.byKey.size === 0) this.stop();
  }

  /** Closes what is past the read timeout (an unfinished message) or the idle timeout. */
  sweep(): void {
    const now = this.now();
    for (const connection of this.partial) {
      if (now - (connection.partialSince ?? now) <= this.limits.readTimeoutMs) break;
      this.stats.slow++;
      connection.close();
    }
    for (const connection of this.untrusted) {
      if (
        connection.kind !== 'sip' ||
        now - connection.lastMessageAt <= this.limits.idleTimeoutMs
      ) {
        continue;
      }
      this.stats.idle++;
      connection.close();
    }
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private startSweeping(): NodeJS.Timeout {
    const timer = setInterval(() => this.sweep(), 1000);
    timer.unref();
    return timer;
  }

  private evictOldest(candidates: Set<GuardedConnection>): boolean {
    for (const oldest of candidates) {
      this.stats.evicted++;
      oldest.close();
      return true;
    }
    return false;
  }

  private refuse(socket: net.Socket, address: string, limit: string): undefined {
    this.stats.refused++;
    this.log?.debug({ event: 'connection.refused', address, limit }, 'connection refused');
    socket.destroy();
    return undefined;
  }

  /** EMFILE and the like: said once a minute, and the server goes on accepting. */
  private acceptFailed(error: NodeJS.ErrnoException): void {
    if (error.syscall === 'listen') return; // the one starting the server is told
    const now = this.now();
    if (now - this.lastAcceptError < 60_000) return;
    this.lastAcceptError = now;
    this.log?.warn(
      { event: 'accept.failed', code: error.code },
      `cannot accept a connection: ${error.message}`,
    );
  }
}

/** Identifies a TCP connection on this host, the same for a socket and the TLS socket over it. */
function connectionKey(socket: net.Socket): string | undefined {
  const { remoteAddress, remotePort, localAddress, localPort } = socket;
  if (!remoteAddress || remotePort === undefined) return undefined;
  return `${remoteAddress}|${remotePort}|${localAddress ?? ''}|${localPort ?? ''}`;
}
