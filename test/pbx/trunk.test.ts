import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAuthParams } from '../../pbx/sip/headers';
import type { SipRequest } from '../../pbx/sip/message';
import { carrierInvite } from '../support/carrier';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { untilAsync } from '../support/poll';
import { RawSipClient, requestWithDigest } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../support/sip-devices';
import { answer, nextInvite, respond } from '../support/sip-peer';
import { freePort, runSipp } from '../support/sipp';
import { expectSucceeded, killSippCalls, sippCall } from '../support/sipp-call';

const SPB = '+78123090000';
const MSK = '+74952300000';
const CLIENT_SPB = '+78127654321';

let pbx: TestPbx;
/** The carrier: a bare SIP endpoint on the trunk address. */
let carrier: RawSipClient;
/** Set while SIPp itself plays the carrier on the trunk port. */
let sippCarrier = false;

async function start(
  regions: Record<string, string[]> = {},
  trunkPort?: number,
  overrides: Parameters<typeof startTestPbx>[0] = {},
) {
  trunkPort ??= await freePort();
  pbx = await startTestPbx({
    trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
    regionsOf: (e164) => regions[e164.slice(0, 5)] ?? [],
    ...overrides,
  });
  if (!sippCarrier) carrier = await RawSipClient.connect('udp', pbx.pbx.ports.sip, trunkPort);
  const add = (number: string, region: string, isDefault: boolean) =>
    pbx.company.companyNumbers.create({
      number,
      region,
      enabled: true,
      isDefault,
      inboundEmployeeId: null,
    });
  return { spb: await add(SPB, 'Санкт-Петербург', true), msk: await add(MSK, 'Москва', false) };
}

afterEach(async () => {
  killSippCalls();
  closeSipClients();
  if (!sippCarrier) carrier?.close();
  sippCarrier = false;
  await pbx?.stop();
});

/** An employee's phone (SIPp) calls `number` through the PBX; the carrier answers. */
async function callOut(employee: { sipNumber: string; password: string }, number: string) {
  const call = await sippCall(pbx, employee, { sipNumber: number, password: '' }, 'uac-call.xml', {
    pauseMs: 300,
  });
  const invite = await nextInvite(carrier);
  return { call, invite };
}

const userOf = (header: string | undefined) => /sip:([^@>;]+)@/.exec(header ?? '')?.[1];

describe('carrier trunk: outgoing calls', () => {
  it('the carrier sees the chosen number in From and P-Asserted-Identity, never the employee', async () => {
    await start();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const { call, invite } = await callOut(anna, CLIENT_SPB);
    expect(invite.uri.user).toBe(CLIENT_SPB);
    expect(userOf(invite.headers.get('from'))).toBe(SPB);
    expect(userOf(invite.headers.get('p-asserted-identity'))).toBe(SPB);
    const text = [
      ...invite.headers.getAll('from'),
      invite.headers.get('contact'),
      invite.headers.get('call-id'),
    ].join(' ');
    expect(text).not.toContain(anna.sipNumber);
    expect(invite.headers.get('call-id')).not.toBe(call.callId);
    await answer(carrier, invite);
    const bye = await carrier.waitForRequest((r) => r.method === 'BYE', 5000);
    respond(carrier, bye, 200);
    await expectSucceeded(call);
    await untilAsync(
      async () => (await pbx.store.callRecords.getByCallId(call.callId))?.endedAt != null,
      3000,
      'ended',
    );
    expect(await pbx.store.callRecords.getByCallId(call.callId)).toMatchObject({
      direction: 'outgoing',
      clientNumber: CLIENT_SPB,
      companyNumber: SPB,
      result: 'answered',
      callerIdReason: expect.stringContaining('fixed'),
    });
  });

  it('tells the employee which number the client sees (X-Caller-ID)', async () => {
    await start();
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { fixedCallerId: MSK });
    const phone = await sipClient(pbx);
    const calling = requestWithDigest(phone, {
      method: 'INVITE',
      uri: `sip:${CLIENT_SPB}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
    });
    const invite = await nextInvite(carrier);
    expect(userOf(invite.headers.get('from'))).toBe(MSK);
    respond(carrier, invite, 486);
    const response = await calling;
    expect(response.status).toBe(486);
    expect(response.headers.get('x-caller-id')).toBe(MSK);
  });

  it('a region restriction that forbids the fixed number falls back to the default number', async () => {
    await start({ '+7812': ['Санкт-Петербург'] });
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { fixedCallerId: MSK });
    await pbx.company.regionRules.create({
      sipNumber: anna.sipNumber,
      region: 'Санкт-Петербург',
      numbers: [MSK],
      effect: 'deny',
    });
    const { invite } = await callOut(anna, CLIENT_SPB);
    expect(userOf(invite.headers.get('from'))).toBe(SPB);
    respond(carrier, invite, 486);
  });

  it('a restriction that leaves nothing refuses the call with a reason; emergency still goes out', async () => {
    await start({ '+7812': ['Санкт-Петербург'] });
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.regionRules.create({
      sipNumber: anna.sipNumber,
      region: 'Санкт-Петербург',
      numbers: [SPB, MSK],
      effect: 'deny',
    });
    const phone = await sipClient(pbx);
    const dial = (uri: string) =>
      requestWithDigest(phone, {
        method: 'INVITE',
        uri,
        sipNumber: anna.sipNumber,
        password: anna.password,
      });
    const refused = await dial(`sip:${CLIENT_SPB}@${TEST_DOMAIN}`);
    expect([refused.status, refused.reason, refused.headers.get('x-pbx-reason')]).toEqual([
      403,
      'No Caller ID Permitted',
      'no-caller-id',
    ]);
    const emergency = dial(`sip:112@${TEST_DOMAIN}`);
    const invite = await nextInvite(carrier);
    expect([invite.uri.user, userOf(invite.headers.get('from'))]).toEqual(['112', SPB]);
    respond(carrier, invite, 486);
    expect((await emergency).status).toBe(486);
  });

  it('international and premium-rate destinations are barred unless allowed', async () => {
    await start();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const phone = await sipClient(pbx);
    const dial = (number: string) =>
      requestWithDigest(phone, {
        method: 'INVITE',
        uri: `sip:${number}@${TEST_DOMAIN}`,
        sipNumber: anna.sipNumber,
        password: anna.password,
      });
    for (const number of ['+493012345678', '+78091234567']) {
      const barred = await dial(number);
      expect([barred.status, barred.headers.get('x-pbx-reason')], number).toEqual([
        403,
        'destination-barred',
      ]);
    }
    expect((await dial('12')).status).toBe(484);
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { internationalAllowed: true });
    const abroad = dial('+493012345678');
    respond(carrier, await nextInvite(carrier), 486);
    expect((await abroad).status).toBe(486);
  });
});

describe('carrier trunk: each caller-ID mode reaches the carrier', () => {
  const REGIONS = { '+7812': ['Санкт-Петербург'], '+7495': ['Москва'] };
  it.each([
    ['fixed', {}, CLIENT_SPB, SPB],
    ['fixed (admin number)', { fixedCallerId: MSK }, CLIENT_SPB, MSK],
    ['familiar, none yet: the default number', { callerIdMode: 'familiar' }, '+74951112233', SPB],
    [
      'familiar-or-regional: the client’s region',
      { callerIdMode: 'familiar-or-regional' },
      '+74951112233',
      MSK,
    ],
    [
      'random (random source 0.99: the last permitted number)',
      { callerIdMode: 'random' },
      CLIENT_SPB,
      SPB,
    ],
    ['random-regional: Moscow client', { callerIdMode: 'random-regional' }, '+74951112233', MSK],
  ] as const)('%s', async (_name, settings, client, expected) => {
    await start(REGIONS, undefined, { random: () => 0.99 });
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, settings);
    const { invite } = await callOut(anna, client);
    expect(userOf(invite.headers.get('from'))).toBe(expected);
    expect(userOf(invite.headers.get('p-asserted-identity'))).toBe(expected);
    respond(carrier, invite, 486);
  });
});

describe('carrier trunk: credentials and number format', () => {
  it('answers the carrier’s digest challenge and writes numbers the carrier’s way', async () => {
    await start({}, undefined, {
      trunkUsername: 'acme',
      trunkPassword: 'carrier-secret',
      trunkNumberFormat: 'national',
    });
    const anna = await pbx.addEmployee('Anna Ivanova');
    const { call, invite } = await callOut(anna, CLIENT_SPB);
    expect(invite.uri.user).toBe('88127654321');
    expect(userOf(invite.headers.get('from'))).toBe('88123090000');
    const nonce = 'n0nce';
    respond(carrier, invite, 407, {
      headers: [`Proxy-Authenticate: Digest realm="carrier", nonce="${nonce}", qop="auth"`],
    });
    const again = await nextInvite(carrier, []).then(() =>
      carrier.waitForRequest((r) => r.method === 'INVITE' && r.headers.has('proxy-authorization')),
    );
    const { params } = parseAuthParams(again.headers.get('proxy-authorization') ?? '');
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const ha1 = md5('acme:carrier:carrier-secret');
    const ha2 = md5(`INVITE:${params.uri}`);
    expect(params).toMatchObject({ username: 'acme', realm: 'carrier', nonce, qop: 'auth' });
    expect(params.response).toBe(md5(`${ha1}:${nonce}:${params.nc}:${params.cnonce}:auth:${ha2}`));
    await answer(carrier, again);
    const bye = await carrier.waitForRequest((r) => r.method === 'BYE', 5000);
    respond(carrier, bye, 200);
    await expectSucceeded(call);
  });
});

describe('carrier trunk with SIPp as the carrier', () => {
  it('an employee (SIPp) calls a client through the carrier (SIPp), INVITE to BYE', async () => {
    const trunkPort = await freePort();
    sippCarrier = true;
    const carrierRun = runSipp({ scenario: 'uas-rr.xml', transport: 'u1', localPort: trunkPort });
    await start({}, trunkPort);
    const anna = await pbx.addEmployee('Anna Ivanova');
    const call = await sippCall(
      pbx,
      anna,
      { sipNumber: CLIENT_SPB, password: '' },
      'uac-call.xml',
      {
        pauseMs: 300,
      },
    );
    await expectSucceeded(call);
    const run = await carrierRun.done;
    expect(run.code, `carrier SIPp failed:\n${run.stdout.slice(-1500)}\n${run.errors}`).toBe(0);
    await untilAsync(
      async () => (await pbx.store.callRecords.getByCallId(call.callId))?.result === 'answered',
      3000,
      'record',
    );
  });
});

describe('carrier trunk: incoming calls', () => {
  it('SIPp as the carrier calls a company number: the assigned employee answers; familiar mode then picks that number', async () => {
    const trunkPort = await freePort();
    sippCarrier = true;
    const { msk } = await start({}, trunkPort);
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.companyNumbers.update(msk.id, { inboundEmployeeId: anna.id });
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { callerIdMode: 'familiar' });
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const carrierRun = runSipp({
      scenario: 'carrier-uac.xml',
      remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
      transport: 'u1',
      localPort: trunkPort,
      service: MSK,
      keys: { caller: CLIENT_SPB },
      extra: ['-d', '300'],
    });
    const ringing = await nextInvite(annaPhone);
    expect(userOf(ringing.headers.get('from'))).toBe(CLIENT_SPB);
    expect(ringing.uri.user).toBe(anna.sipNumber);
    await answer(annaPhone, ringing);
    const bye = await annaPhone.waitForRequest((r) => r.method === 'BYE', 5000);
    respond(annaPhone, bye, 200);
    const run = await carrierRun.done;
    expect(run.code, `carrier SIPp failed:\n${run.stdout.slice(-1500)}\n${run.errors}`).toBe(0);
    await pbx.settle();
    expect(
      await pbx.store.callRecords.getByCallId(ringing.headers.get('call-id') ?? ''),
    ).toMatchObject({
      direction: 'incoming',
      clientNumber: CLIENT_SPB,
      companyNumber: MSK,
      result: 'answered',
    });

    // The carrier's port is free again: a bare carrier takes the call back to the client.
    carrier = await RawSipClient.connect('udp', pbx.pbx.ports.sip, trunkPort);
    sippCarrier = false;
    const { invite } = await callOut(anna, CLIENT_SPB);
    expect(userOf(invite.headers.get('from'))).toBe(MSK);
    respond(carrier, invite, 486);
  });

  it('a request from an address that is not the trunk is challenged', async () => {
    await start();
    const stranger = await sipClient(pbx);
    stranger.send(carrierInvite(stranger, pbx.pbx.ports.sip, MSK, CLIENT_SPB).invite);
    const answer407 = await stranger.waitFor((r) => r.status >= 400);
    expect(answer407.status).toBe(407);
    // The trunk's address over another transport (a softphone's WebSocket) is not the carrier.
    const softphone = await sipClient(pbx, 'ws');
    softphone.send(carrierInvite(softphone, pbx.pbx.ports.sip, MSK, CLIENT_SPB).invite);
    expect((await softphone.waitFor((r) => r.status >= 400)).status).toBe(407);
  });
});

export type { SipRequest };
