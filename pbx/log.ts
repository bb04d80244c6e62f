import pino, { type Logger } from 'pino';

/** Fields that must never reach a log line, wherever they appear. */
const REDACTED = [
  'password',
  '*.password',
  'ha1',
  '*.ha1',
  'passwordHash',
  '*.passwordHash',
  'smtpUrl',
  '*.smtpUrl',
  'token',
  '*.token',
  'headers.authorization',
  'headers["proxy-authorization"]',
];

export type { Logger };

/** The PBX logger: JSON lines on stdout (pino), secrets redacted. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED, censor: '[redacted]' } }, destination);
}
