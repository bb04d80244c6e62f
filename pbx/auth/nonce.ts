import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type NonceCheck = 'valid' | 'stale' | 'invalid';

/**
 * Self-validating digest nonces: `time.random.mac`, where mac = HMAC(secret, time.random).
 * Nothing is stored until a nonce is used; the nonce-count seen per nonce is kept only to
 * refuse replays (RFC 7616 §3.3), and forgotten when the nonce expires.
 */
export class NonceManager {
  private readonly secret = randomBytes(32);
  private readonly lastCount = new Map<string, { nc: number; expiresAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly lifetimeMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const body = `${this.now().toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  check(nonce: string): NonceCheck {
    const parts = nonce.split('.');
    if (parts.length !== 3) return 'invalid';
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(parts[2] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    const issuedAt = parseInt(parts[0] ?? '', 36);
    return this.now() - issuedAt > this.lifetimeMs ? 'stale' : 'valid';
  }

  /** Records a nonce-count; false when it is not higher than one already seen (a replay). */
  acceptCount(nonce: string, nc: number): boolean {
    const now = this.now();
    this.sweep(now);
    const seen = this.lastCount.get(nonce);
    if (seen && nc <= seen.nc) return false;
    this.lastCount.set(nonce, { nc, expiresAt: now + this.lifetimeMs });
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [nonce, entry] of this.lastCount)
      if (entry.expiresAt < now) this.lastCount.delete(nonce);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }
}
