/**
 * Transaction keys (RFC 3261 §17.1.3, §17.2.3). Private on purpose: only the top Via's branch
 * and sent-by and the CSeq are needed, and messages arrive already validated by the parser.
 */
import type { SipHeaders, SipMessage, SipRequest } from '../message';

/** RFC 3261 §8.1.1.7: branches starting with this were built by an RFC 3261 element. */
export const MAGIC_COOKIE = 'z9hG4bK';

const VIA_PROTOCOL = /^\s*SIP\s*\/\s*2\.0\s*\/\s*[^\s;]+\s*/i;
const BRANCH_PARAM = /;\s*branch\s*=\s*([^\s;,]+)/i;
const WHITESPACE = /\s+/g;

interface TopVia {
  branch: string;
  /** host[:port], lower-cased, without whitespace. */
  sentBy: string;
}

function topVia(headers: SipHeaders): TopVia {
  const value = headers.get('via') ?? '';
  const semi = value.indexOf(';');
  const head = semi < 0 ? value : value.slice(0, semi);
  const sentBy = head.replace(VIA_PROTOCOL, '').replace(WHITESPACE, '').toLowerCase();
  const branch = semi < 0 ? '' : (BRANCH_PARAM.exec(value.slice(semi))?.[1] ?? '');
  return { branch, sentBy };
}

/** The CSeq number (as written) and method. */
export function cseqOf(headers: SipHeaders): { seq: string; method: string } {
  const [seq = '', method = ''] = (headers.get('cseq') ?? '').trim().split(WHITESPACE);
  return { seq, method };
}

/**
 * Server transaction key (§17.2.3): branch + sent-by + method, ACK folded into INVITE. A
 * request without the magic cookie keys on branch + Call-ID + CSeq number instead.
 * `method` overrides the request's own (a CANCEL looks up the INVITE it cancels, §9.2).
 */
export function serverKey(request: SipRequest, method: string = request.method): string {
  const via = topVia(request.headers);
  const m = method === 'ACK' ? 'INVITE' : method;
  if (via.branch.startsWith(MAGIC_COOKIE)) return `${via.branch}|${via.sentBy}|${m}`;
  const callId = request.headers.get('call-id') ?? '';
  return `2543|${via.branch}|${via.sentBy}|${callId}|${cseqOf(request.headers).seq}|${m}`;
}

/** Client transaction key (§17.1.3): top Via branch + CSeq method. */
export function clientKey(message: SipMessage): string {
  return `${topVia(message.headers).branch}|${cseqOf(message.headers).method}`;
}
