/**
 * Writes a SipMessage as wire bytes (RFC 3261 §7): CRLF line endings, canonical header names,
 * one line per field value, Content-Length recomputed from the body and written last.
 */
import { canonicalHeaderName, type SipMessage } from './message';
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

export function serializeMessage(msg: SipMessage): Buffer {
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
