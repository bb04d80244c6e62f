/**
 * RFC 7118 §5.1: a WebSocket text frame is UTF-8. A message relayed to a WebSocket device whose
 * bytes are not (a body from a UDP or TCP peer in another charset) goes as a binary frame, counted
 * in `stats.wsBinaryFrames`: as a text frame, the browser (here the `ws` client, which checks
 * the same way) would close the connection with 1007 and the device would be gone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { requestWithDigest, type RawSipClient } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../support/sip-devices';

let pbx: TestPbx;
beforeAll(async () => {
  pbx = await startTestPbx();
});
afterAll(async () => {
  closeSipClients();
  await pbx.stop();
});

/** A 200 whose body is Latin-1 text, not UTF-8 ("café" with the byte E9). */
function latin1Answer(request: SipRequest): Buffer {
  const h = request.headers;
  const body = Buffer.from('caf\xe9', 'latin1');
  const head = [
    'SIP/2.0 200 OK',
    ...h.getAll('via').map((v) => `Via: ${v}`),
    `From: ${h.get('from')}`,
    `To: ${h.get('to')};tag=latin1`,
    `Call-ID: ${h.get('call-id')}`,
    `CSeq: ${h.get('cseq')}`,
    'Content-Type: text/plain;charset=ISO-8859-1',
    `Content-Length: ${body.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), body]);
}

it('relays a message that is not UTF-8 to a WebSocket device as a binary frame', async () => {
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  const phone: RawSipClient = await registeredDevice(pbx, anna.sipNumber, anna.password, 'udp');
  const browser = await registeredDevice(pbx, boris.sipNumber, boris.password, 'ws');
  const sending = requestWithDigest(browser, {
    method: 'MESSAGE',
    uri: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: boris.sipNumber,
    password: boris.password,
    headers: ['Content-Type: text/plain'],
    body: 'hello',
  });
  const message = await phone.waitForRequest((r) => r.method === 'MESSAGE');
  phone.send(latin1Answer(message));
  const answer = await sending;
  expect(answer.status).toBe(200);
  expect(answer.body.toString('latin1')).toBe('caf\xe9');
  expect(pbx.pbx.stats.wsBinaryFrames).toBe(1);
  // Still connected: the next request goes through.
  const again = await requestWithDigest(browser, {
    method: 'OPTIONS',
    uri: `sip:${TEST_DOMAIN}`,
    sipNumber: boris.sipNumber,
    password: boris.password,
  });
  expect(again.status).toBe(200);
});
