import { SipHeaders, SipResponse } from '../message';
import type { ParseFailure } from '../parse-error';
import { markRefusal, refusal } from '../sip-error';

const COPIED_HEADERS = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

/**
 * The `400` for a request that failed to parse, when it can be formed: a request other
 * than ACK whose Via, From, To, Call-ID and CSeq could still be read. Its reason phrase says
 * what is wrong. Undefined means the message is dropped.
 */
export function buildBadRequest(failure: ParseFailure | undefined): SipResponse | undefined {
  if (!failure?.isRequest || failure.method === 'ACK' || !failure.headers) return undefined;
  const headers = new SipHeaders();
  for (const name of COPIED_HEADERS) {
    const values = failure.headers.getAll(name);
    if (values.length === 0) return undefined;
    headers.set(name, values);
  }
  const error = refusal('badRequest');
  return markRefusal(new SipResponse(error.status, sanitiseReason(failure.reason), headers), error);
}

/** A reason phrase is one line of printable text. */
function sanitiseReason(reason: string): string {
  const clean = reason
    .replace(/[^\x20-\x7e]/g, ' ')
    .trim()
    .slice(0, 100);
  return clean.length > 0 ? clean : 'Bad Request';
}
