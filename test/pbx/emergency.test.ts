import { afterEach, expect, it } from 'vitest';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { untilAsync } from '../support/poll';
import { requestWithDigest } from '../support/raw-sip-client';
import {
  closeSipClients,
  registeredDevice,
  registerStatus,
  sipClient,
} from '../support/sip-devices';
import { nextInvite } from '../support/sip-peer';
import { freePort, runSipp, type SippRun } from '../support/sipp';
import { expectSucceeded, killSippCalls, sippCall, type SippCall } from '../support/sipp-call';

let pbx: TestPbx | undefined;
let carrierRun: { done: Promise<SippRun>; kill(): void } | undefined;

afterEach(async () => {
  killSippCalls();
  carrierRun?.kill();
  closeSipClients();
  await pbx?.stop();
});

/** A PBX whose trunk is a SIPp carrier that answers one call, with a default number. */
async function pbxWithCarrier(): Promise<TestPbx> {
  const trunkPort = await freePort();
  carrierRun = runSipp({ scenario: 'uas-rr.xml', transport: 'u1', localPort: trunkPort });
  const started = await startTestPbx({
    trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
  });
  await started.company.companyNumbers.create({
    number: '+78123090000',
    region: 'Санкт-Петербург',
    enabled: true,
    isDefault: true,
    inboundEmployeeId: null,
  });
  return started;
}

/** The call went through the SIPp carrier, and its record is closed. */
async function expectCarrierAnswered(call: SippCall): Promise<void> {
  await expectSucceeded(call);
  const carrier = await carrierRun!.done;
  expect(carrier.code, `carrier SIPp failed:\n${carrier.stdout.slice(-1500)}`).toBe(0);
  await untilAsync(
    async () => (await pbx!.store.callRecords.getByCallId(call.callId))?.endedAt != null,
    3000,
    'the emergency call recorded',
  );
}

it('an emergency call goes out with the only channel taken: the SIPp carrier receives INVITE 112', async () => {
  pbx = await pbxWithCarrier();
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
  const annaPhone = await sipClient(pbx);
  const dial = (number: string) =>
    requestWithDigest(annaPhone, {
      method: 'INVITE',
      uri: `sip:${number}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      waitMs: 5000,
    });
  // Anna's one channel: her call to Boris, ringing (a client on hold would hold it the same way).
  void dial(boris.sipNumber).catch(() => undefined);
  await nextInvite(borisPhone);
  const refused = await dial('+78127654321');
  expect([refused.status, refused.reason, refused.headers.get('x-pbx-reason')]).toEqual([
    403,
    'No Free Channel',
    'channels-full',
  ]);

  const emergency = await sippCall(pbx, anna, { sipNumber: '112', password: '' }, 'uac-call.xml', {
    pauseMs: 300,
  });
  await expectCarrierAnswered(emergency);
  expect(await pbx.store.callRecords.getByCallId(emergency.callId)).toMatchObject({
    direction: 'outgoing',
    calleeNumber: '112',
    companyNumber: '+78123090000',
    result: 'answered',
  });
});

it('a disabled number still calls 112 (digest, never registered): the SIPp carrier receives it; other calls stay 403 Number Disabled', async () => {
  pbx = await pbxWithCarrier();
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
  const annaPhone = await sipClient(pbx);
  // Her phone cannot register (SPEC §3), as today.
  expect(await registerStatus(pbx, anna.sipNumber, anna.password)).toBe(403);
  for (const number of ['+78127654321', boris.sipNumber]) {
    const refused = await requestWithDigest(annaPhone, {
      method: 'INVITE',
      uri: `sip:${number}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
    });
    expect([refused.status, refused.reason, refused.headers.get('x-pbx-reason')]).toEqual([
      403,
      'Number Disabled',
      'number-disabled',
    ]);
  }

  const emergency = await sippCall(pbx, anna, { sipNumber: '112', password: '' }, 'uac-call.xml', {
    pauseMs: 300,
  });
  await expectCarrierAnswered(emergency);
  expect(await pbx.store.callRecords.getByCallId(emergency.callId)).toMatchObject({
    callerNumber: anna.sipNumber,
    calleeNumber: '112',
    companyNumber: '+78123090000',
    result: 'answered',
  });
});
