/**
 * Issue 18: header names, header parameters and URI parameters named like members of
 * Object.prototype once resolved to those members (a plain-object table keyed by input), and
 * re-serialising the message threw: one packet ended the process. Each path that re-serialises
 * or reads such names is tried on each transport.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import type { RawSipClient } from '../support/raw-sip-client';
import {
  registerWithDigest,
  requestWithDigest,
  type RawTransport,
} from '../support/raw-sip-client';
import { nextInvite, respond } from '../support/sip-peer';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;
const TRANSPORTS: RawTransport[] = ['udp', 'tcp', 'ws'];

let pbx: TestPbx;

beforeAll(async () => {
  // The trace re-serialises every message received: the path a web page once took.
  pbx = await startTestPbx({ sipTrace: true });
});

afterAll(async () => {
  closeSipClients();
  await pbx.stop();
});

const token = () => randomBytes(5).toString('hex');

/** The PBX still serves: a new number registers. */
async function stillServes(transport: RawTransport, label: string) {
  const employee = await pbx.addEmployee(`${label} ${token()}`);
  const phone = await sipClient(pbx, transport);
  expect(await registerWithDigest(phone, employee.sipNumber, employee.password)).toBe(200);
}

describe.each(TRANSPORTS)('names of Object.prototype members over %s', (transport) => {
  const viaTransport = transport.toUpperCase();

  it.each(NAMES)(
    'a stray response with %s as header, header-parameter and URI-parameter name is dropped',
    async (name) => {
      const client = await sipClient(pbx, transport);
      const before = pbx.pbx.stats.strayResponses;
      client.send(
        [
          'SIP/2.0 200 OK',
          `Via: SIP/2.0/${viaTransport} 127.0.0.1:${pbx.pbx.ports.sip};branch=z9hG4bK${token()};${name}=1`,
          `Via: SIP/2.0/${viaTransport} 127.0.0.1:${client.localPort() || 5099};branch=z9hG4bK${token()};rport`,
          `From: <sip:0100001@${TEST_DOMAIN};${name}=1>;tag=a${token()};${name}=2`,
          `To: <sip:0100002@${TEST_DOMAIN}>;tag=b${token()};${name}`,
          `Call-ID: stray-${token()}`,
          'CSeq: 1 INVITE',
          `Contact: <sip:0100002@127.0.0.1;${name}>;${name}=3`,
          `${name}: x`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      await stillServes(transport, `stray ${name}`);
      expect(pbx.pbx.stats.strayResponses).toBe(before + 1);
      expect(pbx.pbx.stats.faults).toBe(0);
      expect(client.responses).toEqual([]);
    },
  );

  it.each(NAMES)(
    'a request with %s as header and parameter name is answered, with the trace on',
    async (name) => {
      const client = await sipClient(pbx, transport);
      const callId = `options-${token()}`;
      client.send(
        [
          `OPTIONS sip:${TEST_DOMAIN};${name}=1 SIP/2.0`,
          `Via: SIP/2.0/${viaTransport} 127.0.0.1:${client.localPort() || 5099};branch=z9hG4bK${token()};rport;${name}=1`,
          'Max-Forwards: 70',
          `From: <sip:0100001@${TEST_DOMAIN};${name}>;tag=${token()};${name}=2`,
          `To: <sip:${TEST_DOMAIN}>`,
          `Call-ID: ${callId}`,
          'CSeq: 1 OPTIONS',
          `${name}: x`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      const answer = await client.waitFor((r) => r.headers.get('call-id') === callId);
      expect(answer.status).toBe(200);
      expect(pbx.pbx.stats.faults).toBe(0);
    },
  );

  it.each(NAMES)(
    'a device registered with %s as Contact parameters is called at its Contact, and its 180 reaches the caller',
    async (name) => {
      const callee = await pbx.addEmployee(`callee ${name} ${token()}`);
      const caller = await pbx.addEmployee(`caller ${name} ${token()}`);
      const device = await sipClient(pbx, transport);
      const contact = `<sip:${callee.sipNumber}@127.0.0.1:${device.localPort() || 5099};transport=${transport};${name}=u>;${name}=h`;
      const registered = await requestWithDigest(device, {
        method: 'REGISTER',
        uri: `sip:${TEST_DOMAIN}`,
        to: `sip:${callee.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: callee.sipNumber,
        password: callee.password,
        headers: ['Expires: 600', `${name}: x`],
        contact,
      });
      expect(registered.status).toBe(200);
      // Parameter names are case-insensitive: the PBX writes them lower-cased.
      const lower = name.toLowerCase();
      expect(registered.headers.getAll('contact').join(',')).toContain(`;${lower}=h`);

      const phone = await sipClient(pbx, 'udp');
      const final = requestWithDigest(phone, {
        method: 'INVITE',
        uri: `sip:${callee.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: caller.sipNumber,
        password: caller.password,
        headers: [`${name}: from-caller`],
      });
      const invite = await nextInvite(device);
      expect(invite.uri.params[lower]).toBe('u');
      expect(invite.headers.get(name)).toBe('from-caller');
      ringWith(device, invite, name);
      const ringing = await phone.waitFor((r) => r.status === 180);
      expect(ringing.headers.get(name)).toBe('from-callee');
      expect(ringing.headers.get('to')).toContain(`;${name}=t`);
      respond(device, invite, 486);
      expect((await final).status).toBe(486);
      expect(pbx.pbx.stats.faults).toBe(0);
    },
  );
});

/** A 180 that carries the name as a header, a To parameter and a Contact URI parameter. */
function ringWith(device: RawSipClient, invite: SipRequest, name: string): void {
  const h = invite.headers;
  device.send(
    [
      'SIP/2.0 180 Ringing',
      ...h.getAll('via').map((via) => `Via: ${via}`),
      ...h.getAll('record-route').map((rr) => `Record-Route: ${rr}`),
      `From: ${h.get('from')}`,
      `To: ${h.get('to')};tag=ring${token()};${name}=t`,
      `Call-ID: ${h.get('call-id')}`,
      `CSeq: ${h.get('cseq')}`,
      `Contact: <sip:device@127.0.0.1;${name}=c>`,
      `${name}: from-callee`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}
