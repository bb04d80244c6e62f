import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** The only login the test SMTP server accepts. */
export const SMTP_USER = 'mailer';
export const SMTP_SECRET = 'smtp-secret';

/** A message the server accepted: the envelope's recipients, who logged in, the raw message. */
export interface SmtpMessage {
  rcptTo: string[];
  user: unknown;
  data: string;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://` URL with the accepted login, as the PBX's `smtpUrl` takes it. */
  url: string;
  messages: SmtpMessage[];
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /** Refuses every recipient with 550 and this text, so nothing is accepted. */
  refuseRecipients?: string;
}

/** A real SMTP server on 127.0.0.1 (no TLS on offer, login required) that keeps what it accepts. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: SmtpMessage[] = [];
  const { refuseRecipients } = options;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_SECRET) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onRcptTo(_address, _session, callback) {
      if (refuseRecipients === undefined) callback();
      else callback(Object.assign(new Error(refuseRecipients), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${SMTP_USER}:${SMTP_SECRET}@127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((done) => server.close(done)),
  };
}
