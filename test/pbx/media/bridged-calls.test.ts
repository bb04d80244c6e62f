import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_OFFER, PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import type { SipRequest } from '../../../pbx/sip/message';
import {
  addCompanyNumber,
  carrierInvite,
  COMPANY_NUMBER,
  startPbxWithCarrier,
} from '../../support/carrier';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { RawSipClient, requestWithDigest } from '../../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { hangUp, nextInvite, respond, sendInDialog } from '../../support/sip-peer';
import { NgClient } from '../../../pbx/media/ng-client';
import { carrierInDialog } from '../../support/carrier';
import { freePort } from '../../support/sipp';
import {
  audioPort,
  browserAnswer,
  plainAnswer,
  inPortRange,
  isPlain,
  isWebRtc,
} from './sdp-answers';

const MSK = COMPANY_NUMBER;
const CLIENT = '+78127654321';

let rtpengine: TestRtpengine;
let pbx: TestPbx;
let carrier: RawSipClient;
let ng: NgClient;

beforeAll(async () => {
  rtpengine = await startRtpengine();
  ng = new NgClient({ host: rtpengine.host, port: rtpengine.ngPort });
});
afterAll(async () => {
  await ng?.close();
  await rtpengine?.stop();
});
afterEach(async () => {
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

/** A PBX with a UDP trunk and rtpengine as its media bridge, and Anna. */
async function start() {
  ({ pbx, carrier } = await startPbxWithCarrier({
    rtpengine: { host: rtpengine.host, port: rtpengine.ngPort },
  }));
  const anna = await pbx.addEmployee('Anna Ivanova');
  await addCompanyNumber(pbx, anna.id);
  return anna;
}

const inRange = (sdp: string) => inPortRange(sdp, rtpengine);

/** A softphone (WebSocket) calls `target` with Chrome's offer. */
function softphoneCalls(
  softphone: RawSipClient,
  anna: { sipNumber: string; password: string },
  target: string,
) {
  return requestWithDigest(softphone, {
    method: 'INVITE',
    uri: `sip:${target}@${TEST_DOMAIN}`,
    sipNumber: anna.sipNumber,
    password: anna.password,
    headers: ['Content-Type: application/sdp'],
    body: CHROME_OFFER,
  });
}

describe('media bridge: softphone and carrier', () => {
  it('a softphone calls a client: the carrier is offered plain RTP from rtpengine, the softphone gets WebRTC back', async () => {
    const anna = await start();
    const softphone = await sipClient(pbx, 'ws');
    const final = softphoneCalls(softphone, anna, CLIENT);
    const invite = await nextInvite(carrier);
    const offer = invite.body.toString();
    expect(isPlain(offer), offer).toBe(true);
    expect(inRange(offer), offer).toBe(true);
    expect(offer).toMatch(/PCMA\/8000/);
    expect(offer).toMatch(/telephone-event\/8000/);
    respond(carrier, invite, 200);
    const answer = await final;
    expect(answer.status).toBe(200);
    const sdp = answer.body.toString();
    expect(isWebRtc(sdp), sdp).toBe(true);
    expect(inRange(sdp), sdp).toBe(true);
  });

  it('rtpengine does not answer: the call is refused at once with the reason, the carrier never rung', async () => {
    const trunkPort = await freePort();
    pbx = await startTestPbx({
      trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
      rtpengine: { host: '127.0.0.1', port: await freePort() }, // nobody listens there
    });
    carrier = await RawSipClient.connect('udp', pbx.pbx.ports.sip, trunkPort);
    const anna = await pbx.addEmployee('Anna Ivanova');
    await addCompanyNumber(pbx, null);
    const softphone = await sipClient(pbx, 'ws');
    const started = Date.now();
    const refused = await softphoneCalls(softphone, anna, CLIENT);
    expect([refused.status, refused.headers.get('x-pbx-reason')]).toEqual([
      503,
      'media-bridge-unavailable',
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(carrier.requests).toHaveLength(0);
    await await pbx.settle();
    expect(pbx.pbx.dialogs.size).toBe(0);
  });

  it('a client calls a multi-terminal number: the softphone is offered WebRTC, the IP phone plain RTP, both from rtpengine', async () => {
    const anna = await start();
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { multiTerminal: true });
    const softphone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'ws');
    const deskPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const call = carrierInvite(carrier, pbx.pbx.ports.sip, MSK, CLIENT);
    carrier.send(call.invite);
    const [toSoftphone, toDesk] = await Promise.all([nextInvite(softphone), nextInvite(deskPhone)]);
    const webrtcOffer = toSoftphone.body.toString();
    const plainOffer = toDesk.body.toString();
    expect(isWebRtc(webrtcOffer), webrtcOffer).toBe(true);
    expect(isPlain(plainOffer), plainOffer).toBe(true);
    // Anchored: even the IP phone talks to rtpengine, not to the carrier's port 4000.
    expect(inRange(plainOffer), plainOffer).toBe(true);
    expect(audioPort(webrtcOffer)).not.toBe(audioPort(plainOffer));

    respond(softphone, toSoftphone, 180);
    respond(deskPhone, toDesk, 200);
    const ok = await carrier.waitFor(
      (r) => r.status === 200 && r.headers.get('call-id') === call.callId,
      5000,
    );
    const sdp = ok.body.toString();
    expect(isPlain(sdp), sdp).toBe(true);
    expect(inRange(sdp), sdp).toBe(true);
  });
});

describe('media bridge: inside a bridged call', () => {
  it('hold from the softphone reaches the carrier through rtpengine; BYE releases rtpengine’s session', async () => {
    const anna = await start();
    const softphone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'ws');
    const call = carrierInvite(carrier, pbx.pbx.ports.sip, MSK, CLIENT);
    carrier.send(call.invite);
    const ringing = await nextInvite(softphone);
    respond(softphone, ringing, 200, { body: browserAnswer(ringing.body.toString(), 50000) });
    const ok = await carrier.waitFor(
      (r) => r.status === 200 && r.headers.get('call-id') === call.callId,
      5000,
    );
    carrier.send(carrierInDialog(carrier, call, ok, 'ACK', 1));
    const employeeCallId = ringing.headers.get('call-id') ?? '';
    expect((await ng.query({ 'call-id': employeeCallId })).result).toBe('ok');

    const hold = browserAnswer(ringing.body.toString(), 50000).replace('a=sendrecv', 'a=sendonly');
    const held = sendInDialog(softphone, ringing, 'INVITE', hold);
    const reinvite = await carrier.waitForRequest(
      (r) => r.method === 'INVITE' && r.headers.get('call-id') === call.callId,
    );
    const offer = reinvite.body.toString();
    expect(isPlain(offer), offer).toBe(true);
    expect(offer).toMatch(/a=sendonly/);
    expect(audioPort(offer)).toBe(audioPort(ok.body.toString()));
    respond(carrier, reinvite, 200, {
      body: plainAnswer(offer, 4000).replace('a=sendrecv', 'a=recvonly'),
    });
    const heldOk = await held;
    expect(heldOk.status).toBe(200);
    expect(isWebRtc(heldOk.body.toString()), heldOk.body.toString()).toBe(true);

    const bye = hangUp(softphone, ringing);
    const carrierBye = await carrier.waitForRequest((r) => r.method === 'BYE');
    respond(carrier, carrierBye, 200);
    expect((await bye).status).toBe(200);
    await untilAsync(
      () =>
        ng.query({ 'call-id': employeeCallId }).then(
          () => false,
          () => true,
        ),
      'rtpengine forgot the call',
    );
  });
});

describe('media bridge: calls between employees', () => {
  it('an IP phone calls a softphone: bridged; an IP phone calls an IP phone: direct', async () => {
    const anna = await start();
    const boris = await pbx.addEmployee('Boris Petrov');
    const vera = await pbx.addEmployee('Vera Smirnova');
    const borisSoftphone = await registeredDevice(pbx, boris.sipNumber, boris.password, 'ws');
    const veraPhone = await registeredDevice(pbx, vera.sipNumber, vera.password);
    const annaPhone = await sipClient(pbx);

    const toSoftphone = plainCall(annaPhone, anna, boris.sipNumber);
    const atBoris: SipRequest = await nextInvite(borisSoftphone);
    expect(isWebRtc(atBoris.body.toString()), atBoris.body.toString()).toBe(true);
    respond(borisSoftphone, atBoris, 486);
    expect((await toSoftphone).status).toBe(486);

    const toPhone = plainCall(annaPhone, anna, vera.sipNumber);
    const atVera = await nextInvite(veraPhone);
    expect(atVera.body.toString()).toBe(PLAIN_OFFER);
    respond(veraPhone, atVera, 486);
    expect((await toPhone).status).toBe(486);
  });
});

function plainCall(phone: RawSipClient, from: { sipNumber: string; password: string }, to: string) {
  return requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:${to}@${TEST_DOMAIN}`,
    sipNumber: from.sipNumber,
    password: from.password,
    headers: ['Content-Type: application/sdp'],
    body: PLAIN_OFFER,
  });
}

async function untilAsync(check: () => Promise<boolean>, what: string, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
