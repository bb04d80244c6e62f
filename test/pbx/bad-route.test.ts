/**
 * Issue 18: an unauthenticated request with a malformed Route got `500` and an error-level log
 * line with a full stack (~1.5 KB of log per ~200-byte packet). It is a malformed request:
 * `400` and one short line.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../pbx/log';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { RawSipClient } from '../support/raw-sip-client';

let pbx: TestPbx;
const lines: string[] = [];

beforeAll(async () => {
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  pbx = await startTestPbx({ logger });
});

afterAll(async () => {
  await pbx.stop();
});

it('an unauthenticated request with a malformed Route gets 400 and one short log line', async () => {
  const client = await RawSipClient.connect('udp', pbx.pbx.ports.sip);
  const logged = lines.length;
  client.send(
    [
      `OPTIONS sip:0100001@${TEST_DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${client.localPort()};rport;branch=z9hG4bKbadroute1`,
      'Max-Forwards: 70',
      `From: <sip:0100002@${TEST_DOMAIN}>;tag=br1`,
      `To: <sip:0100001@${TEST_DOMAIN}>`,
      'Call-ID: bad-route-1',
      'CSeq: 1 OPTIONS',
      `Route: <sip:127.0.0.1:${pbx.pbx.ports.sip};lr`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  const answer = await client.waitFor((r) => r.headers.get('call-id') === 'bad-route-1');
  expect([answer.status, answer.reason]).toEqual([400, 'Bad Route']);
  await new Promise((r) => setTimeout(r, 50));
  const written = lines.slice(logged);
  expect(written).toHaveLength(1);
  expect(written[0]!.length).toBeLessThan(400);
  expect(written[0]).not.toContain('stack');
  expect(pbx.pbx.stats.faults).toBe(0);
  client.close();
});
