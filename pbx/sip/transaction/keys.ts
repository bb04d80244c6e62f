/**
 * Transaction keys (RFC 3261 §17.1.3, §17.2.3): only the top Via's branch and sent-by and the
 * CSeq are needed. Received messages are keyed through their accessors (parsed once, by the
 * parser's validation); requests the PBX sends by a scan of the Via it just wrote on top.
 */
import type { SipHeaders, SipMessage, SipRequest } from '../message';

/** RFC 3261 §8.1.1.7: branches starting with this were built by an RFC 3261 element. */
export const MAGIC_COOKIE = 'z9hG4bK';

const BRANCH_PARAM = /;\s*branch\s*=\s*([^\s;,]+)/i;
const WHITESPACE = /\s+/g;

/** The branch of the top Via as written, without parsing the whole field list. */
function ownBranch(headers: SipHeaders): string {
  const value = headers.get('via') ?? '';
  const semi = value.indexOf(';');
  return semi < 0 ? '' : (BRANCH_PARAM.exec(value.slice(semi))?.[1] ?? '');
}

/** The CSeq method of a message the PBX built (its CSeq written by the PBX itself). */
function ownMethod(headers: SipHeaders): string {
  return (headers.get('cseq') ?? '').trim().split(WHITESPACE)[1] ?? '';
}

/**
 * Server transaction key (§17.2.3): branch + sent-by + method, ACK folded into INVITE. A
 * request without the magic cookie keys on branch + Call-ID + CSeq number instead.
 * `method` overrides the request's own (a CANCEL looks up the INVITE it cancels, §9.2).
 */
export function serverKey(request: SipRequest, method: string = request.method): string {
  const via = request.topVia;
  const branch = via?.branch ?? '';
  const sentBy = via?.sentBy ?? '';
  const m = method === 'ACK' ? 'INVITE' : method;
  if (branch.startsWith(MAGIC_COOKIE)) return `${branch}|${sentBy}|${m}`;
  return `2543|${branch}|${sentBy}|${request.callId}|${request.cseq?.seq ?? ''}|${m}`;
}

/** Client transaction key (§17.1.3) of a received response: top Via branch + CSeq method. */
export function responseKey(message: SipMessage): string {
  return `${message.topVia?.branch ?? ''}|${message.cseq?.method ?? ''}`;
}

/** Client transaction key of a request the PBX sends (its own Via on top). */
export function clientKey(request: SipRequest): string {
  return `${ownBranch(request.headers)}|${ownMethod(request.headers)}`;
}
