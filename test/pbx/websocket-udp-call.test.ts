import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import { RawSipClient, registerWithDigest } from '../support/raw-sip-client';
import { freePort, runSipp } from '../support/sipp';
import { startTestPbx, type TestPbx } from '../support/pbx';

let pbx: TestPbx;
beforeAll(async () => {
  pbx = await startTestPbx();
});
afterAll(async () => {
  await pbx.stop();
});

/** A response the way a UAS builds it from a request (RFC 3261 §8.2.6). */
function reply(request: SipRequest, status: string, toTag: string, extra: string[] = []): string {
  const h = request.headers;
  return [
    `SIP/2.0 ${status}`,
    ...h.getAll('via').map((v) => `Via: ${v}`),
    ...h.getAll('record-route').map((r) => `Record-Route: ${r}`),
    `From: ${h.get('from')}`,
    `To: ${h.get('to')}${h.get('to')?.includes('tag=') ? '' : `;tag=${toTag}`}`,
    `Call-ID: ${h.get('call-id')}`,
    `CSeq: ${h.get('cseq')}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

it('connects an IP phone on UDP to a WebSocket device; ACK and BYE find the WebSocket again', async () => {
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  const browser = await RawSipClient.connect('ws', pbx.pbx.ports.http);
  expect(await registerWithDigest(browser, boris.sipNumber, boris.password)).toBe(200);

  const phone = runSipp({
    scenario: 'uac-call.xml',
    remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
    transport: 'u1',
    localPort: await freePort(),
    service: boris.sipNumber,
    user: anna.sipNumber,
    password: anna.password,
    keys: { caller: anna.sipNumber },
    extra: ['-d', '100'],
  });

  const invite = await browser.waitForRequest((r) => r.method === 'INVITE', 5000);
  // UDP on one side, WebSocket on the other: one Record-Route per side, ours naming the socket.
  const routes = invite.headers.getAll('record-route');
  expect(routes).toHaveLength(2);
  expect(routes[0]).toMatch(/^<sip:pbxf-\d+@127\.0\.0\.1:\d+;transport=ws;lr>$/);
  expect(routes[1]).not.toContain('transport=ws');
  const contact = 'Contact: <sip:boris@df7jal23ls0d.invalid;transport=ws>';
  browser.send(reply(invite, '180 Ringing', 'browser1', [contact]));
  browser.send(reply(invite, '200 OK', 'browser1', [contact]));

  const ack = await browser.waitForRequest((r) => r.method === 'ACK', 5000);
  expect(ack.uri.host).toBe('df7jal23ls0d.invalid');
  const bye = await browser.waitForRequest((r) => r.method === 'BYE', 5000);
  browser.send(reply(bye, '200 OK', 'browser1'));

  const run = await phone.done;
  expect(run.code, run.errors).toBe(0);
  await pbx.settle();
  const record = (await pbx.company.callRecords.list())[0];
  expect(record).toMatchObject({ result: 'answered', calleeNumber: boris.sipNumber });
  expect(record?.calleeDevice).toContain('third-party');
  browser.close();
});
