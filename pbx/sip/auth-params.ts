/** Digest challenges and credentials (RFC 3261 §22, §25.1; RFC 2617). */
import { dictionary, type Dictionary } from './dictionary';
import { isToken, quote, readQuoted, readToken, skipWs, BARE_VALUE } from './lexer';
import { SipParseError } from './parse-error';

/** A Digest challenge or credentials: names lower-cased, values unquoted. */
export interface Challenge {
  scheme: string;
  params: Dictionary<string>;
}

/** `Digest name=value, name="value", ...` (RFC 3261 §25.1, RFC 2617); throws "Bad Auth Header". */
export function parseAuthParams(value: string): Challenge {
  const reason = 'Bad Auth Header';
  let i = skipWs(value, 0);
  const end = readToken(value, i);
  if (end === i) throw new SipParseError(reason);
  const challenge: Challenge = { scheme: value.slice(i, end), params: dictionary() };
  i = skipWs(value, end);
  if (i < value.length && i === end) throw new SipParseError(reason);
  while (i < value.length) {
    const nameEnd = readToken(value, i);
    if (nameEnd === i) throw new SipParseError(reason);
    const name = value.slice(i, nameEnd).toLowerCase();
    i = skipWs(value, nameEnd);
    if (value.charCodeAt(i) !== 61 /* = */) throw new SipParseError(reason);
    i = skipWs(value, i + 1);
    if (value.charCodeAt(i) === 34) {
      const [v, next] = readQuoted(value, i, reason);
      challenge.params[name] = v;
      i = next;
    } else {
      const vEnd = readToken(value, i, BARE_VALUE);
      if (vEnd === i) throw new SipParseError(reason);
      challenge.params[name] = value.slice(i, vEnd);
      i = vEnd;
    }
    i = skipWs(value, i);
    if (i < value.length) {
      if (value.charCodeAt(i) !== 44 /* , */) throw new SipParseError(reason);
      i = skipWs(value, i + 1);
    }
  }
  return challenge;
}

/** WWW-/Proxy-Authenticate challenge, or Authorization/Proxy-Authorization credentials. */
export type AuthParamsKind = 'challenge' | 'credentials';

/**
 * Formats a challenge or credentials, quoting every value except algorithm, nc, stale and,
 * in credentials, qop (RFC 3261 §25.1). The kind defaults to credentials when a response
 * param is present.
 */
export function formatAuthParams(c: Challenge, kind?: AuthParamsKind): string {
  const credentials =
    (kind ?? ('response' in c.params ? 'credentials' : 'challenge')) === 'credentials';
  const parts: string[] = [];
  for (const name in c.params) {
    const value = c.params[name]!;
    const bare =
      name === 'algorithm' || name === 'nc' || name === 'stale' || (credentials && name === 'qop');
    parts.push(`${name}=${bare && isToken(value) ? value : quote(value)}`);
  }
  return parts.length ? `${c.scheme} ${parts.join(', ')}` : c.scheme;
}
