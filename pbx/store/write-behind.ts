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
  /** Told of a batch that failed and of a write given up; never given the write's data. */
  onError?: (error: unknown, what: 'batch' | 'write') => void;
  /** A batch that fails is tried again after these pauses, then write by write. */
  retryMs?: readonly number[];
}

/**
 * The SIP path's writes (call records, audit) go here and reach the store in batches, one
 * transaction per batch, so a commit serves many calls and the SIP path never waits for the
 * database (DialogTracker batched call records every 20 ms; this is that, for every writer).
 * Writes run in the order they were queued, one batch at a time. A batch that fails (the
 * database unreachable) is tried again; then each write alone, and one that still fails is
 * given up and reported, so a bad write cannot hold the others back forever.
 */
export class WriteBehind implements WriteQueue {
  private queue: QueuedWrite[] = [];
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly batchMs: number;
  private readonly retryMs: readonly number[];

  constructor(
    private readonly store: Store,
    private readonly options: WriteBehindOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 20;
    this.retryMs = options.retryMs ?? [100, 1000];
  }

  /** Writes waiting for their batch. */
  get pending(): number {
    return this.queue.length;
  }

  enqueue(write: QueuedWrite): void {
    if (this.closed) return; // writes of calls the shutdown itself ended
    this.queue.push(write);
    if (this.batchMs === 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) this.running = this.running.then(() => this.write(batch));
    return this.running;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async write(batch: QueuedWrite[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.withTransaction(async (tx) => {
          for (const write of batch) await write(tx);
        });
        return;
      } catch (error) {
        this.options.onError?.(error, 'batch');
        const pause = this.retryMs[attempt];
        if (pause === undefined) break;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
    for (const write of batch) {
      try {
        await this.store.withTransaction(async (tx) => {
          await write(tx);
        });
      } catch (error) {
        this.options.onError?.(error, 'write');
      }
    }
  }
}
