import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaBridge, MediaBridgeError } from '../../../pbx/media/media-bridge';
import { NgClient } from '../../../pbx/media/ng-client';
import { describeSdp } from '../../../pbx/media/sdp-kind';
import { CHROME_OFFER, OPUS_ONLY_OFFER, PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { audioPort, browserAnswer, plainAnswer } from './sdp-answers';

let rtpengine: TestRtpengine;
let bridge: MediaBridge;
let ng: NgClient;
let calls = 0;
const newCallId = () => `call-${++calls}-${process.pid}@pbx.test`;

beforeAll(async () => {
  rtpengine = await startRtpengine();
  bridge = new MediaBridge({ host: rtpengine.host, port: rtpengine.ngPort });
  ng = new NgClient({ host: rtpengine.host, port: rtpengine.ngPort });
});

afterAll(async () => {
  await bridge?.close();
  await ng?.close();
  await rtpengine?.stop();
});

/** Checks what every SDP rtpengine writes has: its address, and a port from its range. */
function expectRelayedByRtpengine(sdp: string) {
  expect(sdp).toMatch(/^c=IN IP4 127\.0\.0\.1\r$/m);
  expect(audioPort(sdp)).toBeGreaterThanOrEqual(rtpengine.portMin);
  expect(audioPort(sdp)).toBeLessThanOrEqual(rtpengine.portMax);
}

function expectPlainRtp(sdp: string) {
  expect(describeSdp(sdp)).toMatchObject({ kind: 'plain', protocol: 'RTP/AVP', rtcpMux: false });
  expect(sdp).not.toMatch(/^a=(ice-|candidate|fingerprint|setup|crypto|rtcp-mux|extmap:)/m);
  expectRelayedByRtpengine(sdp);
}

function expectWebRtc(sdp: string) {
  expect(describeSdp(sdp)).toMatchObject({
    kind: 'webrtc',
    protocol: 'UDP/TLS/RTP/SAVPF',
    ice: true,
    dtls: true,
    rtcpMux: true,
  });
  expect(sdp).toMatch(/^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\r$/m);
  expect(sdp).toMatch(/^a=ice-ufrag:\S+\r$/m);
  expect(sdp).toContain(`a=candidate:`);
  expect(sdp).toContain(` UDP 2130706431 127.0.0.1 ${audioPort(sdp)} typ host`);
  expect(sdp).not.toMatch(/^a=crypto:/m);
  expectRelayedByRtpengine(sdp);
}

const codecNames = (sdp: string) => describeSdp(sdp).codecs.map((c) => `${c.name}/${c.clockRate}`);

describe('MediaBridge with a real rtpengine', () => {
  it('turns a Chrome offer into RTP/AVP with PCMA first and DTMF, and answers back in WebRTC', async () => {
    const callId = newCallId();
    const offer = await bridge.offer({ callId, fromTag: 'ua', sdp: CHROME_OFFER, toward: 'plain' });
    expectPlainRtp(offer);
    expect(codecNames(offer)).toEqual(['PCMA/8000', 'PCMU/8000', 'telephone-event/8000']);
    expect(offer).toMatch(/^a=rtcp:\d+\r$/m); // RTCP demuxed onto its own port

    const answer = await bridge.answer({
      callId,
      fromTag: 'ua',
      toTag: 'trunk',
      sdp: plainAnswer(offer, 40000, 'PCMA'),
      toward: 'webrtc',
    });
    expectWebRtc(answer);
    expect(answer).toContain('a=setup:passive'); // the browser starts DTLS after ICE
    // Chrome offered PCMA itself: it is passed through, no transcoding.
    expect(codecNames(answer)).toEqual(['PCMA/8000', 'telephone-event/8000']);
    await bridge.delete({ callId, fromTag: 'ua' });
  });

  it('transcodes an Opus-only softphone to PCMA and back, keeping DTMF on both sides', async () => {
    const callId = newCallId();
    const offer = await bridge.offer({
      callId,
      fromTag: 'ua',
      sdp: OPUS_ONLY_OFFER,
      toward: 'plain',
    });
    expectPlainRtp(offer);
    expect(codecNames(offer)).toEqual(['PCMA/8000', 'PCMU/8000', 'telephone-event/8000']);

    const answer = await bridge.answer({
      callId,
      fromTag: 'ua',
      toTag: 'phone',
      sdp: plainAnswer(offer, 40002, 'PCMA'),
      toward: 'webrtc',
    });
    expectWebRtc(answer);
    expect(codecNames(answer)).toEqual(['opus/48000', 'telephone-event/48000']);
    expect(describeSdp(answer).codecs[0]?.payloadType).toBe(111); // the browser's own numbers

    expect(await ng.list()).toContain(callId);
    await bridge.delete({ callId, fromTag: 'ua' });
    expect(await ng.list()).not.toContain(callId);
    await expect(ng.query({ 'call-id': callId })).rejects.toThrow(
      `rtpengine at 127.0.0.1:${rtpengine.ngPort} refused 'query': Unknown call-id`,
    );
  });

  it('offers a plain G.711 call to a softphone with Opus added, and answers Opus back as PCMA', async () => {
    const callId = newCallId();
    const offer = await bridge.offer({
      callId,
      fromTag: 'trunk',
      sdp: PLAIN_OFFER,
      toward: 'webrtc',
    });
    expectWebRtc(offer);
    expect(offer).toContain('a=setup:actpass'); // an offer lets the browser choose
    expect(offer).toMatch(/^a=mid:\S+\r$/m);
    expect(codecNames(offer)).toEqual(
      expect.arrayContaining(['PCMA/8000', 'PCMU/8000', 'opus/48000', 'telephone-event/8000']),
    );

    const answer = await bridge.answer({
      callId,
      fromTag: 'trunk',
      toTag: 'ua',
      sdp: browserAnswer(offer, 54400),
      toward: 'plain',
    });
    expectPlainRtp(answer);
    expect(codecNames(answer)).toEqual(['PCMA/8000', 'telephone-event/8000']);
    await bridge.delete({ callId, fromTag: 'trunk' });
  });

  it('relays plain to plain too, passing G.711 through', async () => {
    const callId = newCallId();
    const offer = await bridge.offer({ callId, fromTag: 'a', sdp: PLAIN_OFFER, toward: 'plain' });
    expectPlainRtp(offer);
    expect(audioPort(offer)).not.toBe(audioPort(PLAIN_OFFER));
    const answer = await bridge.answer({
      callId,
      fromTag: 'a',
      toTag: 'b',
      sdp: plainAnswer(offer, 40004, 'PCMU'),
      toward: 'plain',
    });
    expectPlainRtp(answer);
    expect(codecNames(answer)).toEqual(['PCMU/8000', 'telephone-event/8000']);
    await bridge.delete({ callId, fromTag: 'a' });
  });

  it('gives each fork branch its own ports and SDP, and frees a cancelled branch', async () => {
    const callId = newCallId();
    const fork = { callId, fromTag: 'ua', sdp: CHROME_OFFER };
    const toPhone = await bridge.offer({ ...fork, toward: 'plain', branch: 'z9hG4bK-fork-1' });
    const toSoftphone = await bridge.offer({ ...fork, toward: 'webrtc', branch: 'z9hG4bK-fork-2' });
    expectPlainRtp(toPhone);
    expectWebRtc(toSoftphone);
    expect(audioPort(toPhone)).not.toBe(audioPort(toSoftphone));

    const answer = await bridge.answer({
      callId,
      fromTag: 'ua',
      toTag: 'softphone',
      sdp: browserAnswer(toSoftphone, 54500),
      toward: 'webrtc',
      branch: 'z9hG4bK-fork-2',
    });
    expectWebRtc(answer);
    expect(codecNames(answer)[0]).toBe('opus/48000');

    // The softphone took the call: the phone's branch is cancelled and its ports go back.
    expect(await canBind(audioPort(toPhone))).toBe(false);
    await bridge.delete({ callId, fromTag: 'ua', branch: 'z9hG4bK-fork-1' });
    await expectReleased(audioPort(toPhone));
    expect(await canBind(audioPort(toSoftphone))).toBe(false);
    await bridge.delete({ callId, fromTag: 'ua' });
    await expectReleased(audioPort(toSoftphone));
  });

  it("turns rtpengine's error reply into a MediaBridgeError with its reason", async () => {
    const callId = 'never-offered@pbx.test';
    const failure = bridge.answer({
      callId,
      fromTag: 'a',
      toTag: 'b',
      sdp: PLAIN_OFFER,
      toward: 'webrtc',
    });
    await expect(failure).rejects.toBeInstanceOf(MediaBridgeError);
    await expect(failure).rejects.toThrow(
      'media bridge could not answer call never-offered@pbx.test: ' +
        `rtpengine at 127.0.0.1:${rtpengine.ngPort} refused 'answer': Unknown call-id`,
    );
    // Deleting what rtpengine does not know is fine: a BYE may follow a failed set-up.
    await expect(bridge.delete({ callId, fromTag: 'a' })).resolves.toBeUndefined();
  });

  it('used only keys and flags this rtpengine understands', () => {
    expect(rtpengine.log()).toContain("Received command 'offer'");
    expect(rtpengine.log()).not.toMatch(/Unknown (dictionary key|flag)|Unrecognized/i);
  });
});

describe('MediaBridge without rtpengine', () => {
  it('refuses within its timeout, naming the address', async () => {
    const stopped = await startRtpengine();
    const lonely = new MediaBridge({ host: stopped.host, port: stopped.ngPort, timeoutMs: 300 });
    await lonely.ping();
    await stopped.stop();

    const started = Date.now();
    const failure = lonely.offer({
      callId: 'c@pbx.test',
      fromTag: 'a',
      sdp: CHROME_OFFER,
      toward: 'plain',
    });
    await expect(failure).rejects.toThrow(
      `media bridge could not offer call c@pbx.test: rtpengine at 127.0.0.1:${stopped.ngPort} ` +
        "did not answer 'offer' within 300 ms",
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await lonely.close();
  });
});

/** Waits until rtpengine has closed `port` (its poller lets go of a socket a moment later). */
async function expectReleased(port: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await canBind(port))) {
    if (Date.now() > deadline) throw new Error(`rtpengine still holds port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether `port` on 127.0.0.1 is free, i.e. rtpengine does not hold it. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
