/**
 * The adapter's logger. It never prints the password: every secret it was given is masked
 * in messages and details, and fields named like credentials are masked whatever they hold.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SipLogger {
  log(level: LogLevel, message: string, details?: Record<string, unknown>): void;
}

export type LogWriter = (level: LogLevel, line: string) => void;

const MASK = '***';
const SECRET_KEY = /pass(word)?|ha1|secret|authorization/i;

const consoleWriter: LogWriter = (level, line) => {
  if (level === 'warn') console.warn(line);
  else if (level === 'error') console.error(line);
};

export interface SipLoggerOptions {
  scope?: string;
  /** Where lines go; by default warnings and errors go to the console. */
  write?: LogWriter;
}

export interface RedactingLogger extends SipLogger {
  /** Adds a value (the password) that must never appear in a line. */
  addSecret(secret: string): void;
}

export function createSipLogger(options: SipLoggerOptions = {}): RedactingLogger {
  const secrets = new Set<string>();
  const write = options.write ?? consoleWriter;
  const scope = options.scope ?? 'sip';
  const mask = (text: string) => {
    let masked = text;
    for (const secret of secrets) masked = masked.split(secret).join(MASK);
    return masked;
  };
  return {
    addSecret(secret) {
      if (secret) secrets.add(secret);
    },
    log(level, message, details) {
      const detailText = details ? ` ${safeJson(redactFields(details))}` : '';
      write(level, mask(`[${scope}] ${message}${detailText}`));
    },
  };
}

function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? MASK : redactFields(v, depth + 1);
  }
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable]';
  }
}

/** Runs a JsSIP call that may throw (a session in the wrong state): logs instead of throwing. */
export function guarded<T>(logger: SipLogger, action: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    logger.log('warn', `${action} failed`, { error: String(error) });
    return undefined;
  }
}
