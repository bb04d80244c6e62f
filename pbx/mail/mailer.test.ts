import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsMessage } from './credentials-message';
import { createMailer } from './mailer';
import { readMail, recordingLogger } from './test-support';

const PASSWORD = 'Xk7pQ2mR9vT4wZ8nB3hJ';
const MESSAGE = {
  to: 'anna@acme.example',
  ...credentialsMessage({
    employeeName: 'Анна Иванова',
    login: '0123456',
    password: PASSWORD,
    server: 'pbx.example.ru',
    domain: 'acme.pbx.example.ru',
    ports: { udp: 5060, tcp: 5060, tls: 5061, ws: 8088, wss: 8089 },
  }),
};
const FROM = 'PBX <pbx@example.ru>';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-mail-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the file outbox (no SMTP URL)', () => {
  it('writes the message as a private .eml file and logs its path, never the password', async () => {
    const { logger, lines } = recordingLogger();
    const outboxDir = join(dir, 'outbox');
    const mailer = createMailer({ from: FROM, outboxDir, logger });
    expect(mailer.configured).toBe(false);

    const delivery = await mailer.send(MESSAGE);

    expect(delivery.via).toBe('file');
    const file = delivery.file!;
    expect(readdirSync(outboxDir)).toEqual([file.slice(outboxDir.length + 1)]);
    expect(file).toMatch(/\/\d{8}T\d{9}Z-[0-9a-f]{12}\.eml$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(outboxDir).mode & 0o777).toBe(0o700);

    const mail = readMail(readFileSync(file, 'utf8'));
    expect(mail.subject).toBe('Новые данные SIP-номера / New SIP number credentials');
    expect(mail.headers.get('to')).toBe('anna@acme.example');
    expect(mail.headers.get('from')).toBe('PBX <pbx@example.ru>');
    expect(mail.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/);
    expect(mail.text).toBe(MESSAGE.text);

    const log = lines.join('');
    expect(log).toContain(JSON.stringify(file));
    expect(log).toContain('"via":"file"');
    expect(log).toContain('anna@acme.example');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('0123456');
    mailer.close();
  });

  it('gives every message its own file', async () => {
    const mailer = createMailer({ from: FROM, outboxDir: dir, logger: recordingLogger().logger });
    const first = await mailer.send(MESSAGE);
    const second = await mailer.send(MESSAGE);
    expect(first.file).not.toBe(second.file);
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

/** A real SMTP server on 127.0.0.1 that keeps what it accepts; no TLS on offer. */
async function startSmtpServer(options: SMTPServerOptions = {}) {
  const received: { rcptTo: string[]; user: unknown; data: string }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'smtp-secret') {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((done) => server.close(done)) };
}

describe('SMTP', () => {
  it('sends the message through the server, logged in with the URL credentials', async () => {
    const smtp = await startSmtpServer();
    const { logger, lines } = recordingLogger();
    const mailer = createMailer({
      smtpUrl: `smtp://mailer:smtp-secret@127.0.0.1:${smtp.port}`,
      from: FROM,
      outboxDir: dir,
      logger,
    });
    expect(mailer.configured).toBe(true);
    try {
      expect(await mailer.send(MESSAGE)).toEqual({ via: 'smtp' });
    } finally {
      mailer.close();
      await smtp.close();
    }

    expect(smtp.received).toHaveLength(1);
    const [arrived] = smtp.received;
    expect(arrived!.rcptTo).toEqual(['anna@acme.example']);
    expect(arrived!.user).toBe('mailer');
    const mail = readMail(arrived!.data);
    expect(mail.subject).toBe(MESSAGE.subject);
    expect(mail.text).toContain(`Пароль: ${PASSWORD}`);
    expect(mail.text).toContain(`Password: ${PASSWORD}`);
    expect(mail.text).toContain('Server: pbx.example.ru');
    expect(readdirSync(dir)).toEqual([]);

    const log = lines.join('');
    expect(log).toContain('"via":"smtp"');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('smtp-secret');
  });

  it('rejects in words when the server refuses the recipient', async () => {
    const smtp = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('no such mailbox here'), { responseCode: 550 }));
      },
    });
    const { logger, lines } = recordingLogger();
    const mailer = createMailer({
      smtpUrl: `smtp://mailer:smtp-secret@127.0.0.1:${smtp.port}`,
      from: FROM,
      outboxDir: dir,
      logger,
    });
    try {
      const error = (await mailer.send(MESSAGE).catch((e: Error) => e)) as Error;
      expect(error.message).toMatch(
        new RegExp(
          `^could not send mail through 127\\.0\\.0\\.1:${smtp.port}: .*550 no such mailbox here`,
        ),
      );
      expect(error.message).not.toContain('smtp-secret');
    } finally {
      mailer.close();
      await smtp.close();
    }
    expect(smtp.received).toEqual([]);
    expect(lines.join('')).not.toMatch(/smtp-secret|Xk7pQ2mR9vT4wZ8nB3hJ/);
  });

  it('rejects a wrong login without echoing the password', async () => {
    const smtp = await startSmtpServer();
    const mailer = createMailer({
      smtpUrl: `smtp://mailer:wr%40ng-secret@127.0.0.1:${smtp.port}`,
      from: FROM,
      outboxDir: dir,
      logger: recordingLogger().logger,
    });
    try {
      const error = await mailer.send(MESSAGE).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /^could not send mail through 127\.0\.0\.1:\d+: .*535/,
      );
      expect((error as Error).message).not.toMatch(/wr(@|%40)ng-secret/);
    } finally {
      mailer.close();
      await smtp.close();
    }
    expect(smtp.received).toEqual([]);
  });

  it('rejects in words when nothing listens on the port', async () => {
    const port = await closedPort();
    const mailer = createMailer({
      smtpUrl: `smtp://mailer:smtp-secret@127.0.0.1:${port}`,
      from: FROM,
      outboxDir: dir,
      logger: recordingLogger().logger,
    });
    const error = await mailer.send(MESSAGE).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(`^could not send mail through 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect((error as Error).message).not.toContain('smtp-secret');
  });

  it('refuses a URL that is not smtp:// or smtps:// without repeating it', () => {
    const logger = recordingLogger().logger;
    const make = (smtpUrl: string) => () =>
      createMailer({ smtpUrl, from: FROM, outboxDir: dir, logger });
    expect(make('https://mailer:smtp-secret@mail.example')).toThrow(
      'the SMTP URL must start with smtp:// or smtps://, not https://',
    );
    expect(make('smtp-secret')).toThrow('the SMTP URL is not a valid URL');
  });
});

/** A port on 127.0.0.1 that was free a moment ago, so a connection is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
