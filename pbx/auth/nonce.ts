import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ownString } from '../sip/own-string';
import { randomToken } from '../sip/random-token';

export type NonceCheck = 'valid' | 'stale' | 'invalid';

/**
 * Self-validating digest nonces: `time.random.mac`, where mac = NMAC(keys, time.random), the
 * keyed construction HMAC is built on: SHA-256(outer key + SHA-256(inner key + body)).
 * Nothing is stored until a nonce is used; the nonce-count seen per nonce is kept to refuse
 * replays (RFC 7616 §3.3) in a table of bounded size.
 */
export class NonceManager {
  // Two independent 256-bit keys as text, since crypto.hash takes one string per call.
  private readonly innerKey = randomBytes(32).toString('base64');
  private readonly outerKey = randomBytes(32).toString('base64');
  /** Highest nonce-count per used nonce, least recently used first. */
  private readonly lastCount = new Map<string, number>();
  /** Nonces issued up to this time are no longer tracked, so they are refused. */
  private forgottenBefore = 0;

  constructor(
    private readonly lifetimeMs = 300_000,
    private readonly now: () => number = Date.now,
    /** Bounds memory under a flood of registrations; a refused old nonce just gets a new one. */
    private readonly maxTracked = 50_000,
  ) {}

  issue(): string {
    const body = `${this.now().toString(36)}.${randomToken(9)}`;
    return `${body}.${this.mac(body)}`;
  }

  check(nonce: string): NonceCheck {
    const parts = nonce.split('.');
    if (parts.length !== 3) return 'invalid';
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(parts[2] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return this.now() - issuedAt(nonce) > this.lifetimeMs ? 'stale' : 'valid';
  }

  /**
   * Records a nonce-count; false when it is not higher than one already seen (a replay), or
   * when the nonce is older than what the bounded table still remembers.
   */
  acceptCount(nonce: string, nc: number): boolean {
    if (!Number.isSafeInteger(nc)) return false;
    const seen = this.lastCount.get(nonce);
    if (seen !== undefined) {
      if (nc <= seen) return false;
      this.lastCount.delete(nonce);
    } else if (issuedAt(nonce) <= this.forgottenBefore) {
      return false;
    }
    this.lastCount.set(ownString(nonce), nc);
    // Oldest first (Map keeps insertion order): forget the oldest, and refuse anything as old;
    // nonces past their lifetime are forgotten too (they are stale, so refused anyway).
    const expired = this.now() - this.lifetimeMs;
    for (const oldest of this.lastCount.keys()) {
      if (this.lastCount.size <= this.maxTracked && issuedAt(oldest) >= expired) break;
      this.lastCount.delete(oldest);
      this.forgottenBefore = Math.max(this.forgottenBefore, issuedAt(oldest));
    }
    return true;
  }

  /** Two crypto.hash calls cost half of one createHmac, which builds a native object per call. */
  private mac(body: string): string {
    const inner = hash('sha256', this.innerKey + body, 'base64');
    return hash('sha256', this.outerKey + inner, 'base64url').slice(0, 22);
  }
}

function issuedAt(nonce: string): number {
  return parseInt(nonce.slice(0, nonce.indexOf('.')), 36);
}
