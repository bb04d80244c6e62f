import {
  PROTOCOL_REFUSALS,
  REFUSALS,
  type ProtocolRefusalName,
  type ProtocolRefusalToken,
  type RefusalName,
  type RefusalToken,
} from '../../shared/refusals';
import type { SipRequest, SipResponse } from './message';
import { createResponse } from './transaction/response';

/**
 * A refusal thrown by any pipeline step; the pipeline turns it into a response with the
 * status, reason phrase, `X-Pbx-Reason` token and any extra headers (e.g. Min-Expires).
 */
export class SipError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly token?: RefusalToken | ProtocolRefusalToken,
    /** Extra headers; a list is one header line per value (challenges cannot share a line). */
    readonly headers: Readonly<Record<string, string | readonly string[]>> = {},
  ) {
    // A refusal is an answer, not a fault: no stack trace (capturing one cost ~4 % under load).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${status} ${reason}`);
    Error.stackTraceLimit = limit;
  }
}

const TABLE = new Map<string, { status: number; reason: string; token: string }>([
  ...Object.entries(REFUSALS),
  ...Object.entries(PROTOCOL_REFUSALS),
]);

/**
 * The SipError for a named refusal (SPEC §3, or a protocol refusal), with its status and token;
 * `reason` words the phrase more precisely ("Bad Route" for a bad request), `headers` adds
 * what the refusal needs (Min-Expires, Unsupported).
 */
export function refusal(
  name: RefusalName | ProtocolRefusalName,
  reason?: string,
  headers?: Readonly<Record<string, string>>,
): SipError {
  const entry = TABLE.get(name)!;
  const token = entry.token as RefusalToken | ProtocolRefusalToken;
  return new SipError(entry.status, reason ?? entry.reason, token, headers);
}

/**
 * The one place a refusal becomes a response: its status and reason phrase, the `X-Pbx-Reason`
 * token the softphone turns into words (SPEC §3), and any extra headers it carries.
 */
export function refusalResponse(request: SipRequest, error: SipError): SipResponse {
  const response = createResponse(request, error.status, error.reason);
  if (error.token) response.headers.set('x-pbx-reason', error.token);
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}
