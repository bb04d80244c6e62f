import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaBridge } from '../../../pbx/media/media-bridge';
import { plainSdp } from '../../../pbx/media/test-sdp';
import { until } from '../../support/poll';
import { payloadTypes, rtpPeer, talk, type RtpPeer } from '../../support/rtp-peer';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { audioPort } from './sdp-answers';

const PCMU_SILENCE = 0xff;
const PCMA_SILENCE = 0xd5;
const PCMA: [number, string] = [8, 'PCMA/8000'];
const PCMU: [number, string] = [0, 'PCMU/8000'];
const DTMF: [number, string] = [101, 'telephone-event/8000'];

let rtpengine: TestRtpengine;
let bridge: MediaBridge;
const peers: RtpPeer[] = [];

beforeAll(async () => {
  rtpengine = await startRtpengine();
  bridge = new MediaBridge({ host: rtpengine.host, port: rtpengine.ngPort });
});

afterAll(async () => {
  for (const peer of peers) peer.close();
  await bridge?.close();
  await rtpengine?.stop();
});

/** A call between two plain peers through rtpengine; each learns the port it must send to. */
async function bridgedCall(
  callId: string,
  callerCodecs: Array<[number, string]>,
  calleeCodec: [number, string],
) {
  const [caller, callee] = [await rtpPeer(), await rtpPeer()];
  peers.push(caller, callee);
  const offer = await bridge.offer({
    callId,
    fromTag: 'caller',
    sdp: plainSdp(caller.port, callerCodecs),
    toward: 'plain',
  });
  const dtmf = /^a=rtpmap:(\d+) telephone-event\/8000/m.exec(offer)?.[1];
  const answer = await bridge.answer({
    callId,
    fromTag: 'caller',
    toTag: 'callee',
    sdp: plainSdp(callee.port, [calleeCodec, [Number(dtmf), 'telephone-event/8000']]),
    toward: 'plain',
  });
  return { caller, callee, callerSendsTo: audioPort(answer), calleeSendsTo: audioPort(offer) };
}

describe('audio through rtpengine', () => {
  it('relays PCMA both ways between two plain RTP endpoints', async () => {
    const { caller, callee, callerSendsTo, calleeSendsTo } = await bridgedCall(
      'relay@pbx.test',
      [PCMA, PCMU, DTMF],
      PCMA,
    );
    expect(callerSendsTo).not.toBe(callee.port); // media goes through rtpengine, not around it

    await Promise.all([
      talk(caller, callerSendsTo, 8, PCMA_SILENCE),
      talk(callee, calleeSendsTo, 8, PCMA_SILENCE),
    ]);
    await until(() => callee.received.length >= 20 && caller.received.length >= 20, 2000, 'audio');

    for (const packets of [callee.received, caller.received]) {
      expect(payloadTypes(packets)).toEqual(new Set([8]));
      expect(packets[0].subarray(12)).toEqual(Buffer.alloc(160, PCMA_SILENCE));
    }
    await bridge.delete({ callId: 'relay@pbx.test', fromTag: 'caller' });
  });

  it('transcodes a PCMU-only caller for a PCMA-only callee', async () => {
    const { caller, callee, callerSendsTo } = await bridgedCall('transcode@pbx.test', [PCMU], PCMA);

    await talk(caller, callerSendsTo, 0, PCMU_SILENCE);
    await until(() => callee.received.length >= 10, 2000, 'transcoded audio');

    // µ-law silence went in; A-law silence of the same length came out.
    expect(payloadTypes(callee.received)).toEqual(new Set([8]));
    expect(callee.received[0].subarray(12)).toEqual(Buffer.alloc(160, PCMA_SILENCE));
    await bridge.delete({ callId: 'transcode@pbx.test', fromTag: 'caller' });
  });
});
