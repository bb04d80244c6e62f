/**
 * Slows those who fail authentication (SIP digest and API sign-in alike), and never stops anyone who answers correctly (SPEC §3
 * Accounts). Failures are counted per (account, source address) pair, so nobody else's failures
 * ever touch an account, and an office behind one NAT address is not punished for one phone with
 * an old password. An address that fails across many accounts (a scan) is slowed as a whole. What
 * is slowed is only the answer to a failed attempt: it is held back for `delayMs`, growing to
 * `maxDelayMs`, while a request without credentials is still challenged at once and a correct
 * answer is accepted at once.
 */
export interface FailurePenaltyOptions {
  /** Failures of one pair in the window before its answers are held back. */
  freePairFailures?: number;
  /** Accounts one address may fail for in the window before its failed answers are held back. */
  freeAccountsPerAddress?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Failures older than this are forgotten. */
  windowMs?: number;
  /** Pairs and addresses remembered at most (least recently failed forgotten first). */
  maxTracked?: number;
  now?: () => number;
}

interface PairFailures {
  count: number;
  last: number;
}

export const PENALTY_DEFAULTS = {
  freePairFailures: 3,
  freeAccountsPerAddress: 5,
  firstDelayMs: 250,
  maxDelayMs: 5000,
  windowMs: 15 * 60_000,
  maxTracked: 100_000,
} as const;

export class FailurePenalty {
  private readonly settings: Required<Omit<FailurePenaltyOptions, 'now'>>;
  private readonly now: () => number;
  /** By `address \n account`, least recently failed first. */
  private readonly pairs = new Map<string, PairFailures>();
  /** Per address, the accounts it failed for and when, least recently failed first. */
  private readonly addresses = new Map<string, Map<string, number>>();

  constructor(options: FailurePenaltyOptions = {}) {
    const { now, ...rest } = options;
    this.settings = { ...PENALTY_DEFAULTS, ...rest };
    this.now = now ?? Date.now;
  }

  /** A wrong answer from `address` for `account`. */
  failed(account: string, address: string): void {
    const now = this.now();
    const key = pairKey(account, address);
    const pair = this.livePair(key, now);
    this.pairs.delete(key);
    this.pairs.set(key, { count: (pair?.count ?? 0) + 1, last: now });
    const accounts = this.liveAccounts(address, now) ?? new Map<string, number>();
    accounts.delete(account);
    accounts.set(account, now);
    this.addresses.delete(address);
    this.addresses.set(address, accounts);
    this.bound(accounts);
  }

  /** A correct answer: the pair's failures are forgotten (a mistyped password, then the right one). */
  succeeded(account: string, address: string): void {
    this.pairs.delete(pairKey(account, address));
  }

  /** How long to hold back the answer to a failed attempt of this pair (0: answer at once). */
  delayMs(account: string, address: string): number {
    const now = this.now();
    const s = this.settings;
    const pairOver =
      (this.livePair(pairKey(account, address), now)?.count ?? 0) - s.freePairFailures;
    const spread = this.liveAccounts(address, now)?.size ?? 0;
    const over = Math.max(pairOver, spread - s.freeAccountsPerAddress);
    if (over <= 0) return 0;
    return Math.min(s.maxDelayMs, s.firstDelayMs * 2 ** Math.min(over - 1, 30));
  }

  /** Whether `address` failed for any account in the window. */
  hasFailed(address: string): boolean {
    return this.liveAccounts(address, this.now()) !== undefined;
  }

  /** The accounts `address` failed for in the window, least recently failed first. */
  accountsOf(address: string): string[] {
    return [...(this.liveAccounts(address, this.now())?.keys() ?? [])];
  }

  /** How many pairs and addresses are remembered (tests; bounded by `maxTracked`). */
  get tracked(): { pairs: number; addresses: number } {
    return { pairs: this.pairs.size, addresses: this.addresses.size };
  }

  private livePair(key: string, now: number): PairFailures | undefined {
    const pair = this.pairs.get(key);
    if (pair && now - pair.last >= this.settings.windowMs) {
      this.pairs.delete(key);
      return undefined;
    }
    return pair;
  }

  private liveAccounts(address: string, now: number): Map<string, number> | undefined {
    const accounts = this.addresses.get(address);
    if (!accounts) return undefined;
    const cutoff = now - this.settings.windowMs;
    for (const [account, at] of accounts) {
      if (at > cutoff) break;
      accounts.delete(account);
    }
    if (accounts.size > 0) return accounts;
    this.addresses.delete(address);
    return undefined;
  }

  /** Forgets the least recently failed entries past `maxTracked`: memory stays bounded. */
  private bound(accounts: Map<string, number>): void {
    const max = this.settings.maxTracked;
    for (const key of this.pairs.keys()) {
      if (this.pairs.size <= max) break;
      this.pairs.delete(key);
    }
    for (const address of this.addresses.keys()) {
      if (this.addresses.size <= max) break;
      this.addresses.delete(address);
    }
    for (const account of accounts.keys()) {
      if (accounts.size <= max) break;
      accounts.delete(account);
    }
  }
}

function pairKey(account: string, address: string): string {
  return `${address}\n${account}`;
}
