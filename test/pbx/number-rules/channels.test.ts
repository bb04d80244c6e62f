import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../../pbx/sip/message';
import { signedInAdmin } from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until, untilAsync } from '../../support/poll';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import {
  answer,
  hangUp,
  incomingInvite,
  nextInvite,
  refuse,
  respond,
  takeCancel,
} from '../../support/sip-peer';
import { expectSucceeded, killSippCalls, sippCall, type Party } from '../../support/sipp-call';

let pbx: TestPbx;
let anna: Party & { id: number };
let boris: Party & { id: number };
let vera: Party & { id: number };
let gleb: Party & { id: number };
/** Boris's one device, a phone the test answers by hand. */
let borisPhone: RawSipClient;

beforeEach(async () => {
  // Calls answered here are answered at once; one second is the ring timeout's own test.
  pbx = await startTestPbx({ ringTimeoutSeconds: 1 });
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  vera = await pbx.addEmployee('Vera Sidorova');
  gleb = await pbx.addEmployee('Gleb Orlov');
  borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
});

afterEach(async () => {
  killSippCalls();
  closeSipClients();
  await pbx.stop();
});

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

/** A call placed by a bare phone of `caller`; resolves with the final response. */
async function rawCall(caller: Party, callee: Party, from?: RawSipClient) {
  return requestWithDigest(from ?? (await sipClient(pbx)), {
    method: 'INVITE',
    uri: `sip:${callee.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: caller.sipNumber,
    password: caller.password,
    headers: ['Content-Type: application/sdp'],
    body: SDP,
  });
}

/** `caller` (SIPp) calls Boris, whose phone answers; resolves once the call is confirmed. */
async function callBoris(caller: Party) {
  const call = await sippCall(pbx, caller, boris, 'uac-until-bye.xml');
  const invite = await incomingInvite(borisPhone, call.callId);
  await answer(borisPhone, invite);
  await until(() => pbx.pbx.dialogs.get(call.callId)?.state === 'confirmed', 3000, 'answered');
  return { call, invite };
}

/** Boris hangs up; the PBX routes the BYE and the SIPp caller answers it. */
async function borisHangsUp(held: Awaited<ReturnType<typeof callBoris>>) {
  expect((await hangUp(borisPhone, held.invite)).status).toBe(200);
  await expectSucceeded(held.call);
}

/** A new call from a bare phone reaches Boris's phone on line 1 and he answers it. */
async function nextCallGetsThrough(caller: Party, seen: SipRequest[]) {
  const response = rawCall(caller, boris);
  const invite = await nextInvite(borisPhone, seen);
  expect(invite.headers.get('x-line')).toBe('1');
  expect(invite.headers.has('alert-info')).toBe(false);
  respond(borisPhone, invite, 200);
  expect((await response).status).toBe(200);
}

const expectRefused = (
  response: Awaited<ReturnType<typeof rawCall>>,
  status: number,
  reason: string,
) => {
  expect([response.status, response.reason]).toEqual([status, reason]);
  expect(response.headers.get('x-pbx-reason')).toBe('channels-full');
};

describe('one channel', () => {
  it('a call while Boris talks gets 486 channels-full; after his BYE the next one gets through', async () => {
    const held = await callBoris(anna);
    expect(held.invite.headers.get('x-line')).toBe('1');
    expect(held.invite.headers.has('alert-info')).toBe(false);

    expectRefused(await rawCall(vera, boris), 486, 'Busy Here');
    const offered = borisPhone.requests.filter((r) => r.method === 'INVITE');
    expect(new Set(offered.map((r) => r.headers.get('call-id')))).toEqual(
      new Set([held.call.callId]),
    );

    await borisHangsUp(held);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    await nextCallGetsThrough(vera, [held.invite]);
  });

  it('a BYE the PBX cannot pass on (the caller’s WebSocket is gone) still ends the call and frees the channel', async () => {
    const annaWs = await sipClient(pbx, 'ws');
    const call = rawCall(anna, boris, annaWs);
    const invite = await nextInvite(borisPhone);
    respond(borisPhone, invite, 180);
    respond(borisPhone, invite, 200);
    expect((await call).status).toBe(200);
    annaWs.close();
    await until(() => annaWs.closed, 2000, 'WebSocket closed');

    // Boris hangs up: the caller is gone, but the call is over all the same (RFC 3261 §15.1.1).
    expect((await hangUp(borisPhone, invite)).status).toBeGreaterThanOrEqual(200);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten after the BYE');
    await nextCallGetsThrough(vera, [invite]);
  });

  it('Boris in a call cannot call out: 403 No Free Channel channels-full, nothing reaches Vera', async () => {
    const veraPhone = await registeredDevice(pbx, vera.sipNumber, vera.password);
    const held = await callBoris(anna);
    expectRefused(await rawCall(boris, vera, borisPhone), 403, 'No Free Channel');
    expect(veraPhone.requests).toEqual([]);
    await borisHangsUp(held);
  });

  it('a call that rings takes the channel; the caller cancelling frees it', async () => {
    const call = await sippCall(pbx, anna, boris, 'uac-cancel.xml');
    const invite = await incomingInvite(borisPhone, call.callId);
    // Offered, not yet ringing: the channel is already taken.
    expectRefused(await rawCall(vera, boris), 486, 'Busy Here');
    respond(borisPhone, invite, 180);
    await takeCancel(borisPhone, invite);
    await expectSucceeded(call);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'cancelled call forgotten');
    await untilAsync(
      async () => (await pbx.store.callRecords.getByCallId(call.callId))?.result === 'cancelled',
    );
    await nextCallGetsThrough(gleb, [invite]);
  });

  it('a call Boris is dialling takes his channel: a call to him meanwhile gets 486', async () => {
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const outgoing = rawCall(boris, anna, borisPhone);
    const invite = await nextInvite(annaPhone);
    respond(annaPhone, invite, 180);
    expectRefused(await rawCall(vera, boris), 486, 'Busy Here');
    await refuse(annaPhone, invite, 486);
    expect((await outgoing).status).toBe(486);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    await nextCallGetsThrough(vera, []);
  });

  it('a call nobody answers frees the channel at the ring timeout (480 No Answer)', async () => {
    const unanswered = rawCall(vera, boris);
    const invite = await nextInvite(borisPhone);
    respond(borisPhone, invite, 180);
    const response = await unanswered;
    expect([response.status, response.reason]).toEqual([480, 'No Answer']);
    await takeCancel(borisPhone, invite);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    await nextCallGetsThrough(gleb, [invite]);
  });

  it('a call Boris declines (603) frees the channel', async () => {
    const declined = rawCall(vera, boris);
    const invite = await nextInvite(borisPhone);
    respond(borisPhone, invite, 180);
    await refuse(borisPhone, invite, 603);
    expect((await declined).status).toBe(603);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'declined call forgotten');
    await nextCallGetsThrough(gleb, [invite]);
  });
});

describe('two channels', () => {
  it('a second call reaches the busy phone as a waiting call on line 2', async () => {
    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { channels: 2 });
    const first = await callBoris(anna);
    expect(first.invite.headers.get('x-line')).toBe('1');
    expect(first.invite.headers.has('alert-info')).toBe(false);

    const second = await callBoris(vera);
    expect(second.invite.headers.get('alert-info')).toBe('<urn:alert:service:call-waiting>');
    expect(second.invite.headers.get('x-line')).toBe('2');
    expect(pbx.pbx.dialogs.channels.linesInUse(boris.sipNumber).sort()).toEqual([1, 2]);

    expectRefused(await rawCall(gleb, boris), 486, 'Busy Here');
    // Line 1 freed while line 2 talks: the next call takes the lowest free line, as waiting.
    await borisHangsUp(first);
    const third = await callBoris(gleb);
    expect(third.invite.headers.get('x-line')).toBe('1');
    expect(third.invite.headers.get('alert-info')).toBe('<urn:alert:service:call-waiting>');
    await borisHangsUp(second);
    await borisHangsUp(third);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'calls forgotten');
  });

  it('only the device in the call hears the waiting mark; another idle device rings normally', async () => {
    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, {
      channels: 2,
      multiTerminal: true,
    });
    const laptop = await registeredDevice(pbx, boris.sipNumber, boris.password, 'tcp');
    const first = await callBoris(anna);
    // The laptop was offered the first call too, and was cancelled when the phone answered.
    const offered = await incomingInvite(laptop, first.call.callId);
    respond(laptop, offered, 180);
    await takeCancel(laptop, offered);

    const second = await sippCall(pbx, vera, boris, 'uac-until-bye.xml');
    const onPhone = await incomingInvite(borisPhone, second.callId);
    const onLaptop = await incomingInvite(laptop, second.callId);
    expect(onPhone.headers.get('alert-info')).toBe('<urn:alert:service:call-waiting>');
    expect(onLaptop.headers.has('alert-info')).toBe(false);
    expect([onPhone, onLaptop].map((i) => i.headers.get('x-line'))).toEqual(['2', '2']);
    respond(borisPhone, onPhone, 180);
    await answer(laptop, onLaptop);
    await takeCancel(borisPhone, onPhone);
    await borisHangsUp(first);
  });

  it('lowered to one during two calls: both go on, the next call gets 486 until both have ended', async () => {
    const admin = await signedInAdmin(pbx);
    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { channels: 2 });
    const first = await callBoris(anna);
    const second = await callBoris(vera);
    const patched = await admin.patch(`/admin/employees/${boris.id}/sip-number`, { channels: 1 });
    expect(patched.status).toBe(200);
    expect(pbx.pbx.dialogs.size).toBe(2);

    expectRefused(await rawCall(gleb, boris), 486, 'Busy Here');
    await borisHangsUp(first);
    expectRefused(await rawCall(gleb, boris), 486, 'Busy Here');
    await borisHangsUp(second);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'calls forgotten');
    await nextCallGetsThrough(gleb, [first.invite, second.invite]);
  });
});
