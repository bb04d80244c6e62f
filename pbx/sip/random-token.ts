import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * Random bytes as a URL-safe token, from a pool refilled by the CSPRNG 4 KiB at a time: branches,
 * tags and nonces are needed several times per request, and one OpenSSL call each was a
 * measurable share of the PBX's time under load.
 */
export function randomToken(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + bytes);
  offset += bytes;
  return token;
}

/** A token of letters, digits and `x` only, safe in a URI user part, a tag and a Call-ID. */
export const plainToken = (bytes: number): string => randomToken(bytes).replace(/[-_]/g, 'x');
