/**
 * Whether the database takes writes now (issue 20 item 6). A full disk or a lost database is
 * a state the PBX lives through, not a crash: calls go on, their records wait in the
 * write-behind queue, the API refuses changes with 503, and the log says so once a minute.
 */

/** Why the database cannot write: its disk is full, or it is gone or broken otherwise. */
export type StorageProblem = 'disk-full' | 'unavailable';

/** SQLite's result codes and PostgreSQL's SQLSTATEs that mean "not now", not "not this write". */
const SQLITE_UNAVAILABLE = /^SQLITE_(IOERR|READONLY|BUSY|LOCKED|CANTOPEN|PROTOCOL|NOMEM)/;
const NODE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EIO']);

/**
 * The storage problem an error means, or undefined for an error of the write itself (a
 * constraint, a bug), which retrying would not cure.
 */
export function storageProblemOf(error: unknown): StorageProblem | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') return 'disk-full';
    if (SQLITE_UNAVAILABLE.test(code) || NODE_UNAVAILABLE.has(code)) return 'unavailable';
    // Insufficient resources, connection exceptions, shutdown, a read-only standby.
    if (/^(53|08|57P)/.test(code) || code === '25006') return 'unavailable';
  }
  const message = error instanceof Error ? error.message : '';
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return 'unavailable';
  }
  return undefined;
}

/** What the Admin tab and the log are told. */
export interface StorageState {
  problem: StorageProblem | null;
  /** When the problem began (epoch ms), null while writes work. */
  since: number | null;
  /** Call-record and binding writes waiting for the database. */
  queuedWrites: number;
}

export interface StorageLog {
  error(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** How often a lasting problem is logged again (with how many failures since). */
export const STORAGE_LOG_INTERVAL_MS = 60_000;

/**
 * The database's health as the PBX last saw it. Writers report each failure and success; the
 * log gets the first failure, then one line a minute while it lasts, and one when it ends.
 * The log's last word on the database is always true.
 */
export class StorageHealth {
  private problem: StorageProblem | null = null;
  private since: number | null = null;
  private failures = 0;
  private lastLogged = -Infinity;
  /** A problem line was logged and no "writes again" line since. */
  private announced = false;
  private droppedWrites = 0;
  /** Writes queued elsewhere (the write-behind queue tells its count). */
  queued: () => number = () => 0;

  constructor(
    private readonly log?: StorageLog,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): StorageState {
    return { problem: this.problem, since: this.since, queuedWrites: this.queued() };
  }

  get ok(): boolean {
    return this.problem === null;
  }

  /** A write failed for a storage problem (`storageProblemOf`); logs at most once a minute. */
  failed(problem: StorageProblem, error: unknown): void {
    const at = this.now();
    if (this.problem === null || this.problem !== problem) {
      this.problem = problem;
      this.since ??= at;
    }
    this.failures++;
    if (at - this.lastLogged < STORAGE_LOG_INTERVAL_MS) return;
    this.lastLogged = at;
    this.announced = true;
    const code = (error as { code?: unknown } | null)?.code;
    this.log?.error(
      {
        problem,
        code,
        failures: this.failures,
        queuedWrites: this.queued(),
        droppedWrites: this.droppedWrites,
      },
      problem === 'disk-full'
        ? 'the database cannot write: its disk is full. Call records wait in memory and are retried; API changes are refused with 503 until space returns'
        : 'the database cannot write. Call records wait in memory and are retried; API changes are refused with 503 until it can',
    );
    this.failures = 0;
  }

  /** Writes given up for lack of room in the queue: counted in the next line of the log. */
  dropped(count: number): void {
    this.droppedWrites += count;
  }

  /** A write succeeded: whatever the problem was, it is over. */
  recovered(): void {
    if (this.problem === null) return;
    const lasted = this.now() - (this.since ?? this.now());
    // A disk that flaps (a write fits, the next does not) logs at most two lines a minute.
    if (this.announced) {
      this.log?.info(
        { problem: this.problem, seconds: Math.round(lasted / 1000), queuedWrites: this.queued() },
        'the database writes again',
      );
    }
    this.announced = false;
    this.problem = null;
    this.since = null;
  }
}
