/**
 * What one side of a call speaks, read from its SDP offer or answer: WebRTC (ICE, DTLS-SRTP,
 * rtcp-mux, usually Opus) or plain RTP/AVP (IP phones, the carrier trunk, G.711). Pure: no I/O.
 */

/** The two media worlds the PBX connects. */
export type MediaKind = 'webrtc' | 'plain';

/** One payload type of the audio section, in the order the side prefers them. */
export interface AudioCodec {
  payloadType: number;
  /** As in `a=rtpmap` (`opus`, `PCMA`, `telephone-event`), or the static name (RFC 3551). */
  name: string;
  clockRate: number;
}

/** What the first audio section of an SDP body says about its side. */
export interface SdpSide {
  kind: MediaKind;
  /** The transport protocol of the `m=audio` line, e.g. `UDP/TLS/RTP/SAVPF` or `RTP/AVP`. */
  protocol: string;
  ice: boolean;
  dtls: boolean;
  rtcpMux: boolean;
  codecs: AudioCodec[];
}

/** Static audio payload types (RFC 3551 table 4) that an SDP may use without `a=rtpmap`. */
const STATIC_PAYLOAD_TYPES: Readonly<Record<number, Omit<AudioCodec, 'payloadType'>>> = {
  0: { name: 'PCMU', clockRate: 8000 },
  3: { name: 'GSM', clockRate: 8000 },
  4: { name: 'G723', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  18: { name: 'G729', clockRate: 8000 },
};

/** Reads an SDP body; throws when it has no `m=audio` line, which the PBX cannot bridge. */
export function describeSdp(sdp: string): SdpSide {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  const start = lines.findIndex((line) => line.startsWith('m=audio '));
  if (start < 0) throw new Error('the SDP has no audio section (m=audio)');
  const end = lines.findIndex((line, i) => i > start && line.startsWith('m='));
  const session = lines.slice(
    0,
    lines.findIndex((line) => line.startsWith('m=')),
  );
  const audio = lines.slice(start, end < 0 ? undefined : end);
  const has = (prefix: string) => [...session, ...audio].some((line) => line.startsWith(prefix));

  const [, , protocol = '', ...formats] = audio[0].split(' ');
  const ice = has('a=ice-ufrag:') || has('a=candidate:');
  const dtls = has('a=fingerprint:');
  return {
    kind: isWebRtc(protocol, dtls) ? 'webrtc' : 'plain',
    protocol,
    ice,
    dtls,
    rtcpMux: audio.includes('a=rtcp-mux'),
    codecs: formats.map((format) => codecOf(Number(format), audio)),
  };
}

/** The kind of side an SDP body comes from (see `describeSdp`). */
export function mediaKind(sdp: string): MediaKind {
  return describeSdp(sdp).kind;
}

/** The kind of an SDP body, or undefined when it has no audio to bridge. */
export function describeSdpKind(sdp: string): MediaKind | undefined {
  try {
    return describeSdp(sdp).kind;
  } catch {
    return undefined; // no audio the bridge could carry: the caller leaves the media direct
  }
}

/**
 * Whether media between two sides must go through rtpengine: only when their kinds differ.
 * Softphone to softphone and phone/trunk to phone/trunk stay direct.
 */
export function needsBridge(a: MediaKind, b: MediaKind): boolean {
  return a !== b;
}

/** Whether a side offers or accepts the codec `name` (case-insensitive, e.g. `pcma`). */
export function hasCodec(side: SdpSide, name: string): boolean {
  return side.codecs.some((codec) => codec.name.toLowerCase() === name.toLowerCase());
}

/**
 * WebRTC mandates DTLS-SRTP (RFC 8827): `UDP/TLS/RTP/SAVP(F)`, or `RTP/SAVPF` with a DTLS
 * fingerprint as older browsers wrote it. Everything else is treated as plain RTP.
 */
function isWebRtc(protocol: string, dtls: boolean): boolean {
  return protocol.startsWith('UDP/TLS/RTP/') || (protocol === 'RTP/SAVPF' && dtls);
}

function codecOf(payloadType: number, audio: string[]): AudioCodec {
  const rtpmap = audio.find((line) => line.startsWith(`a=rtpmap:${payloadType} `));
  if (rtpmap) {
    const [name = '', clockRate = '0'] = rtpmap.slice(rtpmap.indexOf(' ') + 1).split('/');
    return { payloadType, name, clockRate: Number(clockRate) };
  }
  const known = STATIC_PAYLOAD_TYPES[payloadType];
  return { payloadType, name: known?.name ?? 'unknown', clockRate: known?.clockRate ?? 0 };
}
