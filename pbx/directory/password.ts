import { randomBytes } from 'node:crypto';

/** Letters and digits without the look-alikes 0/O/o, 1/l/I: safe in URLs and when read aloud. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
/** Bytes at or above this would bias the alphabet's first letters, so they are dropped. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/** A random password (default 20 characters, about 116 bits) for a SIP number or an admin. */
export function generatePassword(length = 20): string {
  if (length < 16) throw new RangeError('a generated password has at least 16 characters');
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT) out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}
