/**
 * A phone that restarts is the same device (issue 21 item 3, SPEC §3): on a one-device number
 * its new REGISTER replaces its old binding instead of being refused, and calls ring the new
 * contact. Another device is still refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestPbx, TEST_DOMAIN, type TestEmployee, type TestPbx } from '../../support/pbx';
import { RawSipClient, registerContact, requestWithDigest } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../../support/sip-devices';

let pbx: TestPbx;
let anna: TestEmployee;
const phones: RawSipClient[] = [];

beforeEach(async () => {
  pbx = await startTestPbx({ nodeName: NODE });
  anna = await pbx.addEmployee('Anna Ivanova');
});

afterEach(async () => {
  closeSipClients();
  for (const phone of phones.splice(0)) phone.close();
  await pbx.stop();
});

const NODE = 'restart-test';
const INSTANCE = '"<urn:uuid:5c0ffee0-0000-4000-8000-00000000a001>"';

/** A UDP phone of Anna's on a loopback address of its own, its Contact naming its own port. */
async function phone(localAddress = '127.0.0.1'): Promise<RawSipClient> {
  const client = await RawSipClient.connect('udp', pbx.pbx.ports.sip, 0, localAddress);
  phones.push(client);
  return client;
}

/** Anna's REGISTER from `client`, with the headers and Contact parameters given; its status. */
async function register(
  client: RawSipClient,
  options: { userAgent?: string; contactParams?: string; localAddress?: string } = {},
): Promise<number> {
  const host = options.localAddress ?? '127.0.0.1';
  const response = await registerContact(client, anna, {
    contact: `<sip:${anna.sipNumber}@${host}:${client.localPort()}>${options.contactParams ?? ''}`,
    headers: options.userAgent ? [`User-Agent: ${options.userAgent}`] : [],
  });
  return response.status;
}

/** A colleague calls Anna; resolves when `ringing` receives the INVITE. */
async function callAnnaReaches(ringing: RawSipClient): Promise<void> {
  const boris = await pbx.addEmployee('Boris Petrov');
  const caller = await registeredDevice(pbx, boris.sipNumber, boris.password);
  void requestWithDigest(caller, {
    method: 'INVITE',
    uri: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: boris.sipNumber,
    password: boris.password,
  }).catch(() => undefined); // nobody answers: only where it rings matters here
  await ringing.waitForRequest((r) => r.method === 'INVITE', 3000);
}

const invites = (client: RawSipClient) => client.requests.filter((r) => r.method === 'INVITE');

describe('multi-terminal off', () => {
  it('a phone re-registering from a new port with the same User-Agent and a new Contact replaces its binding, and calls ring it there', async () => {
    const before = await phone();
    expect(await register(before, { userAgent: 'Yealink SIP-T46U 108.86.0.20' })).toBe(200);
    const after = await phone();
    expect(await register(after, { userAgent: 'Yealink SIP-T46U 108.86.0.20' })).toBe(200);
    expect(pbx.pbx.bindings.list(anna.sipNumber).map((b) => b.contact.port)).toEqual([
      after.localPort(),
    ]);
    // The binding kept for crash recovery is the new one too: a restart reaches the phone there.
    await pbx.settle();
    const kept = await pbx.store.udpBindings.load(NODE, Date.now());
    expect(kept.map((row) => row.data.port)).toEqual([after.localPort()]);
    await callAnnaReaches(after);
    expect(invites(before)).toEqual([]);
  });

  it('the same +sip.instance from another address replaces the binding, and calls ring there', async () => {
    const instance = `;+sip.instance=${INSTANCE}`;
    const before = await phone('127.0.0.1');
    expect(await register(before, { userAgent: 'baresip', contactParams: instance })).toBe(200);
    const after = await phone('127.0.0.2');
    // With a reg-id this time (RFC 5626 switched on): another binding key, the same device.
    const moved = { contactParams: `${instance};reg-id=1`, localAddress: '127.0.0.2' };
    expect(await register(after, { userAgent: 'baresip v3', ...moved })).toBe(200);
    expect(pbx.pbx.bindings.list(anna.sipNumber).map((b) => b.flow.remoteAddress)).toEqual([
      '127.0.0.2',
    ]);
    await callAnnaReaches(after);
    expect(invites(before)).toEqual([]);
  });

  it('a different User-Agent from the same address is another device: 403, the first keeps the number', async () => {
    const first = await phone();
    expect(await register(first, { userAgent: 'Yealink SIP-T46U' })).toBe(200);
    expect(await register(await phone(), { userAgent: 'Snom D785' })).toBe(403);
    await callAnnaReaches(first);
  });

  it('the same User-Agent from a different address, without an instance, is another device: 403', async () => {
    const first = await phone('127.0.0.1');
    expect(await register(first, { userAgent: 'Yealink SIP-T46U' })).toBe(200);
    const elsewhere = await phone('127.0.0.3');
    const status = await register(elsewhere, {
      userAgent: 'Yealink SIP-T46U',
      localAddress: '127.0.0.3',
    });
    expect(status).toBe(403);
    await callAnnaReaches(first);
  });
});
