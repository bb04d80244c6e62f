/**
 * Issue 20 item 3, the storage half: a password set or reset stores a SHA-256 HA1 beside the
 * MD5 one, the directory carries it, and the PBX offers SHA-256 digest (RFC 7616, RFC 8760) to
 * that account; a phone answering the SHA-256 challenge registers.
 */
import { afterEach, expect, it } from 'vitest';
import { resetSipPassword } from '../../pbx/directory';
import { RawSipClient, requestWithDigest } from '../support/raw-sip-client';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';

let pbx: TestPbx | undefined;
let phone: RawSipClient | undefined;
afterEach(async () => {
  phone?.close();
  await pbx?.stop();
  pbx = phone = undefined;
});

const register = (sipNumber: string, password: string, algorithm: 'MD5' | 'SHA-256') =>
  requestWithDigest(phone!, {
    method: 'REGISTER',
    uri: `sip:${TEST_DOMAIN}`,
    to: `sip:${sipNumber}@${TEST_DOMAIN}`,
    sipNumber,
    password,
    algorithm,
    headers: ['Expires: 600'],
  });

it('registers a phone that answers the SHA-256 challenge, and one that answers MD5', async () => {
  pbx = await startTestPbx();
  const anna = await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
  phone = await RawSipClient.connect('udp', pbx.pbx.ports.sip);
  expect((await register(anna.sipNumber, 'anna-password-1', 'SHA-256')).status).toBe(200);
  expect((await register(anna.sipNumber, 'anna-password-1', 'MD5')).status).toBe(200);
  // A wrong password is refused in SHA-256 too.
  expect((await register(anna.sipNumber, 'not-the-password', 'SHA-256')).status).toBe(401);
});

it('offers SHA-256 after a reset to an account that had only an MD5 HA1', async () => {
  pbx = await startTestPbx();
  const boris = await pbx.addEmployee('Boris Petrov', 'boris-password-1');
  // As data written before the store kept SHA-256 HA1s: MD5 only.
  await pbx.company.sipNumbers.setHa1(
    boris.sipNumber,
    (await pbx.store.sipNumbers.get(boris.sipNumber))!.ha1,
  );
  phone = await RawSipClient.connect('udp', pbx.pbx.ports.sip);
  await expect(register(boris.sipNumber, 'boris-password-1', 'SHA-256')).rejects.toThrow(
    'the challenge does not offer SHA-256',
  );
  expect((await register(boris.sipNumber, 'boris-password-1', 'MD5')).status).toBe(200);
  await resetSipPassword(pbx.company, boris.sipNumber, TEST_DOMAIN, 'boris-password-2');
  expect((await register(boris.sipNumber, 'boris-password-2', 'SHA-256')).status).toBe(200);
});
