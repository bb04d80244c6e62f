import { z } from 'zod';
import { DEFAULT_OUTBOX_RETENTION_DAYS } from './mail/outbox-retention';
import { rtpengineSchema } from './media/config';
import { DEFAULT_MAX_PENDING_WRITES } from './store/write-behind';
import { DEFAULT_CONNECTION_LIMITS as LIMITS, type ConnectionLimits } from './sip/transport/limits';
import { DEFAULT_SIGN_IN_CONCURRENCY, DEFAULT_SIGN_IN_QUEUE } from './api/sign-in-queue';
import { NUMBER_FORMATS, trunkSchema } from './trunk/config';

/** Everything `npm run server` can be told; flags and PBX_* environment variables map here. */
export const pbxConfigSchema = z.object({
  dataDir: z.string().min(1),
  domain: z.string().min(1),
  /** Address to listen on. */
  listenHost: z.string().min(1),
  /** Host written in Via and Record-Route; defaults to the listen address, or 127.0.0.1. */
  advertisedHost: z.string().min(1).optional(),
  httpPort: z.number().int().min(0).max(65535),
  sipPort: z.number().int().min(0).max(65535),
  sipTlsPort: z.number().int().min(0).max(65535),
  httpsPort: z.number().int().min(0).max(65535),
  tlsCertFile: z.string().optional(),
  tlsKeyFile: z.string().optional(),
  ringTimeoutSeconds: z.number().int().min(5).max(600),
  minExpires: z.number().int().min(1),
  /** RFC 4028 session interval the PBX asks for on calls that name none. */
  sessionExpiresSeconds: z.number().int().min(90).max(86_400),
  /** A proxied call quiet this long is probed with OPTIONS and ended if a party left; 0: off. */
  callProbeSeconds: z.number().int().min(0).max(3600).optional(),
  /** Niceness of the SIP thread, -20 (first) to 19 (pbx/priority.ts); unset: as started. */
  nice: z.number().int().min(-20).max(19).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  sipTrace: z.boolean(),
  /** `smtp://user:password@host:587` or `smtps://…`; without it mail goes to `<dataDir>/outbox`. */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Where admins open the PBX's pages (`https://pbx.example.com`): links in its mail point there. */
  publicUrl: z
    .string()
    .regex(
      /^https?:\/\/[^\s/]+\/?$/,
      'must be an http:// or https:// origin, such as https://pbx.example.com',
    )
    .optional(),
  /** The sender of the PBX's mail; default `PBX <noreply@DOMAIN>`. */
  mailFrom: z.string().min(3).optional(),
  /** Days an outbox `.eml` file (a password in plaintext) is kept before it is deleted. */
  outboxRetentionDays: z.number().positive().max(3650).optional(),
  /** The carrier trunk (`udp:HOST:PORT` or `tcp:HOST:PORT`, HOST an IP address). */
  trunk: trunkSchema.optional(),
  /** Digest credentials the carrier challenges for (the password from the environment). */
  trunkUsername: z.string().min(1).optional(),
  trunkPassword: z.string().min(1).optional(),
  trunkNumberFormat: z.enum(NUMBER_FORMATS).optional(),
  /** rtpengine's ng address; without it softphones and plain-RTP peers have no common audio. */
  rtpengine: rtpengineSchema.optional(),
  // Hostile-load limits (issue 20; README "Limits"). Unset: the defaults below.
  /** Open connections in all: SIP over TCP/TLS, HTTP(S) and WebSocket. */
  maxConnections: z.number().int().min(1).optional(),
  /** Open connections from one IP address. */
  maxConnectionsPerAddress: z.number().int().min(1).optional(),
  /** The largest SIP message on a connection; a larger one closes it. */
  maxMessageBytes: z
    .number()
    .int()
    .min(4096)
    .max(16 * 1024 * 1024)
    .optional(),
  /** Bytes of unfinished messages on all connections together. */
  maxBufferedBytes: z.number().int().min(65_536).optional(),
  /** A message (or HTTP request headers) must be complete within this. */
  readTimeoutSeconds: z.number().min(1).max(600).optional(),
  /** A SIP connection that never authenticated is closed after this long without a message. */
  idleTimeoutSeconds: z.number().min(1).max(86_400).optional(),
  untrustedMessagesPerSecond: z.number().int().min(1).max(1_000_000).optional(),
  untrustedMessagesPerSecondTotal: z.number().int().min(1).max(10_000_000).optional(),
  /** SIP transactions one address may have open at once. */
  maxTransactionsPerAddress: z.number().int().min(1).optional(),
  /** Dialogs one device address may have open at once. */
  maxDialogsPerAddress: z.number().int().min(1).optional(),
  /** Origins, beside the PBX's own and the desktop app's, that may open its WebSockets. */
  allowedOrigins: z.array(z.string().min(1)).optional(),
  /** Refuse digest answers whose `uri` is the server's address rather than the Request-URI. */
  strictDigestUri: z.boolean().optional(),
  /** The largest HTTP API request body. */
  apiBodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .optional(),
  /** Admin password checks (scrypt) run at once; the rest wait in a fair queue. */
  signInConcurrency: z.number().int().min(1).max(64).optional(),
  /** Admin sign-ins waiting at most; past it `503` with Retry-After (one address: a quarter). */
  maxQueuedSignIns: z.number().int().min(1).max(100_000).optional(),
  // Disk full and crash recovery (issue 20 items 6 and 7; README "Storage and recovery").
  /** Call-record and binding writes kept in memory while the database cannot write. */
  maxQueuedWrites: z.number().int().min(100).max(10_000_000).optional(),
  /**
   * This server's name in the database: its open call records are closed and its UDP bindings
   * loaded when it starts, not another node's. Default: the host name.
   */
  nodeName: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, dashes and underscores, at most 64')
    .optional(),
});

export type PbxConfig = z.infer<typeof pbxConfigSchema>;

/** How long a proxied call may be quiet before the PBX checks both parties are still in it. */
export const DEFAULT_CALL_PROBE_SECONDS = 60;

export const DEFAULT_CONFIG: Omit<PbxConfig, 'dataDir' | 'domain'> = {
  listenHost: '0.0.0.0',
  httpPort: 8080,
  sipPort: 5060,
  sipTlsPort: 5061,
  httpsPort: 8443,
  ringTimeoutSeconds: 60,
  minExpires: 60,
  sessionExpiresSeconds: 1800,
  callProbeSeconds: DEFAULT_CALL_PROBE_SECONDS,
  logLevel: 'info',
  sipTrace: false,
  outboxRetentionDays: DEFAULT_OUTBOX_RETENTION_DAYS,
  maxConnections: LIMITS.maxConnections,
  maxConnectionsPerAddress: LIMITS.maxConnectionsPerAddress,
  maxMessageBytes: LIMITS.maxMessageBytes,
  maxBufferedBytes: LIMITS.maxBufferedBytes,
  readTimeoutSeconds: LIMITS.readTimeoutMs / 1000,
  idleTimeoutSeconds: LIMITS.idleTimeoutMs / 1000,
  untrustedMessagesPerSecond: LIMITS.untrustedMessagesPerSecond,
  untrustedMessagesPerSecondTotal: LIMITS.untrustedMessagesPerSecondTotal,
  maxTransactionsPerAddress: 1000,
  maxDialogsPerAddress: 2000,
  allowedOrigins: [],
  strictDigestUri: false,
  apiBodyLimitBytes: 65_536,
  signInConcurrency: DEFAULT_SIGN_IN_CONCURRENCY,
  maxQueuedSignIns: DEFAULT_SIGN_IN_QUEUE,
  maxQueuedWrites: DEFAULT_MAX_PENDING_WRITES,
};

/** The connection limits a configuration sets (limits.ts), the defaults for what it leaves out. */
export function connectionLimits(config: Partial<PbxConfig>): ConnectionLimits {
  const seconds = (value: number | undefined, fallbackMs: number) =>
    value === undefined ? fallbackMs : value * 1000;
  return {
    maxConnections: config.maxConnections ?? LIMITS.maxConnections,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress ?? LIMITS.maxConnectionsPerAddress,
    maxMessageBytes: config.maxMessageBytes ?? LIMITS.maxMessageBytes,
    maxBufferedBytes: config.maxBufferedBytes ?? LIMITS.maxBufferedBytes,
    readTimeoutMs: seconds(config.readTimeoutSeconds, LIMITS.readTimeoutMs),
    idleTimeoutMs: seconds(config.idleTimeoutSeconds, LIMITS.idleTimeoutMs),
    untrustedMessagesPerSecond:
      config.untrustedMessagesPerSecond ?? LIMITS.untrustedMessagesPerSecond,
    untrustedMessagesPerSecondTotal:
      config.untrustedMessagesPerSecondTotal ?? LIMITS.untrustedMessagesPerSecondTotal,
  };
}
