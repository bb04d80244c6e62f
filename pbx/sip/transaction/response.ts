/** Building a response to a request (RFC 3261 §8.2.6). */
import { randomToken } from '../random-token';
import { SipHeaders, SipResponse, type SipRequest } from '../message';

/** One To tag per request object, so 180 and 486 to the same request carry the same tag. */
const toTags = new WeakMap<SipRequest, string>();

/** The To tag createResponse adds to this request's responses (created on first use). */
export function localTag(request: SipRequest): string {
  let tag = toTags.get(request);
  if (tag === undefined) {
    tag = randomToken(6).replace(/[-_]/g, 'x');
    toTags.set(request, tag);
  }
  return tag;
}

/**
 * A response copying Via (every value), From, To, Call-ID and CSeq from the request, with a
 * To tag added when status > 100 and the request's To has none (the response's `toTag` is then
 * the one chosen, the same for every response to this request). Body empty. 100 Trying also
 * echoes a Timestamp (§8.2.6.1).
 */
export function createResponse(request: SipRequest, status: number, reason: string): SipResponse {
  const source = request.headers;
  const headers = new SipHeaders();
  headers.set('via', source.getAll('via'));
  for (const name of ['from', 'to', 'call-id', 'cseq']) {
    const value = source.get(name);
    if (value !== undefined) headers.set(name, value);
  }
  const to = headers.get('to');
  if (status > 100 && to !== undefined && !('tag' in (request.to?.params ?? {}))) {
    headers.set('to', `${to};tag=${localTag(request)}`);
  }
  if (status === 100) {
    const timestamp = source.get('timestamp');
    if (timestamp !== undefined) headers.set('timestamp', timestamp);
  }
  return new SipResponse(status, reason, headers);
}
