import { storageProblemOf, type StorageHealth } from './health';
import type { Store } from './store';

/** One write the SIP path hands over: run later, inside a transaction of the queue's batch. */
export type QueuedWrite = (tx: Store) => Promise<unknown>;

/** What the SIP path writes through: it queues, and never awaits the database. */
export interface WriteQueue {
  enqueue(write: QueuedWrite): void;
  /** Resolves once everything queued before the call is committed (or given up). */
  flush(): Promise<void>;
  /** Flushes and stops taking writes: the PBX is stopping and the store closes next. */
  close(): Promise<void>;
}

export interface WriteBehindOptions {
  /** How long writes gather before one transaction takes them all (0: at once). */
  batchMs?: number;
  /**
   * Told of a batch that failed, of a write given up, and of writes dropped (the queue full
   * while the database could not write, or the PBX stopping before it could); never given
   * the write's data.
   */
  onError?: (error: unknown, what: 'batch' | 'write' | 'dropped') => void;
  /** A batch that fails is tried again after these pauses, then write by write. */
  retryMs?: readonly number[];
  /** Writes kept while the database cannot write (disk full); later ones are dropped. */
  maxPending?: number;
  /** How often writes kept for a storage problem are tried again. */
  storageRetryMs?: number;
  /** How long `close` waits for a database that cannot write before dropping what is left. */
  closeTimeoutMs?: number;
  /** Told of storage problems and of the first success after one. */
  health?: StorageHealth;
}

/** Default bound of writes kept in memory while the database cannot take them (~50 MB). */
export const DEFAULT_MAX_PENDING_WRITES = 100_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The SIP path's writes (call records, audit) go here and reach the store in batches, one
 * transaction per batch, so a commit serves many calls and the SIP path never waits for the
 * database (DialogTracker batched call records every 20 ms; this is that, for every writer).
 * Writes run in the order they were queued, one batch at a time.
 *
 * Two kinds of failure (issue 20 item 6): a storage problem (disk full, database gone:
 * `storageProblemOf`) keeps the batch, in order, and tries it again every `storageRetryMs`
 * for as long as it lasts, up to `maxPending` writes kept; any other failure is the write's
 * own, so the batch is tried again after `retryMs`, then each write alone, and one that still
 * fails is given up and reported, so a bad write cannot hold the others back forever.
 */
export class WriteBehind implements WriteQueue {
  private queue: QueuedWrite[] = [];
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  /** Set when `close` gave up waiting: the loops drop what they hold. */
  private abandoned = false;
  /** Writes handed to batches and not yet committed or given up. */
  private inFlight = 0;
  private droppedCount = 0;
  private readonly batchMs: number;
  private readonly retryMs: readonly number[];
  private readonly maxPending: number;
  private readonly storageRetryMs: number;

  constructor(
    private readonly store: Store,
    private readonly options: WriteBehindOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 20;
    this.retryMs = options.retryMs ?? [100, 1000];
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING_WRITES;
    this.storageRetryMs = options.storageRetryMs ?? 2000;
    if (options.health) options.health.queued = () => this.pending;
  }

  /** Writes waiting for the database: queued, or in a batch not yet committed. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Writes dropped because the queue was full or the PBX stopped first. */
  get dropped(): number {
    return this.droppedCount;
  }

  enqueue(write: QueuedWrite): void {
    if (this.closed) return; // writes of calls the shutdown itself ended
    if (this.pending >= this.maxPending) {
      this.drop(1, 'the write-behind queue is full');
      return;
    }
    this.queue.push(write);
    if (this.batchMs === 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      this.inFlight += batch.length;
      this.running = this.running.then(() => this.write(batch));
    }
    return this.running;
  }

  /** Flushes; a database that cannot write gets `closeTimeoutMs`, then what is left is dropped. */
  async close(): Promise<void> {
    const flushed = this.flush();
    this.closed = true;
    const timeout = this.options.closeTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, timeout, 'late')));
    if ((await Promise.race([flushed, late])) === 'late') {
      this.abandoned = true;
      await flushed;
    }
    clearTimeout(timer);
  }

  private drop(count: number, why: string): void {
    this.droppedCount += count;
    this.options.health?.dropped(count);
    this.options.onError?.(new Error(`${count} write(s) dropped: ${why}`), 'dropped');
  }

  /** Runs the writes in one transaction; a storage problem waits and tries again. */
  private async commit(writes: QueuedWrite[]): Promise<'done' | 'abandoned' | { failed: unknown }> {
    for (;;) {
      try {
        await this.store.withTransaction(async (tx) => {
          for (const write of writes) await write(tx);
        });
        this.options.health?.recovered();
        return 'done';
      } catch (error) {
        const problem = storageProblemOf(error);
        if (!problem) return { failed: error };
        this.options.health?.failed(problem, error);
        if (this.abandoned) return 'abandoned';
        await sleep(this.storageRetryMs);
        if (this.abandoned) return 'abandoned';
      }
    }
  }

  private async write(batch: QueuedWrite[]): Promise<void> {
    try {
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.commit(batch);
        if (outcome === 'done') return;
        if (outcome === 'abandoned') return this.drop(batch.length, 'the PBX stopped first');
        this.options.onError?.(outcome.failed, 'batch');
        const pause = this.retryMs[attempt];
        if (pause === undefined) break;
        await sleep(pause);
      }
      for (const [at, write] of batch.entries()) {
        const outcome = await this.commit([write]);
        if (outcome === 'abandoned') return this.drop(batch.length - at, 'the PBX stopped first');
        if (typeof outcome === 'object') this.options.onError?.(outcome.failed, 'write');
      }
    } finally {
      this.inFlight -= batch.length;
    }
  }
}
