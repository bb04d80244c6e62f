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
    /** Only a digest challenge has none (`DigestChallenge`): a client answers it itself. */
    readonly token: PbxReasonToken | undefined,
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

export type PbxReasonToken = RefusalToken | ProtocolRefusalToken;

const TABLE = new Map<string, { status: number; reason: string; token: string }>([
  ...Object.entries(REFUSALS),
  ...Object.entries(PROTOCOL_REFUSALS),
]);

const REFUSAL_TOKENS: ReadonlySet<string> = new Set(Object.values(REFUSALS).map((r) => r.token));
const PROTOCOL_TOKENS: ReadonlySet<string> = new Set(
  Object.values(PROTOCOL_REFUSALS).map((r) => r.token),
);

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
  const token = entry.token as PbxReasonToken;
  return new SipError(entry.status, reason ?? entry.reason, token, headers);
}

/**
 * A far end's failure the back-to-back agent passes on: the far end's status and reason, and
 * the `X-Pbx-Reason` it carried when that is a token the PBX gives (its own routing's answer on
 * the employee's side, or one the dialog layer made up); `trusts: 'protocol'` keeps only the
 * protocol's tokens (the carrier cannot make the softphone say "employee absent"). Else the token
 * is `far-end-refused`. Anything under 300 (which is no failure) becomes a `500`.
 */
export function relayedRefusal(
  response: SipResponse,
  trusts: 'any' | 'protocol',
  headers?: Readonly<Record<string, string>>,
): SipError {
  if (response.status < 300) return refusal('serverError', undefined, headers);
  const carried = response.headers.get('x-pbx-reason')?.trim().toLowerCase() ?? '';
  const known = PROTOCOL_TOKENS.has(carried) || (trusts === 'any' && REFUSAL_TOKENS.has(carried));
  const token = (known ? carried : 'far-end-refused') as PbxReasonToken;
  return new SipError(response.status, response.reason, token, headers);
}

/**
 * A response the PBX builds without a request to answer (a `400` for what did not parse, a
 * forking proxy's `500` in place of a branch's `503`) gets the refusal's token all the same,
 * unless it carries one of the PBX's already.
 */
export function markRefusal(response: SipResponse, error: SipError): SipResponse {
  if (error.token && !response.headers.has('x-pbx-reason')) {
    response.headers.set('x-pbx-reason', error.token);
  }
  return response;
}

/** The same refusal with more headers (the caller ID an employee's refusal carries). */
export function withHeaders(
  error: SipError,
  headers: Readonly<Record<string, string | readonly string[]>>,
): SipError {
  return new SipError(error.status, error.reason, error.token, { ...error.headers, ...headers });
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
