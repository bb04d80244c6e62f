import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../pbx/sip/parser';
import { serializeMessage } from '../../../pbx/sip/serializer';
import { createResponse } from '../../../pbx/sip/transaction/response';
import type { SipResponse } from '../../../pbx/sip/message';
import { RawSipClient, registerWithDigest, requestWithDigest } from '../../support/raw-sip-client';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { sleep } from './stream-clients';

let pbx: TestPbx;
beforeAll(async () => {
  pbx = await startTestPbx({
    maxTransactionsPerAddress: 3,
    maxDialogsPerAddress: 1,
    ringTimeoutSeconds: 5,
  });
});
afterAll(() => pbx.stop());

/** A UDP phone on a loopback address of its own that never ACKs: its INVITEs stay open. */
async function udpFrom(address: string) {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const responses: SipResponse[] = [];
  socket.on('message', (data) => {
    const message = parseMessage(data);
    if (message.type === 'response') responses.push(message);
  });
  let n = 0;
  const invite = () => {
    n++;
    const text = [
      `INVITE sip:0100002@${TEST_DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/UDP ${address}:${socket.address().port};branch=z9hG4bKflood${n}${address}`,
      'Max-Forwards: 70',
      `From: <sip:0100001@${TEST_DOMAIN}>;tag=f${n}`,
      `To: <sip:0100002@${TEST_DOMAIN}>`,
      `Call-ID: flood-${n}-${address}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:0100001@${address}:${socket.address().port}>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    socket.send(text, pbx.pbx.ports.sip, '127.0.0.1');
    return `flood-${n}-${address}`;
  };
  const finalOf = async (callId: string) => {
    for (let i = 0; i < 40; i++) {
      const found = responses.find((r) => r.callId === callId && r.status >= 200);
      if (found) return found;
      await sleep(50);
    }
    throw new Error(`no final response for ${callId}`);
  };
  return { invite, finalOf, close: () => socket.close() };
}

describe('transactions per source address (issue 20)', () => {
  it('answers 503 with Retry-After beyond the limit, and serves other addresses as before', async () => {
    const flooder = await udpFrom('127.0.0.8');
    const open = [flooder.invite(), flooder.invite(), flooder.invite()];
    for (const callId of open) expect((await flooder.finalOf(callId)).status).toBe(407);
    const refused = await flooder.finalOf(flooder.invite());
    expect([refused.status, refused.reason]).toEqual([503, 'Too Many Requests From Your Address']);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('x-pbx-reason')).toBe('address-busy');
    expect(pbx.pbx.stats.overAddressLimit).toBeGreaterThan(0);

    const neighbour = await udpFrom('127.0.0.9');
    expect((await neighbour.finalOf(neighbour.invite())).status).toBe(407);
    flooder.close();
    neighbour.close();
  });
});

describe('dialogs per source address (issue 20)', () => {
  it('refuses a new call from an address that has as many open as the limit', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const gleb = await pbx.addEmployee('Gleb Orlov');
    const boris = await pbx.addEmployee('Boris Petrov');
    const vera = await pbx.addEmployee('Vera Sidorova');
    // The callers are behind 127.0.0.5, where no device has registered: the bare limit.
    const phones = await Promise.all(
      ['127.0.0.5', '127.0.0.5', '127.0.0.1', '127.0.0.1'].map((address) =>
        RawSipClient.connect('tcp', pbx.pbx.ports.sip, 0, address),
      ),
    );
    const [annaPhone, glebPhone, borisPhone, veraPhone] = phones as [
      RawSipClient,
      RawSipClient,
      RawSipClient,
      RawSipClient,
    ];
    expect(await registerWithDigest(borisPhone, boris.sipNumber, boris.password)).toBe(200);
    expect(await registerWithDigest(veraPhone, vera.sipNumber, vera.password)).toBe(200);
    const call = (from: RawSipClient, who: typeof anna, to: string) =>
      requestWithDigest(from, {
        method: 'INVITE',
        uri: `sip:${to}@${TEST_DOMAIN}`,
        sipNumber: who.sipNumber,
        password: who.password,
      });
    const ringing = call(annaPhone, anna, boris.sipNumber);
    const offered = await borisPhone.waitForRequest((r) => r.method === 'INVITE');
    // Gleb's phone is behind the same address as Anna's: one dialog is the limit.
    const second = await call(glebPhone, gleb, vera.sipNumber);
    expect([second.status, second.headers.get('x-pbx-reason')]).toEqual([503, 'address-busy']);
    expect(veraPhone.requests.some((r) => r.method === 'INVITE')).toBe(false);
    borisPhone.send(serializeMessage(createResponse(offered, 486, 'Busy Here')));
    expect((await ringing).status).toBe(486);
    // Once that call has ended, the address may call again.
    const third = call(glebPhone, gleb, vera.sipNumber);
    const rings = await veraPhone.waitForRequest((r) => r.method === 'INVITE');
    veraPhone.send(serializeMessage(createResponse(rings, 486, 'Busy Here')));
    expect((await third).status).toBe(486);
    for (const phone of phones) phone.close();
  }, 15_000);
});

describe('an address many devices registered from (an office NAT, an edge proxy)', () => {
  it('may have 4 more dialogs open for each device registered from it', async () => {
    const [kira, lev, mila, nina] = await Promise.all(
      ['Kira Belova', 'Lev Orlov', 'Mila Gromova', 'Nina Sokolova'].map((name) =>
        pbx.addEmployee(name),
      ),
    );
    // Kira's phone registers from 127.0.0.6: that address now speaks for one device.
    const office = await Promise.all(
      [0, 1].map(() => RawSipClient.connect('tcp', pbx.pbx.ports.sip, 0, '127.0.0.6')),
    );
    const [kiraPhone, levPhone] = office as [RawSipClient, RawSipClient];
    const callees = await Promise.all(
      [0, 1].map(() => RawSipClient.connect('tcp', pbx.pbx.ports.sip)),
    );
    const [milaPhone, ninaPhone] = callees as [RawSipClient, RawSipClient];
    expect(await registerWithDigest(kiraPhone, kira!.sipNumber, kira!.password)).toBe(200);
    expect(await registerWithDigest(milaPhone, mila!.sipNumber, mila!.password)).toBe(200);
    expect(await registerWithDigest(ninaPhone, nina!.sipNumber, nina!.password)).toBe(200);
    const call = (from: RawSipClient, who: typeof kira, to: string) =>
      requestWithDigest(from, {
        method: 'INVITE',
        uri: `sip:${to}@${TEST_DOMAIN}`,
        sipNumber: who!.sipNumber,
        password: who!.password,
      });
    const first = call(kiraPhone, kira, mila!.sipNumber);
    const atMila = await milaPhone.waitForRequest((r) => r.method === 'INVITE');
    // The bare limit is one dialog; Kira's registration allows the address 1 + 4.
    const second = call(levPhone, lev, nina!.sipNumber);
    const atNina = await ninaPhone.waitForRequest((r) => r.method === 'INVITE');
    milaPhone.send(serializeMessage(createResponse(atMila, 486, 'Busy Here')));
    ninaPhone.send(serializeMessage(createResponse(atNina, 486, 'Busy Here')));
    expect([(await first).status, (await second).status]).toEqual([486, 486]);
    for (const phone of [...office, ...callees]) phone.close();
  }, 15_000);
});
