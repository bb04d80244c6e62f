import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../../pbx/sip/message';
import { startTestPbx, TEST_DOMAIN, type TestEmployee, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import { requestWithDigest, type RawSipClient } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../support/sip-devices';
import { answer, hangUp, nextInvite, respond, sendAsCaller } from '../support/sip-peer';

// A quiet call is probed after 1 s; with T1 = 50 ms an unanswered probe times out in 3.2 s.
const PROBE_SECONDS = 1;
const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

let pbx: TestPbx;
let anna: TestEmployee;
let boris: TestEmployee;
let vera: TestEmployee;
let borisPhone: RawSipClient;

beforeEach(async () => {
  pbx = await startTestPbx({ callProbeSeconds: PROBE_SECONDS, sipTimers: { T1: 50 } });
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  vera = await pbx.addEmployee('Vera Sidorova');
  borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
});

afterEach(async () => {
  closeSipClients();
  await pbx.stop();
});

function call(caller: TestEmployee, phone: RawSipClient): Promise<SipResponse> {
  return requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: caller.sipNumber,
    password: caller.password,
    headers: ['Content-Type: application/sdp'],
    body: SDP,
  });
}

/** Anna's phone calls Boris's, which answers; both sides of the dialog, once it is confirmed. */
async function annaCallsBoris() {
  const annaPhone = await sipClient(pbx);
  const final = call(anna, annaPhone);
  const invite = await nextInvite(borisPhone);
  const acked = answer(borisPhone, invite);
  const ok = await final;
  expect(ok.status).toBe(200);
  await sendAsCaller(annaPhone, ok, 'ACK');
  await acked;
  return { annaPhone, invite, ok, callId: ok.headers.get('call-id') ?? '' };
}

const isOptions = (callId: string) => (r: SipRequest) =>
  r.method === 'OPTIONS' && r.headers.get('call-id') === callId;
const tagOf = (value: string | undefined) => /;tag=([^;>\s]+)/.exec(value ?? '')?.[1];

describe('a call whose party vanished without BYE', () => {
  it('the caller’s phone is gone (no answer to the probe): Boris gets a BYE, his line is free', async () => {
    const { invite, ok, callId } = await annaCallsBoris();
    const probe = await borisPhone.waitForRequest(isOptions(callId), 4000);
    // Inside Anna's dialog with Boris, in Anna's name, with a CSeq that is not ahead of hers.
    expect(tagOf(probe.headers.get('from'))).toBe(tagOf(invite.headers.get('from')));
    expect(tagOf(probe.headers.get('to'))).toBe(tagOf(ok.headers.get('to')));
    expect(probe.headers.get('cseq')).toBe(`${invite.headers.get('cseq')?.split(' ')[0]} OPTIONS`);
    respond(borisPhone, probe, 200);
    const bye = await borisPhone.waitForRequest(
      (r) => r.method === 'BYE' && r.headers.get('call-id') === callId,
      8000,
    );
    expect(tagOf(bye.headers.get('from'))).toBe(tagOf(invite.headers.get('from')));
    respond(borisPhone, bye, 200);
    await until(() => !pbx.pbx.dialogs.get(callId), 2000, 'call ended');
    // Boris has one line: Vera's call reaches him, not "busy".
    const veraCall = call(vera, await sipClient(pbx));
    const next = await nextInvite(borisPhone, [invite]);
    respond(borisPhone, next, 200);
    expect((await veraCall).status).toBe(200);
  });

  it('a phone that forgot the call answers 481: the call ends at once', async () => {
    const { annaPhone, callId } = await annaCallsBoris();
    const [atAnna, atBoris] = await Promise.all([
      annaPhone.waitForRequest(isOptions(callId), 4000),
      borisPhone.waitForRequest(isOptions(callId), 4000),
    ]);
    respond(borisPhone, atBoris, 200);
    respond(annaPhone, atAnna, 481);
    const bye = await borisPhone.waitForRequest(
      (r) => r.method === 'BYE' && r.headers.get('call-id') === callId,
      1000,
    );
    respond(borisPhone, bye, 200);
    await until(() => !pbx.pbx.dialogs.get(callId), 1000, 'call ended');
  });

  it('both phones answer (a 500 for the old CSeq counts): the call stays up and ends by BYE', async () => {
    const { annaPhone, invite, callId } = await annaCallsBoris();
    for (let round = 1; round <= 2; round++) {
      await until(
        () => borisPhone.requests.filter(isOptions(callId)).length >= round,
        4000,
        `probe ${round}`,
      );
      const atAnna = await annaPhone.waitForRequest(isOptions(callId), 1000);
      respond(annaPhone, annaPhone.requests.filter(isOptions(callId)).at(-1) ?? atAnna, 200);
      respond(borisPhone, borisPhone.requests.filter(isOptions(callId)).at(-1)!, 500);
    }
    expect(pbx.pbx.dialogs.get(callId)?.state).toBe('confirmed');
    expect(borisPhone.requests.some((r) => r.method === 'BYE')).toBe(false);
    const hangingUp = hangUp(borisPhone, invite);
    const bye = await annaPhone.waitForRequest((r) => r.method === 'BYE', 2000);
    respond(annaPhone, bye, 200);
    expect((await hangingUp).status).toBe(200);
    expect(pbx.pbx.dialogs.get(callId)).toBeUndefined();
  });
});
