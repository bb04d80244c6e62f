import { SipResponse } from '../sip/message';
import { markRefusal, refusal } from '../sip/sip-error';

/**
 * The response a forking proxy sends when no branch answered 2xx (RFC 3261 §16.7 step 6):
 * any 6xx wins; otherwise the lowest class, preferring within it the first received; a 503
 * becomes 500 so the caller does not think the PBX itself is down.
 */
export function selectBestResponse(responses: readonly SipResponse[]): SipResponse | undefined {
  const global = responses.find((r) => r.status >= 600);
  if (global) return global;
  let best: SipResponse | undefined;
  for (const response of responses) {
    if (!best || responseClass(response) < responseClass(best)) best = response;
  }
  if (best?.status === 503) {
    const error = refusal('serverError');
    // A token the PBX gave the branch (media-bridge-unavailable) says more than server-error.
    return markRefusal(
      new SipResponse(error.status, error.reason, best.headers.clone(), best.body),
      error,
    );
  }
  return best;
}

function responseClass(response: SipResponse): number {
  return Math.floor(response.status / 100);
}
