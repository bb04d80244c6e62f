import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type nodemailerModule from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Logger } from '../log';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Where a message went. Only `sent` may be reported as "e-mailed": the SMTP server accepted
 * the recipient and the message. `saved-to-outbox`: no SMTP server is configured, so it was
 * written as an `.eml` file that nobody receives until someone delivers it.
 */
export type MailOutcome = 'sent' | 'saved-to-outbox';

export interface MailDelivery {
  via: 'smtp' | 'file';
  outcome: MailOutcome;
  file?: string;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; without it messages go to the outbox. */
  smtpUrl?: string;
  from: string;
  outboxDir: string;
  logger: Logger;
}

/** Sends mail through SMTP, or writes it to a private outbox when no SMTP server is set. */
export interface Mailer {
  /** True when an SMTP URL is set, so mail actually leaves this machine. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<MailDelivery>;
  /** Releases the transport on shutdown; each SMTP send opens and closes its own connection. */
  close(): void;
}

/** Gives up on an unreachable or silent server well before an HTTP request would time out. */
const TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  dnsTimeout: 10_000,
  socketTimeout: 30_000,
};

/** What nodemailer says of a message: the buffer (stream transport), the SMTP verdicts. */
interface SentInfo {
  message?: unknown;
  accepted?: unknown[];
  rejected?: unknown[];
}

/** nodemailer is loaded with the first message: most PBX processes never send one. */
type Nodemailer = typeof nodemailerModule;

async function loadNodemailer(): Promise<Nodemailer> {
  return (await import('nodemailer')).default;
}

/** A transport made on first use and kept; `close` closes it if it was ever made. */
function lazyTransport(make: (nodemailer: Nodemailer) => Transporter): {
  send(mail: SendMailOptions): Promise<SentInfo>;
  close(): void;
} {
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= loadNodemailer().then(make);
      return (await (await transport).sendMail(mail)) as SentInfo;
    },
    close: () => void transport?.then((made) => made.close()),
  };
}

/** Creates the mailer; throws at once when the SMTP URL is not an smtp:// or smtps:// URL. */
export function createMailer(options: MailerOptions): Mailer {
  const log = options.logger.child({ module: 'mail' });
  return options.smtpUrl
    ? smtpMailer(options.smtpUrl, options.from, log)
    : outboxMailer(options.outboxDir, options.from, log);
}

function smtpMailer(smtpUrl: string, from: string, log: Logger): Mailer {
  const { server, secrets } = inspectSmtpUrl(smtpUrl);
  // nodemailer's own logger stays off: at debug level it would print the message body.
  const transport = lazyTransport((nodemailer) =>
    nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS }, { from }),
  );
  return {
    configured: true,
    async send({ to, subject, text }) {
      try {
        const info = await transport.send({ to, subject, text });
        // nodemailer resolves while some recipients were refused; ours must have been accepted.
        if (!info.accepted?.some((address) => String(address).toLowerCase() === to.toLowerCase())) {
          throw new Error(`the server did not accept ${to}`);
        }
      } catch (error) {
        const reason = hide(error instanceof Error ? error.message : String(error), secrets);
        log.warn({ to, subject, via: 'smtp', reason }, 'mail not sent');
        // No `cause`: nodemailer's error carries fields (command, response) not vetted for secrets.
        throw new Error(`could not send mail through ${server}: ${reason}`);
      }
      log.info({ to, subject, via: 'smtp' }, 'mail sent');
      return { via: 'smtp', outcome: 'sent' };
    },
    close: () => transport.close(),
  };
}

function outboxMailer(outboxDir: string, from: string, log: Logger): Mailer {
  // CRLF line ends: an .eml file is an RFC 5322 message, as a mail client expects to open it.
  const transport = lazyTransport((nodemailer) =>
    nodemailer.createTransport(
      { streamTransport: true, buffer: true, newline: 'windows' },
      { from },
    ),
  );
  return {
    configured: false,
    async send({ to, subject, text }) {
      const { message } = await transport.send({ to, subject, text });
      if (!Buffer.isBuffer(message)) throw new Error('the mail was not rendered into a buffer');
      const file = join(outboxDir, outboxFileName(new Date()));
      try {
        await mkdir(outboxDir, { recursive: true, mode: 0o700 });
        // 'wx' creates a new file, so the mode applies: only the PBX's user may read it.
        await writeFile(file, message, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`could not write mail to the outbox ${outboxDir}: ${reason}`);
      }
      log.info({ to, subject, via: 'file', file }, 'mail written to the outbox, not sent');
      return { via: 'file', outcome: 'saved-to-outbox', file };
    },
    close: () => {},
  };
}

/** `20250314T093015123Z-1a2b3c4d5e6f.eml`: sorts by time, never collides, safe on any disk. */
function outboxFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(6).toString('hex')}.eml`;
}

/** The server to name in errors, and the password forms that must never appear in them. */
function inspectSmtpUrl(smtpUrl: string): { server: string; secrets: string[] } {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('the SMTP URL is not a valid URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`the SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new Error('the SMTP URL names no server');
  const secrets = [url.password, safeDecode(url.password)].filter((secret) => secret.length > 0);
  return { server: url.host, secrets };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not percent-encoded after all: the text is meant as written.
    return text;
  }
}

function hide(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
