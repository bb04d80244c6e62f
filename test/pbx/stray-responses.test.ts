/**
 * Issue 18: responses the PBX has no transaction for. A stranger's response used to be relayed
 * to the host of its second Via (a reflector needing no authentication), and one whose second
 * Via had `received=a~b` ended the process. Now they are dropped and counted; only a 2xx to an
 * INVITE of a dialog the PBX knows is forwarded (RFC 3261 §16.7).
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import {
  registerWithDigest,
  requestWithDigest,
  type RawTransport,
} from '../support/raw-sip-client';
import { nextInvite, respond } from '../support/sip-peer';

let pbx: TestPbx;

beforeAll(async () => {
  pbx = await startTestPbx();
});

afterAll(async () => {
  closeSipClients();
  await pbx.stop();
});

const token = () => randomBytes(5).toString('hex');

/** A 200 OK whose top Via names the PBX, as if it answered something the PBX sent. */
function strayOk(transport: RawTransport, secondVia: string, callId = `stray-${token()}`): string {
  return [
    'SIP/2.0 200 OK',
    `Via: SIP/2.0/${transport.toUpperCase()} 127.0.0.1:${pbx.pbx.ports.sip};branch=z9hG4bK${token()}`,
    `Via: ${secondVia}`,
    `From: <sip:0100001@${TEST_DOMAIN}>;tag=a${token()}`,
    `To: <sip:0100002@${TEST_DOMAIN}>;tag=b${token()}`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

async function stillServes(transport: RawTransport) {
  const employee = await pbx.addEmployee(`still ${token()}`);
  expect(
    await registerWithDigest(
      await sipClient(pbx, transport),
      employee.sipNumber,
      employee.password,
    ),
  ).toBe(200);
}

describe('responses without a transaction', () => {
  it.each(['udp', 'tcp'] as const)(
    'a stray 200 whose second Via has received=a~b is dropped and counted (%s)',
    async (transport) => {
      const client = await sipClient(pbx, transport);
      const before = pbx.pbx.stats.strayResponses;
      client.send(
        strayOk(transport, `SIP/2.0/${transport.toUpperCase()} 192.0.2.9:5060;received=a~b;rport`),
      );
      await stillServes(transport);
      expect(pbx.pbx.stats.strayResponses).toBe(before + 1);
      expect(pbx.pbx.stats.faults).toBe(0);
    },
  );

  it('a stranger’s response is not reflected to the host of its second Via', async () => {
    const target = dgram.createSocket('udp4');
    target.bind(0, '127.0.0.1');
    await once(target, 'listening');
    const reflected: Buffer[] = [];
    target.on('message', (data) => reflected.push(data));
    const client = await sipClient(pbx, 'udp');
    const before = pbx.pbx.stats.strayResponses;
    client.send(strayOk('udp', `SIP/2.0/UDP 127.0.0.1:${target.address().port};rport`));
    await until(() => pbx.pbx.stats.strayResponses === before + 1, 2000, 'stray counted');
    await new Promise((r) => setTimeout(r, 200));
    target.close();
    expect(reflected).toEqual([]);
  });

  it('a 2xx to an INVITE of a dialog the PBX knows is still forwarded (RFC 3261 §16.7)', async () => {
    const anna = await pbx.addEmployee(`anna ${token()}`);
    const boris = await pbx.addEmployee(`boris ${token()}`);
    const borisPhone = await sipClient(pbx, 'udp');
    expect(await registerWithDigest(borisPhone, boris.sipNumber, boris.password)).toBe(200);
    const annaPhone = await sipClient(pbx, 'udp');
    const final = requestWithDigest(annaPhone, {
      method: 'INVITE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
    });
    const invite = await nextInvite(borisPhone);
    respond(borisPhone, invite, 200);
    expect((await final).status).toBe(200);
    const oks = () => annaPhone.responses.filter((r) => r.status === 200).length;
    const answered = oks();
    // The same 2xx under a branch of the PBX's that no transaction has any more.
    borisPhone.send(lateOk(invite));
    await until(() => oks() === answered + 1, 2000, 'late 2xx forwarded');
  });
});

/** The callee's 200 again, its top Via (the PBX's) with a branch no transaction knows. */
function lateOk(invite: SipRequest): string {
  const h = invite.headers;
  const [top, ...rest] = h.getAll('via');
  return [
    'SIP/2.0 200 OK',
    `Via: ${top!.replace(/branch=[^;]+/, `branch=z9hG4bK${token()}`)}`,
    ...rest.map((via) => `Via: ${via}`),
    ...h.getAll('record-route').map((rr) => `Record-Route: ${rr}`),
    `From: ${h.get('from')}`,
    `To: ${h.get('to')};tag=late`,
    `Call-ID: ${h.get('call-id')}`,
    `CSeq: ${h.get('cseq')}`,
    `Contact: <sip:callee@127.0.0.1:5099>`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
