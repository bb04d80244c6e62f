/**
 * SIP user names, domains and URIs as a standard SIP client takes them (RFC 3261 §25.1), for a
 * softphone signed in to any SIP server: checked here once, never by a regex elsewhere.
 */

/** RFC 3261 `user`: unreserved, escaped (%XX) and the user-unreserved marks; 64 at most. */
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?$/i;
const IPV6_REFERENCE = /^\[[0-9a-f:.]+\]$/i;
/** What people type between the digits of a phone number. */
const PHONE_LIKE = /^\+?[\d\s\-().]*\d[\d\s\-().]*$/;

export const MAX_SIP_USER_LENGTH = 64;

/** A SIP user name: `0462626`, `1003`, `alice`, `alice.smith`. */
export function isSipUser(text: string): boolean {
  return text.length > 0 && text.length <= MAX_SIP_USER_LENGTH && USER.test(text);
}

/** A SIP domain: a host name or an IP address (`example.org`, `10.0.0.5`, `[::1]`). */
export function isSipDomain(text: string): boolean {
  return (
    text.length > 0 && text.length <= 253 && (HOST_NAME.test(text) || IPV6_REFERENCE.test(text))
  );
}

/** A host with an optional port, as the part of a URI after `@`. */
function isHostPort(text: string): boolean {
  const match = /^(.*?)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return false;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return isSipDomain(match[1]!);
}

/**
 * What a user typed as whom to call on any SIP server: a `sip:`/`sips:` URI as it is (scheme in
 * lower case), `user@host` as `sip:user@host`, a phone-like entry without its separators, or a
 * user name; `undefined` when it is none of them.
 */
export function parseSipTarget(input: string): string | undefined {
  const text = input.trim();
  const uri = /^(sips?):([^@\s<>"]+)@([^;?\s<>"]+)((?:;[^\s<>"]*)?)$/i.exec(text);
  if (uri) {
    const [, scheme, user, host, params] = uri;
    return isSipUser(user!) && isHostPort(host!)
      ? `${scheme!.toLowerCase()}:${user}@${host}${params}`
      : undefined;
  }
  const at = text.indexOf('@');
  if (at >= 0) {
    const user = text.slice(0, at);
    const host = text.slice(at + 1);
    return isSipUser(user) && isHostPort(host) ? `sip:${user}@${host}` : undefined;
  }
  if (PHONE_LIKE.test(text)) return text.replace(/[\s\-().]/g, '');
  return isSipUser(text) ? text : undefined;
}

/** A target of parseSipTarget that is a whole URI already (not a user at our domain). */
export function isSipUri(target: string): boolean {
  return /^sips?:/i.test(target);
}
