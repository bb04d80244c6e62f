import { afterEach, describe, expect, it } from 'vitest';
import { readMail, recordingLogger } from '../../../pbx/mail/test-support';
import { ADMIN_PASSWORD, ApiClient, signedInAdmin } from '../../support/api';
import { untilAsync } from '../../support/poll';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

let pbx: TestPbx | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await pbx?.stop();
  await smtp?.close();
  pbx = smtp = undefined;
});

const NEW_PASSWORD = 'a brand new admin password';

/** The code and link of the last reset mail the SMTP server accepted. */
function lastResetMail(server: TestSmtpServer) {
  const mail = readMail(server.messages.at(-1)!.data);
  return {
    to: server.messages.at(-1)!.rcptTo,
    text: mail.text,
    code: /^Code: (\S+)$/m.exec(mail.text)?.[1] ?? '',
  };
}

describe('"Forgot password" on the admin sign-in (issue 23 item 8)', () => {
  it('mails a one-time code with a link; the code sets a new password once, and ends the old sessions', async () => {
    smtp = await startSmtpServer();
    const { logger, lines } = recordingLogger();
    pbx = await startTestPbx({ smtpUrl: smtp.url, publicUrl: 'https://pbx.corp.example', logger });
    const admin = await signedInAdmin(pbx, 'boss@acme.example');
    const anonymous = new ApiClient(pbx);

    expect((await anonymous.get('/auth/admin/recovery')).body).toEqual({ byEmail: true });
    const asked = await anonymous.post('/auth/admin/forgot', { email: 'Boss@Acme.example' });
    expect(asked.status).toBe(202);
    await untilAsync(async () => smtp!.messages.length === 1, 10_000, 'the reset mail');
    const mail = lastResetMail(smtp);
    expect(mail.to).toEqual(['boss@acme.example']);
    expect(mail.text).toContain(
      `https://pbx.corp.example/?admin-reset-code=${encodeURIComponent(mail.code)}`,
    );

    // An unknown e-mail gets the same answer, and no mail goes anywhere.
    const unknown = await anonymous.post('/auth/admin/forgot', { email: 'nobody@acme.example' });
    expect([unknown.status, unknown.body]).toEqual([asked.status, asked.body]);
    // Asking again at once sends no second mail (no mail bombing).
    await anonymous.post('/auth/admin/forgot', { email: 'boss@acme.example' });

    const tooShort = await anonymous.post('/auth/admin/reset', {
      code: mail.code,
      password: 'short',
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.message).toBe('password: an admin password has at least 12 characters');

    const reset = await anonymous.post('/auth/admin/reset', {
      code: mail.code,
      password: NEW_PASSWORD,
    });
    expect([reset.status, reset.body]).toEqual([200, { email: 'boss@acme.example' }]);
    expect((await admin.get('/admin/company')).status).toBe(401);
    const signIn = (password: string) =>
      anonymous.post('/auth/admin', { email: 'boss@acme.example', password });
    expect((await signIn(ADMIN_PASSWORD)).status).toBe(401);
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);

    // Used once: the same code no longer works.
    const again = await anonymous.post('/auth/admin/reset', {
      code: mail.code,
      password: 'yet another admin password',
    });
    expect(again.status).toBe(400);
    expect(again.body.message).toBe(
      'code: this reset code is wrong, used or expired: ask for a new one',
    );
    expect(smtp.messages).toHaveLength(1);
    // The code and the new password are in no log line.
    expect(lines.join('\n')).not.toContain(mail.code);
    expect(lines.join('\n')).not.toContain(NEW_PASSWORD);
  });

  it('a forged code is refused naming the field, and the password stays', async () => {
    smtp = await startSmtpServer();
    pbx = await startTestPbx({ smtpUrl: smtp.url });
    await signedInAdmin(pbx, 'boss@acme.example');
    const anonymous = new ApiClient(pbx);
    await anonymous.post('/auth/admin/forgot', { email: 'boss@acme.example' });
    await untilAsync(async () => smtp!.messages.length === 1, 10_000, 'the reset mail');
    const { code, text } = lastResetMail(smtp);
    // Without --public-url the mail says where to paste the code.
    expect(text).toContain('"Forgot password?" → "I have a code"');

    const [id, expiry, mac] = code.split('.');
    const later = Number(expiry) + 3_600_000;
    for (const forged of [`${id}.${later}.${mac}`, `${id}.${expiry}.x${mac}`, 'junk']) {
      const answer = await anonymous.post('/auth/admin/reset', {
        code: forged,
        password: NEW_PASSWORD,
      });
      expect([answer.status, answer.body.error]).toEqual([400, 'bad-request']);
    }
    const signIn = await anonymous.post('/auth/admin', {
      email: 'boss@acme.example',
      password: ADMIN_PASSWORD,
    });
    expect(signIn.status).toBe(200);
  });

  it('without an SMTP server the sign-in offers no e-mail, and asking says what to do', async () => {
    pbx = await startTestPbx();
    const anonymous = new ApiClient(pbx);
    expect((await anonymous.get('/auth/admin/recovery')).body).toEqual({ byEmail: false });
    const asked = await anonymous.post('/auth/admin/forgot', { email: 'boss@acme.example' });
    expect(asked.status).toBe(503);
    expect(asked.body.message).toContain('npm run pbx -- admin reset-password EMAIL');
  });
});
