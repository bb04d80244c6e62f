/**
 * Counts failed authentications per key (a SIP number, a source address) in a sliding
 * window; a key past the limit is blocked until its oldest failure leaves the window.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  isBlocked(key: string): boolean {
    return this.recent(key).length >= this.limit;
  }

  /** How long until the key is no longer blocked; 0 when it is not blocked. */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.limit) return 0;
    const oldestThatBlocks = list[list.length - this.limit] ?? 0;
    return Math.max(0, oldestThatBlocks + this.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
  }

  /** A success does not erase failures: guessing slowly between correct logins stays throttled. */
  private recent(key: string): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const cutoff = this.now() - this.windowMs;
    while (list.length > 0 && (list[0] ?? 0) <= cutoff) list.shift();
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
