import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawSipClient, registerWithDigest, requestWithDigest } from '../support/raw-sip-client';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';

let pbx: TestPbx;
let anna: { sipNumber: string; password: string };
let boris: { sipNumber: string; password: string };
let vera: { sipNumber: string; password: string };
let annaPhone: RawSipClient;
let borisPhone: RawSipClient;

beforeAll(async () => {
  pbx = await startTestPbx({ ringTimeoutSeconds: 1 });
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
const invite = (target: string, headers: string[] = []) =>
  requestWithDigest(annaPhone, {
    method: 'INVITE',
    uri: `sip:${target}@${TEST_DOMAIN}`,
    sipNumber: anna.sipNumber,
    password: anna.password,
    headers: ['Content-Type: application/sdp', ...headers],
    body: sdp,
  });

describe('routing a call to a SIP number', () => {
  it('refuses an unknown SIP number with 404 unknown-number', async () => {
    const response = await invite('0999999');
    expect([response.status, response.reason]).toEqual([404, 'Not Found']);
    expect(response.headers.get('x-pbx-reason')).toBe('unknown-number');
  });

  it('refuses a colleague with no device registered with 480 not-registered', async () => {
    const response = await invite(vera.sipNumber);
    expect([response.status, response.reason]).toEqual([480, 'Not Registered']);
    expect(response.headers.get('x-pbx-reason')).toBe('not-registered');
  });

  it('refuses Max-Forwards 0 with 483 and an unsupported Proxy-Require with 420', async () => {
    expect((await invite(boris.sipNumber, ['Max-Forwards: 0'])).status).toBe(483);
    const response = await invite(boris.sipNumber, ['Proxy-Require: foo']);
    expect(response.status).toBe(420);
    expect(response.headers.get('unsupported')).toBe('foo');
  });

  it('shows the caller by name and rings until the ring timeout: 480 no-answer', async () => {
    const started = Date.now();
    const answer = invite(boris.sipNumber);
    const offered = await borisPhone.waitForRequest((r) => r.method === 'INVITE');
    expect(offered.headers.get('from')).toMatch(/^"Anna Ivanova" <sip:/);
    expect(offered.headers.get('p-asserted-identity')).toBe(
      `"Anna Ivanova" <sip:${anna.sipNumber}@${TEST_DOMAIN}>`,
    );
    expect(offered.headers.getAll('record-route')).toHaveLength(2);
    expect(offered.headers.has('proxy-authorization')).toBe(false);
    const response = await answer;
    expect([response.status, response.reason]).toEqual([480, 'No Answer']);
    expect(response.headers.get('x-pbx-reason')).toBe('no-answer');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('refuses a request whose From is not the authenticated number', async () => {
    const spoofed = await requestWithDigest(annaPhone, {
      method: 'MESSAGE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: vera.sipNumber,
      password: vera.password,
      fromUser: anna.sipNumber,
    });
    expect([spoofed.status, spoofed.reason]).toEqual([403, 'From Does Not Match Credentials']);
  });
});

describe('requests outside a known dialog', () => {
  it('answers 481 to a BYE for a dialog the PBX never routed, and 403 to one not routed through it', async () => {
    const bye = (route: string[]) =>
      requestWithDigest(annaPhone, {
        method: 'BYE',
        uri: `sip:${boris.sipNumber}@127.0.0.1:5099`,
        sipNumber: anna.sipNumber,
        password: anna.password,
        to: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
        toTag: 'nosuchdialog',
        headers: route,
      });
    const routed = await bye([`Route: <sip:127.0.0.1:${pbx.pbx.ports.sip};transport=tcp;lr>`]);
    expect(routed.status).toBe(481);
    expect((await bye([])).status).toBe(403);
  });
});

describe('failed authentication (SPEC §3 Accounts: slowed, never locked)', () => {
  it('accepts the right password after repeated wrong ones from the same address', async () => {
    const phone = await RawSipClient.connect('udp', pbx.pbx.ports.sip);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await registerWithDigest(phone, vera.sipNumber, `wrong-${attempt}`)).toBe(401);
    }
    expect(await registerWithDigest(phone, vera.sipNumber, vera.password)).toBe(200);
    phone.close();
  });
});
