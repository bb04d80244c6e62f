import { z } from 'zod';
import { rtpengineSchema } from './media/config';
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
  /** Niceness of the SIP thread, -20 (first) to 19 (pbx/priority.ts); unset: as started. */
  nice: z.number().int().min(-20).max(19).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  sipTrace: z.boolean(),
  /** `smtp://user:password@host:587` or `smtps://…`; without it mail goes to `<dataDir>/outbox`. */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The sender of the PBX's mail; default `PBX <noreply@DOMAIN>`. */
  mailFrom: z.string().min(3).optional(),
  /** The carrier trunk (`udp:HOST:PORT` or `tcp:HOST:PORT`, HOST an IP address). */
  trunk: trunkSchema.optional(),
  /** Digest credentials the carrier challenges for (the password from the environment). */
  trunkUsername: z.string().min(1).optional(),
  trunkPassword: z.string().min(1).optional(),
  trunkNumberFormat: z.enum(NUMBER_FORMATS).optional(),
  /** rtpengine's ng address; without it softphones and plain-RTP peers have no common audio. */
  rtpengine: rtpengineSchema.optional(),
});

export type PbxConfig = z.infer<typeof pbxConfigSchema>;

export const DEFAULT_CONFIG: Omit<PbxConfig, 'dataDir' | 'domain'> = {
  listenHost: '0.0.0.0',
  httpPort: 8080,
  sipPort: 5060,
  sipTlsPort: 5061,
  httpsPort: 8443,
  ringTimeoutSeconds: 60,
  minExpires: 60,
  sessionExpiresSeconds: 1800,
  logLevel: 'info',
  sipTrace: false,
};
