import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeHa1 } from '../../../pbx/directory';
import { readMail, recordingLogger } from '../../../pbx/mail/test-support';
import { ApiClient, signedInAdmin, signedInEmployee } from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { closeSipClients, registeredDevice, registerStatus } from '../../support/sip-devices';
import {
  SMTP_SECRET,
  startSmtpServer,
  type SmtpServerOptions,
  type TestSmtpServer,
} from '../../support/smtp';

let pbx: TestPbx | undefined;
let outboxDir: string;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
  pbx = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newOutbox(): string {
  outboxDir = mkdtempSync(join(tmpdir(), 'pbx-api-outbox-'));
  cleanups.push(() => rmSync(outboxDir, { recursive: true, force: true }));
  return outboxDir;
}

/** The test SMTP server, closed after the test. */
async function smtpServer(options?: SmtpServerOptions): Promise<TestSmtpServer> {
  const smtp = await startSmtpServer(options);
  cleanups.push(smtp.close);
  return smtp;
}

interface Employee {
  id: number;
  sipNumber: string;
  password: string;
  email: string | null;
}

async function newEmployee(admin: ApiClient, email: string | null): Promise<Employee> {
  const created = await admin.post('/admin/employees', { name: 'Анна Иванова', email });
  expect(created.status).toBe(201);
  return {
    id: created.body.employee.id,
    sipNumber: created.body.employee.sipNumber.number,
    password: created.body.password,
    email,
  };
}

const emlFiles = () => readdirSync(outboxDir).filter((name) => name.endsWith('.eml'));

describe('password reset with e-mail, no SMTP server configured', () => {
  it('writes one private .eml with the new credentials in Russian and English, never the HA1', async () => {
    const { logger, lines } = recordingLogger();
    pbx = await startTestPbx({ outboxDir: newOutbox(), logger });
    const admin = await signedInAdmin(pbx);
    const anna = await newEmployee(admin, 'anna@example.com');
    expect(readdirSync(outboxDir)).toEqual([]);

    const reset = await admin.post(`/admin/employees/${anna.id}/password`, { sendEmail: true });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      password: expect.any(String),
      mail: { to: 'anna@example.com', via: 'file' },
    });
    const password: string = reset.body.password;
    expect(password).not.toBe(anna.password);

    const files = readdirSync(outboxDir);
    expect(files).toHaveLength(1);
    expect(emlFiles()).toEqual(files);
    const file = join(outboxDir, files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const raw = readFileSync(file, 'utf8');
    const mail = readMail(raw);
    expect(mail.headers.get('to')).toBe('anna@example.com');
    expect(mail.subject).toBe('Новые данные SIP-номера / New SIP number credentials');
    const { sip, http } = pbx.pbx.ports;
    for (const line of [
      'Здравствуйте, Анна Иванова!',
      `Пароль: ${password}`,
      `Логин (SIP-номер): ${anna.sipNumber}`,
      'Сервер: 127.0.0.1',
      `Домен: ${TEST_DOMAIN}`,
      'Hello, Анна Иванова.',
      `Password: ${password}`,
      `Login (SIP number): ${anna.sipNumber}`,
      'Server: 127.0.0.1',
      `Domain: ${TEST_DOMAIN}`,
      `  UDP: ${sip}`,
      `  TCP: ${sip}`,
      `  WebSocket: ${http}`,
    ]) {
      expect(mail.text).toContain(line);
    }
    // The PBX keeps only the HA1; it is never written into the mail, old or new.
    const ha1 = computeHa1(anna.sipNumber, TEST_DOMAIN, password);
    expect((await pbx.store.sipNumbers.get(anna.sipNumber))?.ha1).toBe(ha1);
    for (const secret of [ha1, computeHa1(anna.sipNumber, TEST_DOMAIN, anna.password)]) {
      expect(raw.toLowerCase()).not.toContain(secret);
      expect(mail.text.toLowerCase()).not.toContain(secret);
    }
    expect(raw).not.toContain(anna.password);
    // The log names the file, never what is in it.
    const log = lines.join('');
    expect(log).toContain(JSON.stringify(file));
    expect(log).not.toContain(password);
    expect(log.toLowerCase()).not.toContain(ha1);

    const company = await admin.get('/admin/company');
    expect(company.body).toMatchObject({ mailConfigured: false });
  });

  it('writes nothing when no e-mail is asked for', async () => {
    pbx = await startTestPbx({ outboxDir: newOutbox() });
    const admin = await signedInAdmin(pbx);
    const anna = await newEmployee(admin, 'anna@example.com');
    const reset = await admin.post(`/admin/employees/${anna.id}/password`, { sendEmail: false });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ password: expect.any(String), mail: null });
    expect(readdirSync(outboxDir)).toEqual([]);
  });
});

describe('password reset with e-mail through an SMTP server', () => {
  it("delivers the new password to the employee's address", async () => {
    const smtp = await smtpServer();
    pbx = await startTestPbx({ outboxDir: newOutbox(), smtpUrl: smtp.url });
    const admin = await signedInAdmin(pbx);
    expect((await admin.get('/admin/company')).body).toMatchObject({ mailConfigured: true });
    const anna = await newEmployee(admin, 'anna@example.com');

    const reset = await admin.post(`/admin/employees/${anna.id}/password`, { sendEmail: true });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      password: expect.any(String),
      mail: { to: 'anna@example.com', via: 'smtp' },
    });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.rcptTo).toEqual(['anna@example.com']);
    const mail = readMail(smtp.messages[0]!.data);
    expect(mail.text).toContain(`Пароль: ${reset.body.password}`);
    expect(mail.text).toContain(`Password: ${reset.body.password}`);
    expect(mail.text).toContain(`Login (SIP number): ${anna.sipNumber}`);
    expect(readdirSync(outboxDir)).toEqual([]);
  });

  it('keeps the reset when the server refuses the mail, and says why', async () => {
    const smtp = await smtpServer({ refuseRecipients: 'no such mailbox here' });
    const { logger, lines } = recordingLogger();
    pbx = await startTestPbx({ outboxDir: newOutbox(), smtpUrl: smtp.url, logger });
    const admin = await signedInAdmin(pbx);
    const anna = await newEmployee(admin, 'anna@example.com');

    const reset = await admin.post(`/admin/employees/${anna.id}/password`, { sendEmail: true });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      password: expect.any(String),
      mail: null,
      mailError: expect.stringMatching(
        new RegExp(`^could not send mail through 127\\.0\\.0\\.1:${smtp.port}: .*550`),
      ),
    });
    expect(reset.body.mailError).not.toContain(SMTP_SECRET);
    expect(reset.body.mailError).not.toContain(reset.body.password);
    expect(smtp.messages).toEqual([]);
    expect(readdirSync(outboxDir)).toEqual([]);
    const log = lines.join('');
    expect(log).toContain('credentials mail failed');
    expect(log).not.toContain(reset.body.password);
    expect(log).not.toContain(SMTP_SECRET);
    // The new password stands; the old one is gone.
    await signedInEmployee(pbx, anna.sipNumber, reset.body.password);
    const old = await new ApiClient(pbx).post('/auth/employee', {
      sipNumber: anna.sipNumber,
      password: anna.password,
    });
    expect(old.status).toBe(401);
  });
});

describe('password reset refused', () => {
  it('is 400 on sendEmail for an employee without e-mail, and the password stays', async () => {
    pbx = await startTestPbx({ outboxDir: newOutbox() });
    const admin = await signedInAdmin(pbx);
    const boris = await newEmployee(admin, null);
    const session = await signedInEmployee(pbx, boris.sipNumber, boris.password);
    const before = pbx.pbx.directory.sipNumbers.get(boris.sipNumber);

    const reset = await admin.post(`/admin/employees/${boris.id}/password`, { sendEmail: true });
    expect(reset.status).toBe(400);
    expect(reset.body).toEqual({
      error: 'bad-request',
      message: 'sendEmail: the employee has no e-mail address to send it to',
      fields: [{ path: 'sendEmail', message: 'the employee has no e-mail address to send it to' }],
    });
    expect(pbx.pbx.directory.sipNumbers.get(boris.sipNumber)).toEqual(before);
    await signedInEmployee(pbx, boris.sipNumber, boris.password);
    expect((await session.get('/me')).status).toBe(200);
    expect(readdirSync(outboxDir)).toEqual([]);
  });
});

describe('after a reset', () => {
  it('the old password no longer registers, the new one does, and old API tokens are 401', async () => {
    pbx = await startTestPbx({ outboxDir: newOutbox() });
    const admin = await signedInAdmin(pbx);
    const anna = await newEmployee(admin, 'anna@example.com');
    await registeredDevice(pbx, anna.sipNumber, anna.password);
    const oldSession = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    expect((await oldSession.get('/me')).status).toBe(200);

    const reset = await admin.post(`/admin/employees/${anna.id}/password`, { sendEmail: true });
    expect(reset.status).toBe(200);
    const password: string = reset.body.password;

    // The device that registered with the old password was dropped.
    expect((await admin.get(`/admin/employees/${anna.id}/devices`)).body).toEqual([]);
    expect(await registerStatus(pbx, anna.sipNumber, anna.password)).not.toBe(200);
    await registeredDevice(pbx, anna.sipNumber, password);
    const stale = await oldSession.get('/me');
    expect(stale.status).toBe(401);
    expect(stale.body.error).toBe('unauthorized');
    const fresh = await signedInEmployee(pbx, anna.sipNumber, password);
    expect((await fresh.get('/me')).status).toBe(200);
  });
});

describe('first credentials by e-mail when the employee is created', () => {
  it('sends the new SIP number and its password through the SMTP server in the same step', async () => {
    const smtp = await smtpServer();
    pbx = await startTestPbx({ outboxDir: newOutbox(), smtpUrl: smtp.url });
    const admin = await signedInAdmin(pbx);
    const created = await admin.post('/admin/employees', {
      name: 'Анна Иванова',
      email: 'anna@example.com',
      sendEmail: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.mail).toEqual({ to: 'anna@example.com', via: 'smtp' });
    const sipNumber: string = created.body.employee.sipNumber.number;
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.rcptTo).toEqual(['anna@example.com']);
    const mail = readMail(smtp.messages[0]!.data);
    expect(mail.text).toContain(`Пароль: ${created.body.password}`);
    expect(mail.text).toContain(`Login (SIP number): ${sipNumber}`);
    // The password mailed is the one that registers.
    await registeredDevice(pbx, sipNumber, created.body.password);

    const quiet = await admin.post('/admin/employees', { name: 'Борис', email: 'b@example.com' });
    expect(quiet.status).toBe(201);
    expect(quiet.body.mail).toBeUndefined();
    expect(smtp.messages).toHaveLength(1);
  });

  it('is 400 on sendEmail without an e-mail address, and creates nobody', async () => {
    pbx = await startTestPbx({ outboxDir: newOutbox() });
    const admin = await signedInAdmin(pbx);
    const refused = await admin.post('/admin/employees', { name: 'Вера', sendEmail: true });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { path: 'sendEmail', message: 'the employee has no e-mail address to send it to' },
    ]);
    expect((await admin.get('/admin/employees')).body.total).toBe(0);
    expect(emlFiles()).toEqual([]);
  });
});
