import { availableParallelism } from 'node:os';

export interface SignInQueueOptions {
  /** Password hashes computed at once (each scrypt takes a libuv thread and 32 MiB). */
  concurrency?: number;
  /** Sign-ins waiting in all; past it a sign-in is refused with a wait. */
  maxQueued?: number;
  /** Sign-ins one address may have waiting (default a quarter of `maxQueued`). */
  maxQueuedPerAddress?: number;
  now?: () => number;
}

/** Half the cores, at least one: the other half stays with the SIP thread. */
export const DEFAULT_SIGN_IN_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));
export const DEFAULT_SIGN_IN_QUEUE = 64;

/** The queue is full: try again after `retryAfterSeconds`. */
export class SignInQueueFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many sign-ins are waiting');
  }
}

interface Waiting {
  start(): void;
}

/**
 * The bounded, fair queue every password hash of a sign-in passes through (issue 20): at most
 * `concurrency` hashes run at once, so a flood of sign-ins cannot take libuv's thread pool and
 * the CPU from the SIP thread; waiting sign-ins are taken round-robin by source address, so an
 * address with a hundred sign-ins waiting delays another address's one by one turn at most.
 */
export class SignInQueue {
  readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly maxPerAddress: number;
  private readonly now: () => number;
  /** Per address, its sign-ins in arrival order; addresses in turn order. */
  private readonly waiting = new Map<string, Waiting[]>();
  private queued = 0;
  private running = 0;
  /** A moving average of one job's duration, for Retry-After. */
  private averageMs = 100;

  constructor(options: SignInQueueOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_SIGN_IN_CONCURRENCY);
    this.maxQueued = Math.max(1, options.maxQueued ?? DEFAULT_SIGN_IN_QUEUE);
    this.maxPerAddress = Math.max(1, options.maxQueuedPerAddress ?? Math.ceil(this.maxQueued / 4));
    this.now = options.now ?? Date.now;
  }

  /** Runs `job` in turn; throws SignInQueueFull at once when there is no room to wait. */
  async run<T>(address: string, job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await this.wait(address);
    else this.running++;
    const started = this.now();
    try {
      return await job();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (this.now() - started);
      this.next();
    }
  }

  /** Sign-ins waiting and running (tests, logs). */
  get load(): { queued: number; running: number } {
    return { queued: this.queued, running: this.running };
  }

  private wait(address: string): Promise<void> {
    const mine = this.waiting.get(address);
    if (this.queued >= this.maxQueued || (mine?.length ?? 0) >= this.maxPerAddress) {
      const turns = Math.ceil((this.queued + this.running) / this.concurrency);
      throw new SignInQueueFull(Math.max(1, Math.ceil((turns * this.averageMs) / 1000)));
    }
    return new Promise<void>((resolve) => {
      const list = mine ?? [];
      list.push({ start: resolve });
      if (!mine) this.waiting.set(address, list);
      this.queued++;
    });
  }

  /** A slot came free: the next address in turn gets it and goes to the back of the line. */
  private next(): void {
    const first = this.waiting.entries().next();
    if (first.done) {
      this.running--;
      return;
    }
    const [address, list] = first.value;
    const job = list.shift()!;
    this.waiting.delete(address);
    if (list.length > 0) this.waiting.set(address, list);
    this.queued--;
    job.start();
  }
}
