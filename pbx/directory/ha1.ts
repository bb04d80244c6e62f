import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 2617 §3.2.2.2 HA1 = MD5(user:realm:password), hex: all the registrar keeps of a password. */
export function computeHa1(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`, 'utf8').digest('hex');
}

/** RFC 7616 §3.4.2 HA1 with SHA-256 = SHA-256(user:realm:password), hex (RFC 8760 for SIP). */
export function computeHa1Sha256(user: string, realm: string, password: string): string {
  return createHash('sha256').update(`${user}:${realm}:${password}`, 'utf8').digest('hex');
}

/**
 * True when `password` is the one `ha1` (MD5, hex) was made of for `user`, compared in constant
 * time; an absent HA1 costs the same and is false.
 */
export function ha1Matches(
  ha1: string | undefined,
  user: string,
  realm: string,
  password: string,
): boolean {
  const expected = Buffer.from(ha1 ?? '0'.repeat(32), 'hex');
  const actual = Buffer.from(computeHa1(user, realm, password), 'hex');
  return (
    ha1 !== undefined && expected.length === actual.length && timingSafeEqual(expected, actual)
  );
}
