import { describe, expect, it } from 'vitest';
import { describeSdp, hasCodec, mediaKind, needsBridge } from './sdp-kind';
import { CHROME_OFFER, OPUS_ONLY_OFFER, PLAIN_OFFER } from './test-sdp';

describe('describeSdp', () => {
  it('reads a Chromium offer as WebRTC: DTLS-SRTP, ICE, rtcp-mux, Opus first', () => {
    const side = describeSdp(CHROME_OFFER);
    expect(side).toMatchObject({
      kind: 'webrtc',
      protocol: 'UDP/TLS/RTP/SAVPF',
      ice: true,
      dtls: true,
      rtcpMux: true,
    });
    expect(side.codecs.map((c) => `${c.payloadType} ${c.name}/${c.clockRate}`)).toEqual([
      '111 opus/48000',
      '63 red/48000',
      '9 G722/8000',
      '0 PCMU/8000',
      '8 PCMA/8000',
      '13 CN/8000',
      '110 telephone-event/48000',
      '126 telephone-event/8000',
    ]);
  });

  it('reads a SIPp-like offer as plain RTP with PCMA, PCMU and telephone-event', () => {
    const side = describeSdp(PLAIN_OFFER);
    expect(side).toMatchObject({ kind: 'plain', protocol: 'RTP/AVP', ice: false, dtls: false });
    expect(side.rtcpMux).toBe(false);
    expect(side.codecs.map((c) => [c.payloadType, c.name])).toEqual([
      [8, 'PCMA'],
      [0, 'PCMU'],
      [101, 'telephone-event'],
    ]);
  });

  it('names static payload types that have no rtpmap line (RFC 3551)', () => {
    const sdp =
      'v=0\nc=IN IP4 127.0.0.1\nm=audio 4000 RTP/AVP 0 8 18 101\na=rtpmap:101 telephone-event/8000\n';
    expect(describeSdp(sdp).codecs.map((c) => c.name)).toEqual([
      'PCMU',
      'PCMA',
      'G729',
      'telephone-event',
    ]);
  });

  it('reads only the audio section and session-level attributes', () => {
    const sdp = [
      'v=0',
      'a=fingerprint:sha-256 AA:BB',
      'm=audio 4000 RTP/SAVPF 111',
      'a=rtpmap:111 opus/48000/2',
      'm=video 4002 RTP/AVP 96',
      'a=rtcp-mux',
    ].join('\r\n');
    // Older browsers wrote RTP/SAVPF with a DTLS fingerprint; that is WebRTC too.
    expect(describeSdp(sdp)).toMatchObject({ kind: 'webrtc', dtls: true, rtcpMux: false });
  });

  it('refuses a body without audio', () => {
    expect(() => describeSdp('v=0\r\nm=video 4000 RTP/AVP 96\r\n')).toThrow(/no audio section/);
  });

  it('tells codecs by name, case-insensitively', () => {
    expect(hasCodec(describeSdp(OPUS_ONLY_OFFER), 'OPUS')).toBe(true);
    expect(hasCodec(describeSdp(OPUS_ONLY_OFFER), 'pcma')).toBe(false);
    expect(hasCodec(describeSdp(PLAIN_OFFER), 'pcma')).toBe(true);
  });
});

describe('needsBridge', () => {
  it('bridges only between a softphone and a plain RTP side', () => {
    const webrtc = mediaKind(CHROME_OFFER);
    const plain = mediaKind(PLAIN_OFFER);
    expect(needsBridge(webrtc, plain)).toBe(true);
    expect(needsBridge(plain, webrtc)).toBe(true);
    expect(needsBridge(webrtc, webrtc)).toBe(false);
    expect(needsBridge(plain, plain)).toBe(false);
  });
});
