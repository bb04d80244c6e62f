import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsMessage } from './credentials-message';
import { createMailer, type Mailer } from './mailer';
import { readMail, recordingLogger } from './test-support';
import {
  SMTP_SECRET,
  SMTP_USER,
  startSmtpServer,
  type SmtpServerOptions,
} from '../../test/support/smtp';

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
/** What a test opened (mailers, servers), closed after it, last opened first. */
const closers: (() => unknown)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-mail-'));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

/** A mailer writing to the test's folder, through SMTP when given a URL; closed after the test. */
function mailerFor(smtpUrl?: string, logger = recordingLogger().logger, outboxDir = dir) {
  const mailer = createMailer({ smtpUrl, from: FROM, outboxDir, logger });
  closers.push(() => mailer.close());
  return mailer;
}

/** The test SMTP server, closed after the test. */
async function smtpServer(options?: SmtpServerOptions) {
  const smtp = await startSmtpServer(options);
  closers.push(smtp.close);
  return smtp;
}

describe('the file outbox (no SMTP URL)', () => {
  it('writes the message as a private .eml file and logs its path, never the password', async () => {
    const { logger, lines } = recordingLogger();
    const outboxDir = join(dir, 'outbox');
    const mailer = mailerFor(undefined, logger, outboxDir);
    expect(mailer.configured).toBe(false);

    const delivery = await mailer.send(MESSAGE);

    expect(delivery.via).toBe('file');
    expect(delivery.outcome).toBe('saved-to-outbox');
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
  });

  it('gives every message its own file', async () => {
    const mailer = mailerFor();
    const first = await mailer.send(MESSAGE);
    const second = await mailer.send(MESSAGE);
    expect(first.file).not.toBe(second.file);
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

describe('SMTP', () => {
  it('sends the message through the server, logged in with the URL credentials', async () => {
    const smtp = await smtpServer();
    const { logger, lines } = recordingLogger();
    const mailer = mailerFor(smtp.url, logger);
    expect(mailer.configured).toBe(true);
    expect(await mailer.send(MESSAGE)).toEqual({ via: 'smtp', outcome: 'sent' });

    expect(smtp.messages).toHaveLength(1);
    const [arrived] = smtp.messages;
    expect(arrived!.rcptTo).toEqual(['anna@acme.example']);
    expect(arrived!.user).toBe(SMTP_USER);
    const mail = readMail(arrived!.data);
    expect(mail.subject).toBe(MESSAGE.subject);
    expect(mail.text).toContain(`Пароль: ${PASSWORD}`);
    expect(mail.text).toContain(`Password: ${PASSWORD}`);
    expect(mail.text).toContain('Server: pbx.example.ru');
    expect(readdirSync(dir)).toEqual([]);

    const log = lines.join('');
    expect(log).toContain('"via":"smtp"');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(SMTP_SECRET);
  });

  it('rejects in words when the server refuses the recipient', async () => {
    const smtp = await smtpServer({ refuseRecipients: 'no such mailbox here' });
    const { logger, lines } = recordingLogger();
    const error = await sendError(mailerFor(smtp.url, logger));
    expect(error).toMatch(
      new RegExp(
        `^could not send mail through 127\\.0\\.0\\.1:${smtp.port}: .*550 no such mailbox here`,
      ),
    );
    expect(error).not.toContain(SMTP_SECRET);
    expect(smtp.messages).toEqual([]);
    expect(lines.join('')).not.toMatch(/smtp-secret|Xk7pQ2mR9vT4wZ8nB3hJ/);
  });

  it('rejects a wrong login without echoing the password', async () => {
    const smtp = await smtpServer();
    const error = await sendError(
      mailerFor(`smtp://${SMTP_USER}:wr%40ng-secret@127.0.0.1:${smtp.port}`),
    );
    expect(error).toMatch(/^could not send mail through 127\.0\.0\.1:\d+: .*535/);
    expect(error).not.toMatch(/wr(@|%40)ng-secret/);
    expect(smtp.messages).toEqual([]);
  });

  it('rejects in words when nothing listens on the port', async () => {
    const port = await closedPort();
    const error = await sendError(
      mailerFor(`smtp://${SMTP_USER}:${SMTP_SECRET}@127.0.0.1:${port}`),
    );
    expect(error).toMatch(
      new RegExp(`^could not send mail through 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(error).not.toContain(SMTP_SECRET);
  });

  it('refuses a URL that is not smtp:// or smtps:// without repeating it', () => {
    const make = (smtpUrl: string) => () => mailerFor(smtpUrl);
    expect(make('https://mailer:smtp-secret@mail.example')).toThrow(
      'the SMTP URL must start with smtp:// or smtps://, not https://',
    );
    expect(make('smtp-secret')).toThrow('the SMTP URL is not a valid URL');
  });
});

/** The message `send` rejects with; the test fails if it resolves or throws a non-Error. */
async function sendError(mailer: Mailer): Promise<string> {
  const error: unknown = await mailer.send(MESSAGE).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

/** A port on 127.0.0.1 that was free a moment ago, so a connection is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
