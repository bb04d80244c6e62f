import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until, untilAsync } from '../../support/poll';
import type { SipRequest } from '../../../pbx/sip/message';
import { requestWithDigest } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { answer, hangUp, incomingInvite, nextInvite, respond } from '../../support/sip-peer';
import {
  expectSucceeded,
  killSippCalls,
  newCallKey,
  sippCall,
  sippDevice,
  type Party,
} from '../../support/sipp-call';

let pbx: TestPbx;
let anna: Party;
let boris: Party;
let vera: Party;

beforeEach(async () => {
  pbx = await startTestPbx();
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  vera = await pbx.addEmployee('Vera Sidorova');
});

afterEach(async () => {
  killSippCalls();
  closeSipClients();
  await pbx.stop();
});

/** What Boris's phone answers with: a 2 s session the caller refreshes (RFC 4028 §9). */
const SHORT_SESSION = ['Session-Expires: 2;refresher=uac', 'Require: timer'];

const callOf = (callId: string) => pbx.pbx.dialogs.get(callId);

/** Resolves with the session expiry the PBX set when the call was answered. */
async function answeredExpiry(callId: string): Promise<number> {
  await until(() => callOf(callId)?.sessionExpiresAt !== undefined, 3000, 'session timer set');
  return callOf(callId)?.sessionExpiresAt ?? 0;
}

/**
 * Waits past the moment a session not refreshed would have been swept (the PBX sweeps every
 * second): nothing to poll for, since what is checked is that nothing happens.
 */
const pastSweepOf = (expiry: number) =>
  new Promise((r) => setTimeout(r, Math.max(0, expiry + 1500 - Date.now())));

describe('RFC 4028 session timer', () => {
  it('ends a dialog whose caller vanished: channel freed, call record ended', async () => {
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const call = await sippCall(pbx, anna, boris, 'uac-session-vanish.xml');
    const invite = await incomingInvite(borisPhone, call.callId);
    expect(invite.headers.get('session-expires')).toBe('2;refresher=uac');
    await answer(borisPhone, invite, { headers: SHORT_SESSION });
    const answeredAt = Date.now();
    await expectSucceeded(call);
    expect(pbx.pbx.dialogs.channels.lineOf(boris.sipNumber, call.callId)).toBe(1);

    // Nobody refreshes: the session ends 2 s after the 200, at the next sweep.
    await until(() => pbx.pbx.dialogs.size === 0, 4500, 'dialog forgotten');
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(1800);
    expect(pbx.pbx.dialogs.channels.linesInUse(boris.sipNumber)).toEqual([]);
    expect(pbx.pbx.dialogs.channels.linesInUse(anna.sipNumber)).toEqual([]);
    await untilAsync(
      async () => (await pbx.store.callRecords.getByCallId(call.callId))?.endedAt != null,
    );
    const record = await pbx.store.callRecords.getByCallId(call.callId);
    expect(record?.result).toBe('answered');
    expect(record?.endedAt).toBeGreaterThanOrEqual((record?.answeredAt ?? 0) + 1800);

    // Boris has one channel, and it is free again.
    const next = requestWithDigest(await sipClient(pbx), {
      method: 'INVITE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: vera.sipNumber,
      password: vera.password,
    });
    const offered = await nextInvite(borisPhone, [invite]);
    expect(offered.headers.get('x-line')).toBe('1');
    expect(offered.headers.has('alert-info')).toBe(false);
    respond(borisPhone, offered, 200);
    expect((await next).status).toBe(200);
  });

  it('keeps a dialog refreshed by UPDATE before it expires (SIPp on both sides)', async () => {
    const callKey = newCallKey('session-update');
    const device = await sippDevice(pbx, vera, 'uas-session-timer.xml', callKey);
    await until(() => pbx.pbx.bindings.list(vera.sipNumber).length === 1, 3000, 'registered');
    const call = await sippCall(pbx, anna, vera, 'uac-session-refresh.xml', {
      callKey,
      pauseMs: 3000,
    });
    const firstExpiry = await answeredExpiry(call.callId);
    await until(
      () => (callOf(call.callId)?.sessionExpiresAt ?? 0) > firstExpiry + 20_000,
      3000,
      'refresh seen',
    );
    await pastSweepOf(firstExpiry);
    expect(pbx.pbx.dialogs.knows(call.callId)).toBe(true);
    expect(pbx.pbx.dialogs.channels.lineOf(vera.sipNumber, call.callId)).toBe(1);

    // The BYE, sent after the first interval ran out, is still routed to the device.
    await expectSucceeded(call);
    await expectSucceeded(device);
    expect(pbx.pbx.dialogs.size).toBe(0);
  });

  it('keeps a dialog refreshed by re-INVITE before it expires', async () => {
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const call = await sippCall(pbx, anna, boris, 'uac-session-reinvite.xml', { pauseMs: 3000 });
    const invite = await incomingInvite(borisPhone, call.callId);
    await answer(borisPhone, invite, { headers: SHORT_SESSION });
    const firstExpiry = await answeredExpiry(call.callId);

    const ofCall = (method: string, cseq: string) => (r: SipRequest) =>
      r.method === method &&
      r.headers.get('call-id') === call.callId &&
      r.headers.get('cseq') === cseq;
    const reinvite = await borisPhone.waitForRequest(ofCall('INVITE', '3 INVITE'), 3000);
    expect(reinvite.headers.get('session-expires')).toBe('30;refresher=uac');
    respond(borisPhone, reinvite, 200, { headers: ['Session-Expires: 30;refresher=uac'] });
    await borisPhone.waitForRequest(ofCall('ACK', '3 ACK'));
    expect(callOf(call.callId)?.sessionExpiresAt).toBeGreaterThan(firstExpiry + 20_000);

    await pastSweepOf(firstExpiry);
    expect(pbx.pbx.dialogs.knows(call.callId)).toBe(true);
    const bye = await borisPhone.waitForRequest(ofCall('BYE', '4 BYE'), 5000);
    respond(borisPhone, bye, 200);
    await expectSucceeded(call);
    expect(pbx.pbx.dialogs.size).toBe(0);
  });

  it('asks for its own interval on a call that names none', async () => {
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const call = await sippCall(pbx, anna, boris, 'uac-until-bye.xml');
    const invite = await incomingInvite(borisPhone, call.callId);
    expect(invite.headers.get('session-expires')).toBe('1800');
    await answer(borisPhone, invite);
    expect((await hangUp(borisPhone, invite)).status).toBe(200);
    await expectSucceeded(call);
  });
});
