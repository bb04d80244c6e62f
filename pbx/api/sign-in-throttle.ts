import { setTimeout as sleep } from 'node:timers/promises';
import { FailurePenalty, type FailurePenaltyOptions } from '../auth/penalty';
import type { Logger } from '../log';
import type { Store } from '../store';

/** An account a sign-in names: its label (`admin a@example.com`) and company, when it exists. */
export interface SignInAccount {
  label: string;
  companyId?: number;
}

const RE_AUDIT_MS = 10 * 60_000;
const MAX_REMEMBERED = 100_000;

/**
 * Failed API sign-ins (issue 20, SPEC §3 Accounts): the SIP side's FailurePenalty counts them
 * per (account, address) pair and per address across accounts, and the answer to a failed
 * sign-in is held back by its delay (up to 5 s); a correct password is never refused. When an
 * address starts being slowed, or slowed more, the audit log of each company whose accounts it
 * failed for says so in words: the address and those accounts (never another company's).
 */
export class SignInThrottle {
  private readonly penalty: FailurePenalty;
  private readonly now: () => number;
  /** The company of each account label seen failing (for the audit entry's account list). */
  private readonly companyOf = new Map<string, number | undefined>();
  /** By `company \n address`: the delay last written to that company's audit log, and when. */
  private readonly audited = new Map<string, { delayMs: number; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly log: Logger | undefined,
    options: FailurePenaltyOptions = {},
  ) {
    this.penalty = new FailurePenalty(options);
    this.now = options.now ?? Date.now;
  }

  /** Counts a failure, records throttling, then waits out the penalty before the answer. */
  async failed(account: SignInAccount, address: string): Promise<void> {
    this.penalty.failed(account.label, address);
    remember(this.companyOf, account.label, account.companyId);
    const delayMs = this.penalty.delayMs(account.label, address);
    if (delayMs === 0) return;
    await this.record(account, address, delayMs).catch((err: unknown) =>
      this.log?.warn({ err }, 'sign-in throttling not written to the audit log'),
    );
    await sleep(delayMs);
  }

  /** Whether the address failed a sign-in in the window: its sign-ins wait behind the others. */
  isSuspect(address: string): boolean {
    return this.penalty.hasFailed(address);
  }

  /** A correct password: the pair's failures are forgotten. */
  succeeded(account: SignInAccount, address: string): void {
    this.penalty.succeeded(account.label, address);
  }

  /** Logs and audits an address being slowed: when it starts or grows, else every 10 minutes. */
  private async record(account: SignInAccount, address: string, delayMs: number): Promise<void> {
    const companyId = account.companyId;
    const key = `${companyId ?? '-'}\n${address}`;
    const last = this.audited.get(key);
    const now = this.now();
    if (last && last.delayMs >= delayMs && now - last.at < RE_AUDIT_MS) return;
    remember(this.audited, key, { delayMs, at: now });
    const accounts = this.penalty.accountsOf(address);
    this.log?.warn(
      {
        event: 'auth.throttled',
        address,
        account: account.label,
        accounts: accounts.length,
        delayMs,
      },
      'failed sign-ins from this address are slowed',
    );
    if (companyId === undefined) return;
    const ours = accounts.filter((label) => this.companyOf.get(label) === companyId);
    const others = accounts.length - ours.length;
    const elsewhere = others > 0 ? `, and ${others} of other companies or unknown` : '';
    await this.store.forCompany(companyId).audit.append({
      actor: address,
      action: 'sign-in.throttled',
      target: account.label,
      before: null,
      after:
        `failed sign-ins from ${address} for ${ours.join(', ')}${elsewhere}: ` +
        `each failed answer to this address is now held back ${seconds(delayMs)}; a correct password is still accepted at once`,
      at: now,
    });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} s`;
}

/** Sets a key as the most recent, forgetting the oldest past MAX_REMEMBERED. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value!);
}
