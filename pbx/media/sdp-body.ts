/**
 * Which part of a SIP body is SDP (docs/architecture.md: only SDP goes to rtpengine). A body is
 * SDP by its Content-Type: `application/sdp`, or the `application/sdp` part of a multipart body
 * (RFC 5621); `message/sipfrag`, `application/dtmf-relay` and every other body is not.
 */
import type { SipMessage } from '../sip/message';

const SDP = 'application/sdp';
const CRLF = '\r\n';

/** A multipart body cut at its delimiters, in latin1 so every byte comes back as it was. */
interface Multipart {
  /** Preamble, parts and close, with the delimiters between them. */
  segments: string[];
  delimiter: string;
  /** The index in `segments` of the SDP part, and where its content starts in it. */
  sdpIndex: number;
  contentStart: number;
}

/** The SDP in a message's body, if it has any. */
export function sdpOf(message: SipMessage): string | undefined {
  if (message.body.length === 0) return undefined;
  const type = message.contentType?.type;
  if (type === SDP) return message.body.toString('utf8');
  const multipart = multipartOf(message);
  if (!multipart) return undefined;
  const part = multipart.segments[multipart.sdpIndex]!.slice(multipart.contentStart);
  return Buffer.from(part, 'latin1').toString('utf8');
}

/** Whether the bridge has something to rewrite in this message. */
export const hasSdp = (message: SipMessage): boolean => sdpOf(message) !== undefined;

/** Puts the bridge's SDP where the message's SDP was; the other parts stay byte for byte. */
export function setSdp(message: SipMessage, sdp: string): void {
  const multipart = multipartOf(message);
  if (!multipart) {
    message.body = Buffer.from(sdp, 'utf8');
    message.headers.set('content-type', SDP);
    return;
  }
  const { segments, delimiter, sdpIndex, contentStart } = multipart;
  const head = segments[sdpIndex]!.slice(0, contentStart);
  segments[sdpIndex] = head + Buffer.from(sdp, 'utf8').toString('latin1');
  // The first segment carries the CRLF put in front to find a delimiter at the very start.
  message.body = Buffer.from(segments.join(delimiter).slice(CRLF.length), 'latin1');
}

function multipartOf(message: SipMessage): Multipart | undefined {
  const contentType = message.contentType;
  const boundary = contentType?.params.boundary;
  if (!contentType?.type.startsWith('multipart/') || !boundary) return undefined;
  const delimiter = `${CRLF}--${boundary}`;
  const segments = (CRLF + message.body.toString('latin1')).split(delimiter);
  for (let index = 1; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.startsWith('--')) break; // the close delimiter
    const headersStart = segment.indexOf(CRLF);
    const headersEnd = segment.indexOf(CRLF + CRLF, headersStart);
    if (headersStart < 0 || headersEnd < 0) continue;
    const headers = segment.slice(headersStart + CRLF.length, headersEnd).split(CRLF);
    if (headers.some(isSdpContentType)) {
      return { segments, delimiter, sdpIndex: index, contentStart: headersEnd + 2 * CRLF.length };
    }
  }
  return undefined;
}

/** A part's `Content-Type: application/sdp` line (RFC 2045 headers; no compact form here). */
function isSdpContentType(line: string): boolean {
  const colon = line.indexOf(':');
  if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-type') return false;
  return (
    line
      .slice(colon + 1)
      .split(';')[0]!
      .trim()
      .toLowerCase() === SDP
  );
}
