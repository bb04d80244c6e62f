/**
 * Writes a SipMessage as wire bytes (RFC 3261 §7): CRLF line endings, canonical header names,
 * one line per field value, Content-Length recomputed from the body and written last.
 */
import { canonicalHeaderName } from './header-names';
import { SipRequest, SipResponse, type SipMessage } from './message';
import { SipHeaders } from './sip-headers';
import { ownStrings } from './own-string';
import { formatUri } from './uri';

/** "INVITE sip:0462626@pbx.example SIP/2.0" or "SIP/2.0 180 Ringing". */
export function formatStartLine(msg: SipMessage): string {
  return msg.type === 'request'
    ? `${msg.method} ${formatUri(msg.uri)} SIP/2.0`
    : `SIP/2.0 ${msg.status} ${msg.reason}`;
}

/** canonicalHeaderName runs a regex; names repeat, so remember them. */
const CANONICAL = new Map<string, string>();

function canonical(name: string): string {
  let out = CANONICAL.get(name);
  if (out === undefined) {
    out = canonicalHeaderName(name);
    if (CANONICAL.size < 1024) CANONICAL.set(name, out);
  }
  return out;
}

/** Where a frozen stand-in keeps its wire bytes (a property, not a WeakMap: no GC cost). */
const WIRE = Symbol('wire');
type Frozen = { [WIRE]?: Buffer };

/**
 * A stand-in for a message that will only be sent again, never read: its start line and its
 * wire bytes, without the parsed headers. Completed transactions keep these for their
 * retransmissions (a parsed REGISTER costs about 3 KB; its bytes, a fifth of that).
 */
export function freezeMessage<T extends SipMessage>(msg: T): T {
  const standIn =
    msg.type === 'request'
      ? new SipRequest(msg.method, msg.uri, new SipHeaders(), EMPTY_BODY)
      : new SipResponse(msg.status, msg.reason, new SipHeaders(), EMPTY_BODY);
  return withWire(standIn as T, serializeMessage(msg));
}

/** `msg` that is sent as exactly these bytes (what it was parsed from, or sent as before). */
export function withWire<T extends SipMessage>(msg: T, bytes: Buffer): T {
  (msg as Frozen)[WIRE] = bytes;
  return msg;
}

/** The request line alone, for a transaction that will never read or send its request again. */
export function requestStandIn(request: SipRequest): SipRequest {
  // Its own copy of the URI: the parsed URI's strings are slices that keep the whole message alive.
  return new SipRequest(request.method, ownStrings(request.uri), new SipHeaders(), EMPTY_BODY);
}

const EMPTY_BODY = Buffer.alloc(0);

export function serializeMessage(msg: SipMessage): Buffer {
  const frozen = (msg as Frozen)[WIRE];
  if (frozen) return frozen;
  let head = formatStartLine(msg) + '\r\n';
  for (const [name, values] of msg.headers.entries()) {
    if (name === 'content-length') continue;
    const line = canonical(name) + ': ';
    for (const value of values) head += line + value + '\r\n';
  }
  head += `Content-Length: ${msg.body.length}\r\n\r\n`;
  if (msg.body.length === 0) return Buffer.from(head, 'utf8');
  const headBytes = Buffer.from(head, 'utf8');
  return Buffer.concat([headBytes, msg.body], headBytes.length + msg.body.length);
}
