import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeMessage } from '../../pbx/sip/serializer';
import { createResponse } from '../../pbx/sip/transaction/response';
import { RawSipClient, registerWithDigest, requestWithDigest } from '../support/raw-sip-client';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';

let pbx: TestPbx;
let anna: { sipNumber: string; password: string };
let boris: { sipNumber: string; password: string };
let vera: { sipNumber: string };
let annaPhone: RawSipClient;
let borisPhone: RawSipClient;

beforeAll(async () => {
  pbx = await startTestPbx({ ringTimeoutSeconds: 2 });
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  vera = await pbx.addEmployee('Vera Sidorova');
  annaPhone = await RawSipClient.connect('tcp', pbx.pbx.ports.sip);
  borisPhone = await RawSipClient.connect('tcp', pbx.pbx.ports.sip);
  expect(await registerWithDigest(borisPhone, boris.sipNumber, boris.password)).toBe(200);
});

afterAll(async () => {
  annaPhone.close();
  borisPhone.close();
  await pbx.stop();
});

const sdp =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

/** Anna's phone pretends to be Vera, every way a phone can claim an identity. */
const SPOOFED = () => [
  `Remote-Party-ID: "Vera Sidorova" <sip:${vera.sipNumber}@${TEST_DOMAIN}>;party=calling`,
  `P-Preferred-Identity: "Vera Sidorova" <sip:${vera.sipNumber}@${TEST_DOMAIN}>`,
  `P-Asserted-Identity: "Director" <sip:${vera.sipNumber}@${TEST_DOMAIN}>`,
  'X-Caller-ID: +78125550000',
  'X-Line: 7',
  'X-Pbx-Reason: number-disabled',
];

describe('identities a device claims (issue 20: trusted identities only)', () => {
  it('never reach the callee: the PBX sets its own P-Asserted-Identity and X-Line', async () => {
    const call = requestWithDigest(annaPhone, {
      method: 'INVITE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      headers: ['Content-Type: application/sdp', ...SPOOFED()],
      body: sdp,
    });
    const offered = await borisPhone.waitForRequest((r) => r.method === 'INVITE');
    expect(offered.headers.get('p-asserted-identity')).toBe(
      `"Anna Ivanova" <sip:${anna.sipNumber}@${TEST_DOMAIN}>`,
    );
    expect(offered.headers.get('from')).toMatch(/^"Anna Ivanova" <sip:/);
    for (const name of ['remote-party-id', 'p-preferred-identity', 'x-caller-id', 'x-pbx-reason']) {
      expect(offered.headers.has(name), name).toBe(false);
    }
    expect(offered.headers.getAll('x-line')).toEqual(['1']);

    // What the callee's phone claims in its answer does not reach the caller either.
    const ringing = createResponse(offered, 180, 'Ringing');
    ringing.headers
      .set('remote-party-id', `<sip:${vera.sipNumber}@${TEST_DOMAIN}>;party=called`)
      .set('p-asserted-identity', `<sip:${vera.sipNumber}@${TEST_DOMAIN}>`)
      .set('x-caller-id', '+78125550000');
    borisPhone.send(serializeMessage(ringing));
    const relayed = await annaPhone.waitFor((r) => r.status === 180);
    for (const name of ['remote-party-id', 'p-asserted-identity', 'x-caller-id']) {
      expect(relayed.headers.has(name), name).toBe(false);
    }
    borisPhone.send(serializeMessage(createResponse(offered, 486, 'Busy Here')));
    expect((await call).status).toBe(486);
  });

  it('are removed from a MESSAGE as from an INVITE', async () => {
    const sent = requestWithDigest(annaPhone, {
      method: 'MESSAGE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      headers: ['Content-Type: text/plain', ...SPOOFED()],
      body: 'hello',
    });
    const message = await borisPhone.waitForRequest((r) => r.method === 'MESSAGE');
    for (const name of ['remote-party-id', 'p-preferred-identity', 'x-caller-id', 'x-line']) {
      expect(message.headers.has(name), name).toBe(false);
    }
    expect(message.headers.get('p-asserted-identity')).toContain(anna.sipNumber);
    borisPhone.send(serializeMessage(createResponse(message, 200, 'OK')));
    expect((await sent).status).toBe(200);
  });
});
