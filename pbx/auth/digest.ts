import { hash, timingSafeEqual } from 'node:crypto';

/** The digest algorithms the PBX verifies (RFC 7616 §3.2, RFC 8760 for SIP); no `-sess`. */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

/** One call, no Hash object: a third of createHash's cost, twice per authenticated request. */
function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return hash(algorithm === 'MD5' ? 'md5' : 'sha256', text, 'hex');
}

export interface DigestAnswer {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  algorithm?: string;
}

/**
 * The algorithm an answer names (absent means MD5, RFC 7616 §3.4), or undefined for one the
 * PBX does not offer (`MD5-sess`, `SHA-512-256`, ...): such an answer gets a fresh challenge.
 */
export function answerAlgorithm(answer: DigestAnswer): DigestAlgorithm | undefined {
  const name = (answer.algorithm ?? 'MD5').toUpperCase();
  return name === 'MD5' || name === 'SHA-256' ? name : undefined;
}

/** The response a client with this HA1 must send (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1). */
export function expectedDigestResponse(
  ha1: string,
  method: string,
  answer: DigestAnswer,
  algorithm: DigestAlgorithm = 'MD5',
): string {
  const ha2 = digestHash(algorithm, `${method}:${answer.uri}`);
  if (answer.qop === 'auth') {
    return digestHash(
      algorithm,
      `${ha1}:${answer.nonce}:${answer.nc}:${answer.cnonce}:auth:${ha2}`,
    );
  }
  return digestHash(algorithm, `${ha1}:${answer.nonce}:${ha2}`);
}

/** Compares a response with the expected one in constant time (both are lower-case hex). */
export function responsesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(given.toLowerCase(), 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads digest credentials from parsed auth params; undefined when a field is missing. */
export function toDigestAnswer(params: Record<string, string>): DigestAnswer | undefined {
  const { username, realm, nonce, uri, response } = params;
  if (!username || realm === undefined || !nonce || !uri || !response) return undefined;
  const badCount = params.nc !== undefined && !/^[0-9a-fA-F]{8}$/.test(params.nc);
  if (
    params.qop !== undefined &&
    (params.qop !== 'auth' || !params.nc || badCount || !params.cnonce)
  ) {
    return undefined;
  }
  return {
    username,
    realm,
    nonce,
    uri,
    response,
    qop: params.qop,
    nc: params.nc,
    cnonce: params.cnonce,
    algorithm: params.algorithm,
  };
}
