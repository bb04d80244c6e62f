import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_OFFER, PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import type { SipRequest, SipResponse } from '../../../pbx/sip/message';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { nextInvite, respond, sendAsCaller } from '../../support/sip-peer';
import { browserAnswer, plainAnswer, inPortRange, isPlain, isWebRtc } from './sdp-answers';

/**
 * Issue 21 item 4 (the PBX's part): late offer — an INVITE without SDP, the offer in the
 * callee's 200, the answer in the caller's ACK — bridged through rtpengine in both directions,
 * and passed through untouched when the call is not bridged.
 */
let rtpengine: TestRtpengine;
let pbx: TestPbx;

beforeAll(async () => {
  rtpengine = await startRtpengine();
});
afterAll(async () => {
  await rtpengine?.stop();
});
afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

const inRange = (sdp: string) => inPortRange(sdp, rtpengine);

async function employees() {
  pbx = await startTestPbx({ rtpengine: { host: rtpengine.host, port: rtpengine.ngPort } });
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  return { anna, boris };
}

/** `caller` (a device of `from`) sends an INVITE without SDP to `to`. */
function inviteWithoutSdp(
  caller: RawSipClient,
  from: { sipNumber: string; password: string },
  to: string,
) {
  return requestWithDigest(caller, {
    method: 'INVITE',
    uri: `sip:${to}@${TEST_DOMAIN}`,
    sipNumber: from.sipNumber,
    password: from.password,
  });
}

const ackAt = (client: RawSipClient, callId: string) =>
  client.waitForRequest((r) => r.method === 'ACK' && r.headers.get('call-id') === callId, 5000);

describe('late offer through the media bridge', () => {
  it('IP phone → softphone: the 200’s WebRTC offer reaches the phone as plain RTP, the ACK’s answer the softphone as WebRTC', async () => {
    const { anna, boris } = await employees();
    const softphone = await registeredDevice(pbx, boris.sipNumber, boris.password, 'ws');
    const phone = await sipClient(pbx);
    const answered = inviteWithoutSdp(phone, anna, boris.sipNumber);
    const invite: SipRequest = await nextInvite(softphone);
    expect(invite.body.length).toBe(0);
    respond(softphone, invite, 200, { body: CHROME_OFFER });
    const ok: SipResponse = await answered;
    expect(ok.status).toBe(200);
    const offer = ok.body.toString();
    expect(isPlain(offer), offer).toBe(true);
    expect(inRange(offer), offer).toBe(true);

    await sendAsCaller(phone, ok, 'ACK', plainAnswer(offer, 4000), [
      'Content-Type: application/sdp',
    ]);
    const ack = await ackAt(softphone, invite.headers.get('call-id') ?? '');
    const answer = ack.body.toString();
    expect(isWebRtc(answer), answer).toBe(true);
    expect(inRange(answer), answer).toBe(true);
    expect(pbx.pbx.dialogs.get(invite.headers.get('call-id') ?? '')?.state).toBe('confirmed');
  });

  it('softphone → IP phone: the 200’s plain offer reaches the softphone as WebRTC, the ACK’s answer the phone as plain RTP', async () => {
    const { anna, boris } = await employees();
    const deskPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const softphone = await sipClient(pbx, 'ws');
    const answered = inviteWithoutSdp(softphone, anna, boris.sipNumber);
    const invite: SipRequest = await nextInvite(deskPhone);
    expect(invite.body.length).toBe(0);
    respond(deskPhone, invite, 200, { body: PLAIN_OFFER });
    const ok: SipResponse = await answered;
    expect(ok.status).toBe(200);
    const offer = ok.body.toString();
    expect(isWebRtc(offer), offer).toBe(true);
    expect(inRange(offer), offer).toBe(true);

    await sendAsCaller(softphone, ok, 'ACK', browserAnswer(offer, 50000), [
      'Content-Type: application/sdp',
    ]);
    const ack = await ackAt(deskPhone, invite.headers.get('call-id') ?? '');
    const answer = ack.body.toString();
    expect(isPlain(answer), answer).toBe(true);
    expect(inRange(answer), answer).toBe(true);
  });

  it('IP phone → IP phone (not bridged): the offer in the 200 and the answer in the ACK pass untouched', async () => {
    const { anna, boris } = await employees();
    const deskPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const phone = await sipClient(pbx);
    const answered = inviteWithoutSdp(phone, anna, boris.sipNumber);
    const invite: SipRequest = await nextInvite(deskPhone);
    respond(deskPhone, invite, 200, { body: PLAIN_OFFER });
    const ok: SipResponse = await answered;
    expect(ok.body.toString()).toBe(PLAIN_OFFER);
    const answer = plainAnswer(PLAIN_OFFER, 4010, 'PCMU');
    await sendAsCaller(phone, ok, 'ACK', answer, ['Content-Type: application/sdp']);
    const ack = await ackAt(deskPhone, invite.headers.get('call-id') ?? '');
    expect(ack.body.toString()).toBe(answer);
  });
});
