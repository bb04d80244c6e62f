import { describe, expect, it } from 'vitest';
import { CHROME_OFFER, PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import type { SipRequest, SipResponse } from '../../../pbx/sip/message';
import {
  carrierInDialog,
  carrierInvite,
  COMPANY_NUMBER,
  type CarrierCall,
} from '../../support/carrier';
import { TEST_DOMAIN } from '../../support/pbx';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { registeredDevice, sipClient } from '../../support/sip-devices';
import { nextInvite, respond, sendAsCaller } from '../../support/sip-peer';
import { carrierWorld } from './carrier-fixture';
import { browserAnswer, inPortRange, isPlain, isWebRtc, plainAnswer } from './sdp-answers';

/**
 * Issue 21 item 4 on carrier calls (the B2BUA): late offer — an INVITE without SDP, the offer in
 * the 200, the answer in the ACK — from the carrier and toward it, through rtpengine and without
 * it. The PBX's leg whose 200 offered holds its ACK until the other side's ACK brings the answer.
 */
const CLIENT = '+78127654321';
const world = carrierWorld();
const start = (bridged: boolean) => world.start(bridged);

const inRange = (sdp: string) => inPortRange(sdp, world.rtpengine);
const sameCall = (callId: string) => (m: SipRequest | SipResponse) =>
  m.headers.get('call-id') === callId;

/** The carrier's ACK for its call's 200, with the answer in it. */
function carrierAck(call: CarrierCall, ok: SipResponse, answer: string): string {
  const ack = carrierInDialog(world.carrier, call, ok, 'ACK', 1);
  return ack.replace(
    'Content-Length: 0\r\n\r\n',
    `Content-Type: application/sdp\r\nContent-Length: ${Buffer.byteLength(answer)}\r\n\r\n${answer}`,
  );
}

/** A client calls without SDP; Anna's device answers with `offer`; the carrier's 200. */
async function clientCallsWithoutSdp(device: RawSipClient, offer: string) {
  const call = carrierInvite(
    world.carrier,
    world.pbx.pbx.ports.sip,
    COMPANY_NUMBER,
    CLIENT,
    undefined,
    '',
  );
  world.carrier.send(call.invite);
  const invite = await nextInvite(device);
  expect(invite.body.length, 'the device is asked without an offer').toBe(0);
  respond(device, invite, 200, { body: offer });
  const ok = await world.carrier.waitFor((r) => r.status === 200 && sameCall(call.callId)(r), 5000);
  return { call, invite, ok };
}

describe('late offer from the carrier', () => {
  it('bridged: the softphone’s WebRTC offer reaches the carrier as plain RTP, the carrier’s answer the softphone as WebRTC, in the ACKs', async () => {
    const anna = await start(true);
    const softphone = await registeredDevice(world.pbx, anna.sipNumber, anna.password, 'ws');
    const { call, invite, ok } = await clientCallsWithoutSdp(softphone, CHROME_OFFER);
    const offer = ok.body.toString();
    expect(isPlain(offer), offer).toBe(true);
    expect(inRange(offer), offer).toBe(true);
    // No ACK for the softphone's 200 until the carrier answers.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const callId = invite.headers.get('call-id') ?? '';
    expect(softphone.requests.filter((r) => r.method === 'ACK' && sameCall(callId)(r))).toEqual([]);

    world.carrier.send(carrierAck(call, ok, plainAnswer(offer, 4000)));
    const ack = await softphone.waitForRequest((r) => r.method === 'ACK' && sameCall(callId)(r));
    const answer = ack.body.toString();
    expect(isWebRtc(answer), answer).toBe(true);
    expect(inRange(answer), answer).toBe(true);
  });

  it('not bridged: the IP phone’s offer and the carrier’s answer pass as they are', async () => {
    const anna = await start(false);
    const deskPhone = await registeredDevice(world.pbx, anna.sipNumber, anna.password);
    const { call, invite, ok } = await clientCallsWithoutSdp(deskPhone, PLAIN_OFFER);
    expect(ok.body.toString()).toBe(PLAIN_OFFER);
    const answer = plainAnswer(PLAIN_OFFER, 4010, 'PCMU');
    world.carrier.send(carrierAck(call, ok, answer));
    const callId = invite.headers.get('call-id') ?? '';
    const ack = await deskPhone.waitForRequest((r) => r.method === 'ACK' && sameCall(callId)(r));
    expect(ack.body.toString()).toBe(answer);
  });
});

describe('late offer toward the carrier', () => {
  it('bridged: the carrier’s plain offer reaches the softphone as WebRTC, the softphone’s answer the carrier as plain RTP', async () => {
    const anna = await start(true);
    const softphone = await sipClient(world.pbx, 'ws');
    const answered = requestWithDigest(softphone, {
      method: 'INVITE',
      uri: `sip:${CLIENT}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
    });
    const invite = await nextInvite(world.carrier);
    expect(invite.body.length, 'the carrier is asked without an offer').toBe(0);
    respond(world.carrier, invite, 200, { body: PLAIN_OFFER });
    const ok = await answered;
    expect(ok.status).toBe(200);
    const offer = ok.body.toString();
    expect(isWebRtc(offer), offer).toBe(true);
    expect(inRange(offer), offer).toBe(true);

    await sendAsCaller(softphone, ok, 'ACK', browserAnswer(offer, 50000), [
      'Content-Type: application/sdp',
    ]);
    const callId = invite.headers.get('call-id') ?? '';
    const ack = await world.carrier.waitForRequest(
      (r) => r.method === 'ACK' && sameCall(callId)(r),
    );
    const answer = ack.body.toString();
    expect(isPlain(answer), answer).toBe(true);
    expect(inRange(answer), answer).toBe(true);
  });
});
