/**
 * Issue 18: `startPbx` opened its sockets before the request pipeline, the relay and the trunk
 * existed (50–320 ms with TLS on): a datagram that arrived in that window reached a half-built
 * server. Here a client sends OPTIONS to the SIP port without pause while the PBX starts; the
 * PBX must start, answer, and never fault.
 */
import dgram from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseMessage } from '../../pbx/sip/parser';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { freePort } from '../support/sipp';
import { testCertificate } from '../support/tls';

let pbx: TestPbx | undefined;

afterAll(async () => {
  await pbx?.stop();
});

function options(n: number, localPort: number): Buffer {
  return Buffer.from(
    [
      `OPTIONS sip:${TEST_DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bKearly${n};rport`,
      'Max-Forwards: 70',
      `From: <sip:probe@${TEST_DOMAIN}>;tag=early${n}`,
      `To: <sip:${TEST_DOMAIN}>`,
      `Call-ID: early-${n}`,
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

it('datagrams arriving while the PBX starts never reach a half-built server', async () => {
  const { cert, key } = testCertificate();
  // The web softphone's files, read while the HTTPS side is built: I/O in the middle of start.
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Softphone</title>');
  const sipPort = await freePort();
  const client = dgram.createSocket('udp4');
  await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
  const answered = new Set<string>();
  client.on('message', (data) => {
    const message = parseMessage(data);
    if (message.type === 'response' && message.status === 200) answered.add(message.callId);
  });
  let sent = 0;
  let sending = true;
  // Every millisecond or so, while the PBX builds itself and binds its sockets.
  const blast = () => {
    if (!sending) return;
    client.send(options(++sent, client.address().port), sipPort, '127.0.0.1');
    setTimeout(blast, 1);
  };
  blast();
  let bound = Infinity;
  pbx = await startTestPbx({
    sipPort,
    tlsCertFile: cert,
    tlsKeyFile: key,
    rendererDir,
    // The sockets are bound: stay in the window a while, so datagrams surely arrive in it.
    beforeDelivery: async () => {
      bound = sent + 1;
      await new Promise((r) => setTimeout(r, 150));
    },
  });
  await new Promise((r) => setTimeout(r, 100));
  sending = false;
  await new Promise((r) => setTimeout(r, 200));
  client.close();
  expect(pbx.pbx.stats.faults).toBe(0);
  expect(sent - bound).toBeGreaterThan(3);
  // Every OPTIONS sent once the sockets were bound is answered, those held at start included.
  for (let n = bound; n <= sent; n++) expect(answered.has(`early-${n}`), `early-${n}`).toBe(true);
});
