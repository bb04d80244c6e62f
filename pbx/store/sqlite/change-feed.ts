import type BetterSqlite3 from 'better-sqlite3';
import {
  Listeners,
  type Change,
  type ChangeData,
  type ChangeEntity,
  type ChangeFeed,
} from '../changes';
import type { Db } from '../sql/context';

/** How long change-log rows are kept, and how often (in polls) older ones are deleted. */
const KEEP_CHANGES_MS = 3_600_000;
const PRUNE_EVERY_TICKS = 10_000;

/**
 * SQLite's change stream: every write adds rows to `change_log` in its own transaction; a
 * server reads the rows after the last one it saw whenever its own connection has committed,
 * or SQLite's `data_version` says another connection has (polled every `pollMs`: a PRAGMA, a
 * few microseconds). Ids grow in commit order, since SQLite has one writer at a time.
 */
export class SqliteChangeFeed implements ChangeFeed {
  private readonly listeners = new Listeners();
  private last = 0;
  private version = 0;
  private timer?: NodeJS.Timeout;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    readonly origin: string,
    private readonly raw: BetterSqlite3.Database,
    private readonly db: Db,
    private readonly pollMs: number,
  ) {}

  subscribe(listener: (changes: Change[]) => void): () => void {
    return this.listeners.add(
      listener,
      () => this.start(),
      () => this.stop(),
    );
  }

  sync(): Promise<void> {
    return this.read();
  }

  /** This process committed: read what it wrote, for its own listeners. */
  committed(): void {
    if (this.listeners.size > 0) void this.read();
  }

  private start(): void {
    const row = this.raw.prepare('SELECT max(id) AS id FROM change_log').get() as {
      id: number | null;
    };
    this.last = row.id ?? 0;
    const version = this.raw.prepare('PRAGMA data_version').pluck();
    this.version = version.get() as number;
    let ticks = 0;
    this.timer = setInterval(() => {
      if (!this.raw.open) return;
      if (ticks++ % PRUNE_EVERY_TICKS === 0) this.prune();
      const now = version.get() as number;
      if (now === this.version) return;
      this.version = now;
      void this.read();
    }, this.pollMs);
    this.timer.unref();
  }

  /** Rows every listener has long read; a server starting later loads everything anyway. */
  private prune(): void {
    this.raw.prepare('DELETE FROM change_log WHERE at < ?').run(Date.now() - KEEP_CHANGES_MS);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One read at a time, in order, so listeners see the log in its order. */
  private read(): Promise<void> {
    const next = this.reading.then(async () => {
      if (this.listeners.size === 0 || !this.raw.open) return;
      const rows = await this.db
        .selectFrom('change_log')
        .selectAll()
        .where('id', '>', this.last)
        .orderBy('id')
        .execute();
      if (rows.length === 0) return;
      this.last = rows[rows.length - 1]!.id;
      this.listeners.deliver(
        rows.map((r) => ({
          entity: r.entity as ChangeEntity,
          companyId: r.company_id,
          key: r.key,
          origin: r.origin,
          ...(r.data === null ? {} : { data: JSON.parse(r.data) as ChangeData }),
        })),
      );
    });
    // A failed read (the database closing) must not stop the reads after it.
    this.reading = next.catch(() => undefined);
    return next;
  }
}
