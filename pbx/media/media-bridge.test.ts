import { describe, expect, it } from 'vitest';
import { bridgeFlags, MediaBridgeError } from './media-bridge';
import { NgError } from './ng-client';

describe('bridgeFlags', () => {
  it('toward a plain RTP side: RTP/AVP, no ICE, no DTLS, RTCP demuxed, G.711 PCMA first', () => {
    expect(bridgeFlags('plain', 'offer')).toEqual({
      replace: ['origin', 'session-connection'],
      'record-call': 'no',
      SDES: ['off'],
      'transport-protocol': 'RTP/AVP',
      ICE: 'remove',
      DTLS: 'off',
      'rtcp-mux': ['demux'],
      flags: ['strip-extmap'],
      'DTLS-reverse': 'passive',
      codec: { mask: ['all'], transcode: ['PCMA', 'PCMU', 'telephone-event'] },
    });
  });

  it('toward a WebRTC side: DTLS-SRTP with ICE, rtcp-mux, a mid, Opus added', () => {
    expect(bridgeFlags('webrtc', 'offer')).toEqual({
      replace: ['origin', 'session-connection'],
      'record-call': 'no',
      SDES: ['off'],
      'transport-protocol': 'UDP/TLS/RTP/SAVPF',
      ICE: 'force',
      DTLS: 'passive',
      'rtcp-mux': ['offer', 'require'],
      flags: ['generate-mid'],
      'DTLS-reverse': 'passive',
      codec: { transcode: ['opus', 'telephone-event'] },
    });
  });

  it('leaves codecs and the offerer’s DTLS role out of answers, where rtpengine ignores them', () => {
    for (const toward of ['plain', 'webrtc'] as const) {
      const { codec, 'DTLS-reverse': reverse, ...rest } = bridgeFlags(toward, 'offer');
      expect([codec, reverse]).not.toContain(undefined);
      expect(bridgeFlags(toward, 'answer')).toEqual(rest);
    }
  });
});

describe('MediaBridgeError', () => {
  it('says what failed for which call, keeping the cause', () => {
    const cause = new NgError('timeout', 'offer', '127.0.0.1:2223', '1000 ms');
    const error = new MediaBridgeError('offer', 'abc@pbx', cause);
    expect(error.message).toBe(
      "media bridge could not offer call abc@pbx: rtpengine at 127.0.0.1:2223 did not answer 'offer' within 1000 ms",
    );
    expect(error.cause).toBe(cause);
  });
});
