/**
 * What one connection, one address and all connections together may take (issue 20): each a
 * setting (pbx/config.ts, README "Limits"), with defaults sized for an office of 200 phones
 * behind one NAT address next to everyone else.
 */
export interface ConnectionLimits {
  /** Open connections of all kinds together: SIP over TCP and TLS, HTTP(S) and WebSocket. */
  maxConnections: number;
  /** Open connections from one IP address. */
  maxConnectionsPerAddress: number;
  /**
   * The most a connection buffers of one message (header section and body): a larger message
   * closes the connection. Unsent output of more than `UNSENT_FACTOR` times this closes it too.
   */
  maxMessageBytes: number;
  /** Bytes of unfinished messages on all connections together; past it the oldest are closed. */
  maxBufferedBytes: number;
  /** A message begun must be complete within this (slowloris); HTTP request headers too. */
  readTimeoutMs: number;
  /** A SIP connection that has never authenticated is closed after this long without a message. */
  idleTimeoutMs: number;
  /** Messages a second one SIP connection that never authenticated may send (untrusted-pacing.ts). */
  untrustedMessagesPerSecond: number;
  /** Messages a second all SIP connections that never authenticated may send together. */
  untrustedMessagesPerSecondTotal: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  maxConnections: 20_000,
  maxConnectionsPerAddress: 1000,
  maxMessageBytes: 64 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  readTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  // A phone sends 2 messages before it has authenticated (REGISTER, then with credentials).
  untrustedMessagesPerSecond: 20,
  untrustedMessagesPerSecondTotal: 2000,
};

/** A peer that does not read what the PBX sends is closed past this many times maxMessageBytes. */
export const UNSENT_FACTOR = 16;

/** File descriptors kept free below the open-file limit for everything but connections. */
export const RESERVED_DESCRIPTORS = 512;

/**
 * What each device registered from an address adds to that address's limits: an office NAT or an
 * edge proxy in front of the PBX speaks for every device behind it, and a burst of their honest
 * traffic (a backlog of a second at a thousand calls a second) must not be refused as one
 * address's flood. An address with no device registered keeps the bare limits.
 */
export const PER_DEVICE_ALLOWANCE = { transactions: 10, dialogs: 4 } as const;
