/** `--sip-trace` (issue 18 item 8): every message in both directions, at info level. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../pbx/log';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { RawSipClient, registerWithDigest } from '../support/raw-sip-client';

let pbx: TestPbx;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const logger = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  pbx = await startTestPbx({ sipTrace: true, logger });
});

afterAll(async () => {
  await pbx.stop();
});

it('logs each message received and each one sent, credentials cut out', async () => {
  const anna = await pbx.addEmployee('Anna Ivanova');
  const phone = await RawSipClient.connect('udp', pbx.pbx.ports.sip);
  expect(await registerWithDigest(phone, anna.sipNumber, anna.password)).toBe(200);
  phone.close();
  const traced = lines.filter((line) => line.module === 'sip-trace');
  const texts = (direction: string) =>
    traced.filter((line) => line.direction === direction).map((line) => String(line.msg));
  expect(texts('in').filter((text) => text.startsWith(`REGISTER sip:${TEST_DOMAIN}`))).toHaveLength(
    2,
  );
  expect(texts('out').map((text) => text.split('\r\n')[0])).toEqual([
    'SIP/2.0 401 Unauthorized',
    'SIP/2.0 200 OK',
  ]);
  expect(traced.every((line) => line.level === 30)).toBe(true);
  expect(texts('in').join('\n')).toContain('Authorization: Digest [redacted]');
  expect(texts('in').join('\n')).not.toContain('response=');
});
