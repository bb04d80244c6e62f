import type { Directory } from '../directory';

const MINUTE_MS = 60_000;

/**
 * The operator's quota of API requests per minute per company, counted in memory per node
 * (fixed one-minute windows): a company's scripts cannot starve the others' Admin tabs.
 */
export class ApiRateLimiter {
  private readonly windows = new Map<number, { start: number; count: number }>();

  constructor(
    private readonly directory: Pick<Directory, 'companies'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; the seconds to wait when the company is over its quota, else 0. */
  take(companyId: number): number {
    const max = this.directory.companies.get(companyId)?.quotas.maxApiRequestsPerMinute;
    if (max === null || max === undefined) return 0;
    const now = this.now();
    let window = this.windows.get(companyId);
    if (!window || now - window.start >= MINUTE_MS) {
      window = { start: now, count: 0 };
      this.windows.set(companyId, window);
    }
    if (window.count >= max) return Math.ceil((window.start + MINUTE_MS - now) / 1000);
    window.count++;
    return 0;
  }
}
