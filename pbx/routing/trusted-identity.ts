/**
 * Trusted identities only (RFC 3325 §3 "spec(T)"): who is calling is what the PBX says, never
 * what a device claims. Devices are outside the trust domain; the carrier trunk is inside it for
 * the caller's identity only.
 */
import type { SipMessage } from '../sip/message';

/** Headers that name the caller or the answering party (softphones show them: SPEC §3). */
const IDENTITY_HEADERS = ['p-asserted-identity', 'p-preferred-identity', 'remote-party-id'];

/**
 * What a device may send that starts with `X-`: its device kind, on REGISTER (SPEC §3; the
 * registrar reads it and a REGISTER goes nowhere). Every other `X-` header toward a device
 * (`X-Line`, `X-Caller-ID`, `X-Pbx-Reason`) is the PBX's own, so a device's copy is a forgery.
 */
const DEVICE_HEADERS_ON_REGISTER = new Set(['x-device-kind']);

/**
 * Removes what a device may not assert from its request or response: the identity headers and
 * every `X-` header (but `X-Device-Kind` on REGISTER). The PBX adds its own afterwards (the
 * caller's name and number in `From` and `P-Asserted-Identity`: number-router.ts).
 */
export function removeDeviceIdentity(message: SipMessage): void {
  const keep =
    message.type === 'request' && message.method === 'REGISTER'
      ? DEVICE_HEADERS_ON_REGISTER
      : undefined;
  removeHeaders(message, IDENTITY_HEADERS, keep);
}

/**
 * From the carrier the PBX keeps what the trunk is trusted for: the caller's identity
 * (`P-Asserted-Identity`, or `Remote-Party-ID`, its older form that carriers still send). A
 * `P-Preferred-Identity` is a user agent's wish to its first proxy, and `X-` headers are private
 * to whoever set them: both are removed.
 */
export function removeCarrierClaims(message: SipMessage): void {
  removeHeaders(message, ['p-preferred-identity']);
}

function removeHeaders(message: SipMessage, names: string[], keepX?: ReadonlySet<string>): void {
  const { headers } = message;
  for (const name of names) if (headers.has(name)) headers.delete(name);
  const privateNames: string[] = [];
  for (const [name] of headers.entries()) {
    if (name.startsWith('x-') && !keepX?.has(name)) privateNames.push(name);
  }
  for (const name of privateNames) headers.delete(name);
}
