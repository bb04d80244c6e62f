/**
 * What a SUBSCRIBE for the `dialog` package must say (RFC 6665 §4.2.1, RFC 4235 §3): its `Event`
 * and `Expires`, checked before anything is kept; a refusal names the header at fault.
 */
import type { SipRequest } from '../sip/message';
import { refusal } from '../sip/sip-error';

/** The only event package the PBX serves, as `Allow-Events` says. */
export const DIALOG_PACKAGE = 'dialog';

export const SUBSCRIPTION_LIMITS = {
  /** RFC 4235 §3.2: the default duration. Longer requests are granted this much. */
  maxSeconds: 3600,
  /** Shorter (but not 0) is refused 423 with `Min-Expires`: NOTIFYs would go mostly to refreshes. */
  minSeconds: 60,
} as const;

export interface AcceptedSubscription {
  /** The seconds granted; 0 unsubscribes (or fetches the state once). */
  expires: number;
  /** The `Event` value NOTIFYs carry: the package and the SUBSCRIBE's `id`, if any. */
  event: string;
}

/** The subscription a SUBSCRIBE asks for; throws the refusal when it asks for none we give. */
export function acceptedSubscription(request: SipRequest): AcceptedSubscription {
  if (!request.headers.has('event')) throw refusal('badRequest', 'Missing Event Header');
  const event = request.event;
  if (!event) throw refusal('badRequest', 'Bad Event Header');
  if (event.package !== DIALOG_PACKAGE) {
    throw refusal('badEvent', undefined, { 'Allow-Events': DIALOG_PACKAGE });
  }
  const asked = request.headers.has('expires') ? request.expires : SUBSCRIPTION_LIMITS.maxSeconds;
  if (asked === undefined) throw refusal('badRequest', 'Bad Expires Header');
  if (asked > 0 && asked < SUBSCRIPTION_LIMITS.minSeconds) {
    throw refusal('intervalTooBrief', undefined, {
      'Min-Expires': String(SUBSCRIPTION_LIMITS.minSeconds),
    });
  }
  // The id goes back in every NOTIFY's Event: only a token can be echoed as it came.
  if (event.id !== undefined && !/^[\w.!%*+`'~-]+$/.test(event.id)) {
    throw refusal('badRequest', 'Bad Event Header');
  }
  return {
    expires: Math.min(asked, SUBSCRIPTION_LIMITS.maxSeconds),
    event: event.id ? `${DIALOG_PACKAGE};id=${event.id}` : DIALOG_PACKAGE,
  };
}
