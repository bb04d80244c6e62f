/** Answers that real peers would give to an SDP offer rewritten by rtpengine. */
import { describeSdp, type AudioCodec } from '../../../pbx/media/sdp-kind';
import { plainSdp } from '../../../pbx/media/test-sdp';

/** The port of the first `m=audio` line. */
export function audioPort(sdp: string): number {
  const match = /^m=audio (\d+) /m.exec(sdp);
  if (!match) throw new Error(`no m=audio line in:\n${sdp}`);
  return Number(match[1]);
}

function pick(offer: string, name: string, clockRate?: number): AudioCodec {
  const codec = describeSdp(offer).codecs.find(
    (c) => c.name === name && (clockRate === undefined || c.clockRate === clockRate),
  );
  if (!codec) throw new Error(`the offer has no ${name}:\n${offer}`);
  return codec;
}

/** An IP phone's or carrier's answer: `codec` plus telephone-event/8000, at `port`. */
export function plainAnswer(offer: string, port: number, codec = 'PCMA'): string {
  const chosen = pick(offer, codec);
  const dtmf = pick(offer, 'telephone-event', 8000);
  return plainSdp(port, [
    [chosen.payloadType, `${chosen.name}/${chosen.clockRate}`],
    [dtmf.payloadType, 'telephone-event/8000'],
  ]);
}

/** Chrome's answer: Opus and telephone-event/48000, DTLS active, its own ICE, at `port`. */
export function browserAnswer(offer: string, port: number): string {
  const opus = pick(offer, 'opus');
  const dtmf = pick(offer, 'telephone-event', 48000);
  const mid = /^a=mid:(\S+)/m.exec(offer)?.[1] ?? '0';
  return [
    'v=0',
    'o=- 1733091937713449166 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `m=audio ${port} UDP/TLS/RTP/SAVPF ${opus.payloadType} ${dtmf.payloadType}`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:2999745851 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0`,
    'a=ice-ufrag:Gm3q',
    'a=ice-pwd:1aQz8vTn0yMqPk3sWf7rJhXc',
    'a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9',
    'a=setup:active',
    `a=mid:${mid}`,
    'a=sendrecv',
    'a=rtcp-mux',
    `a=rtpmap:${opus.payloadType} opus/48000/2`,
    `a=fmtp:${opus.payloadType} minptime=10;useinbandfec=1`,
    `a=rtpmap:${dtmf.payloadType} telephone-event/48000`,
    '',
  ].join('\r\n');
}

/** An offer or answer a browser can use: DTLS-SRTP with ICE candidates. */
export const isWebRtc = (sdp: string): boolean =>
  /UDP\/TLS\/RTP\/SAVPF/.test(sdp) && /a=fingerprint:/.test(sdp) && /a=candidate:/.test(sdp);

/** An offer or answer for an IP phone or the carrier: RTP/AVP without ICE or DTLS. */
export const isPlain = (sdp: string): boolean =>
  /m=audio \d+ RTP\/AVP /.test(sdp) && !/a=(ice-ufrag|fingerprint|candidate)/.test(sdp);

/** Whether the SDP's audio port is one of rtpengine's (the media goes through the bridge). */
export function inPortRange(sdp: string, range: { portMin: number; portMax: number }): boolean {
  const port = audioPort(sdp);
  return port >= range.portMin && port <= range.portMax;
}
