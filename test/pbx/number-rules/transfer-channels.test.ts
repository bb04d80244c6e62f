import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipRequest } from '../../../pbx/sip/message';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until } from '../../support/poll';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { answer, hangUp, incomingInvite, nextInvite, respond } from '../../support/sip-peer';
import { expectSucceeded, killSippCalls, sippCall, type Party } from '../../support/sipp-call';

/**
 * Issue 21: a blind transfer on one-channel numbers (the default) with a transferor that sends
 * no `Referred-By` (baresip's manners). Anna's SIPp phone calls Boris and REFERs him to Vera;
 * Boris's phone accepts and calls Vera itself, with no `Referred-By` either.
 */
let pbx: TestPbx;
let anna: Party;
let boris: Party;
let vera: Party;
let borisPhone: RawSipClient;
let veraPhone: RawSipClient;

beforeEach(async () => {
  pbx = await startTestPbx();
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  vera = await pbx.addEmployee('Vera Sidorova');
  borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
  veraPhone = await registeredDevice(pbx, vera.sipNumber, vera.password);
});

afterEach(async () => {
  vi.useRealTimers();
  killSippCalls();
  closeSipClients();
  await pbx.stop();
});

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

/** Boris calls Vera from `from` (his phone, or another device), as a transferee does. */
function borisCallsVera(from: RawSipClient) {
  return requestWithDigest(from, {
    method: 'INVITE',
    uri: `sip:${vera.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: boris.sipNumber,
    password: boris.password,
    headers: ['Content-Type: application/sdp'],
    body: SDP,
  });
}

/** Anna calls Boris, he answers, and Anna's REFER (no Referred-By) reaches him: he says 202. */
async function annaTransfersBorisToVera() {
  const call = await sippCall(pbx, anna, boris, 'uac-blind-transfer.xml', {
    keys: { target: vera.sipNumber },
  });
  const invite = await incomingInvite(borisPhone, call.callId);
  await answer(borisPhone, invite);
  const refer = await borisPhone.waitForRequest(
    (r) => r.method === 'REFER' && r.headers.get('call-id') === call.callId,
  );
  expect(refer.headers.has('referred-by')).toBe(false);
  expect(refer.headers.get('refer-to')).toContain(vera.sipNumber);
  respond(borisPhone, refer, 202);
  return { call, invite };
}

const expectNoFreeChannel = (response: Awaited<ReturnType<typeof borisCallsVera>>) => {
  expect([response.status, response.reason]).toEqual([403, 'No Free Channel']);
  expect(response.headers.get('x-pbx-reason')).toBe('channels-full');
};

describe('blind transfer on one-channel numbers, no Referred-By', () => {
  it("the transferee's INVITE to the target takes over his line and gets through", async () => {
    const { call, invite } = await annaTransfersBorisToVera();
    const transferred = borisCallsVera(borisPhone);
    const atVera = await nextInvite(veraPhone);
    expect(atVera.headers.get('x-line')).toBe('1');
    respond(veraPhone, atVera, 200);
    expect((await transferred).status).toBe(200);
    // Boris leaves the old call; Anna's SIPp answers the BYE and its scenario ends.
    expect((await hangUp(borisPhone, invite)).status).toBe(200);
    await expectSucceeded(call);
    expect(pbx.pbx.dialogs.channels.linesInUse(boris.sipNumber)).toEqual([1]);
  });

  it('the first INVITE matched uses the transfer up: a second one is refused', async () => {
    const { invite } = await annaTransfersBorisToVera();
    const first = borisCallsVera(borisPhone);
    const atVera: SipRequest = await nextInvite(veraPhone);
    respond(veraPhone, atVera, 180);
    expectNoFreeChannel(await borisCallsVera(borisPhone));
    respond(veraPhone, atVera, 200);
    expect((await first).status).toBe(200);
    expect((await hangUp(borisPhone, invite)).status).toBe(200);
  });

  it('an INVITE from another device of the transferee is refused 403 No Free Channel', async () => {
    const { invite } = await annaTransfersBorisToVera();
    expectNoFreeChannel(await borisCallsVera(await sipClient(pbx)));
    expect(veraPhone.requests.filter((r) => r.method === 'INVITE')).toEqual([]);
    expect((await hangUp(borisPhone, invite)).status).toBe(200);
  });

  it('an INVITE more than 32 s after the 202 is refused 403 No Free Channel', async () => {
    const { invite } = await annaTransfersBorisToVera();
    await until(() => pbx.pbx.dialogs.referrals.size === 1, 2000, '202 passed back');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 33_000, shouldAdvanceTime: true });
    expectNoFreeChannel(await borisCallsVera(borisPhone));
    expect(veraPhone.requests.filter((r) => r.method === 'INVITE')).toEqual([]);
    expect((await hangUp(borisPhone, invite)).status).toBe(200);
  });
});
