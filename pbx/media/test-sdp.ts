/**
 * SDP bodies for the media tests, shaped like what real peers send. Every address is loopback,
 * so rtpengine's ICE checks and RTP never leave the machine.
 */

const FINGERPRINT =
  'sha-256 5B:0E:3D:82:7A:91:C4:1F:E6:28:B3:55:0D:9A:6C:F1:47:8E:23:BA:D0:19:6F:A4:C8:3E:72:05:9B:E1:4D:66';

/**
 * An audio-only offer as Chrome writes it after ICE gathering (JsSIP sends it then): BUNDLE,
 * DTLS fingerprint with `setup:actpass`, ICE credentials and candidates, rtcp-mux, mid,
 * Opus/111 first, G.711 too, telephone-event/126 (8 kHz) and /110 (48 kHz).
 */
export const CHROME_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 5d5a9e2c-7f1b-4a8e-9c3d-2b6f0e1a7c44',
  'm=audio 54321 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 127.0.0.1',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1467250027 1 udp 2122260223 127.0.0.1 54321 typ host generation 0 network-id 1',
  'a=candidate:435653019 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1',
  'a=ice-ufrag:EsAw',
  'a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y',
  'a=ice-options:trickle',
  `a=fingerprint:${FINGERPRINT}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:5d5a9e2c-7f1b-4a8e-9c3d-2b6f0e1a7c44 8f3e1c2a-9b7d-4e6f-a1c3-5d7e9f1b3a5c',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:3735928559 cname:Yk2fXo7cLq1pT9rA',
  'a=ssrc:3735928559 msid:5d5a9e2c-7f1b-4a8e-9c3d-2b6f0e1a7c44 8f3e1c2a-9b7d-4e6f-a1c3-5d7e9f1b3a5c',
  '',
].join('\r\n');

/** The same browser offering Opus and telephone-event/48000 only (no G.711 to pass through). */
export const OPUS_ONLY_OFFER = CHROME_OFFER.replace('111 63 9 0 8 13 110 126', '111 110')
  .split('\r\n')
  .filter((line) => !/^a=(rtpmap|fmtp):(63|9|0|8|13|126) /.test(line))
  .join('\r\n');

/** A plain RTP/AVP body as SIPp, baresip or an IP phone writes it; `0`..`127` are payload types. */
export function plainSdp(port: number, codecs: ReadonlyArray<[number, string]>): string {
  return [
    'v=0',
    'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${codecs.map(([pt]) => pt).join(' ')}`,
    ...codecs.map(([pt, name]) => `a=rtpmap:${pt} ${name}`),
    ...codecs
      .filter(([, name]) => name.startsWith('telephone-event'))
      .map(([pt]) => `a=fmtp:${pt} 0-16`),
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** A SIPp-like offer: PCMA/8, PCMU/0, telephone-event/101. */
export const PLAIN_OFFER = plainSdp(6000, [
  [8, 'PCMA/8000'],
  [0, 'PCMU/8000'],
  [101, 'telephone-event/8000'],
]);
