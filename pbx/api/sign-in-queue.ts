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
  refuse(full: SignInQueueFull): void;
}

/** Which lane a sign-in waits in: `suspect` when its address has been failing for the account. */
export type SignInLane = 'clean' | 'suspect';

/**
 * The bounded, fair queue every password hash of a sign-in passes through (issue 20): at most
 * `concurrency` hashes run at once, so a flood of sign-ins cannot take libuv's thread pool and
 * the CPU from the SIP thread; waiting sign-ins are taken round-robin by source address, so an
 * address with a hundred sign-ins waiting delays another address's one by one turn at most.
 * Sign-ins from addresses that have been failing wait in a second lane, served only when the
 * clean lane is empty. When the queue is full, a newcomer takes the place of the newest
 * sign-in of the busiest suspect address, else (longest-queue drop) of the busiest address in
 * its own lane if that one has more waiting than the newcomer's would: a flood from many
 * addresses cannot keep an honest admin's one sign-in out, nor make it wait behind the flood.
 */
export class SignInQueue {
  readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly maxPerAddress: number;
  private readonly now: () => number;
  /** Per lane, per address, its sign-ins in arrival order; addresses in turn order. */
  private readonly lanes: Record<SignInLane, Map<string, Waiting[]>> = {
    clean: new Map(),
    suspect: new Map(),
  };
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
  async run<T>(address: string, job: () => Promise<T>, lane: SignInLane = 'clean'): Promise<T> {
    if (this.running >= this.concurrency) await this.wait(address, lane);
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

  private wait(address: string, lane: SignInLane): Promise<void> {
    const waiting = this.lanes[lane];
    const mine = waiting.get(address)?.length ?? 0;
    if (mine >= this.maxPerAddress) throw this.full();
    if (this.queued >= this.maxQueued && !this.makeRoom(lane, mine + 1)) throw this.full();
    return new Promise<void>((resolve, reject) => {
      const list = waiting.get(address) ?? [];
      list.push({ start: resolve, refuse: reject });
      waiting.set(address, list);
      this.queued++;
    });
  }

  /** Refuses one waiting sign-in to make room for a newcomer whose address would have `mine`. */
  private makeRoom(lane: SignInLane, mine: number): boolean {
    if (lane === 'clean' && this.dropFromBusiest(this.lanes.suspect, 0)) return true;
    return this.dropFromBusiest(this.lanes[lane], mine);
  }

  /** Refuses the newest sign-in of the address with the most waiting, if it has more than `than`. */
  private dropFromBusiest(waiting: Map<string, Waiting[]>, than: number): boolean {
    let busiest: [string, Waiting[]] | undefined;
    for (const entry of waiting) {
      if (entry[1].length > (busiest?.[1].length ?? than)) busiest = entry;
    }
    if (!busiest) return false;
    const [address, list] = busiest;
    list.pop()!.refuse(this.full());
    if (list.length === 0) waiting.delete(address);
    this.queued--;
    return true;
  }

  private full(): SignInQueueFull {
    const turns = Math.ceil((this.queued + this.running) / this.concurrency);
    return new SignInQueueFull(Math.max(1, Math.ceil((turns * this.averageMs) / 1000)));
  }

  /** A slot came free: the next address in turn gets it and goes to the back of the line. */
  private next(): void {
    const waiting = this.lanes.clean.size > 0 ? this.lanes.clean : this.lanes.suspect;
    const first = waiting.entries().next();
    if (first.done) {
      this.running--;
      return;
    }
    const [address, list] = first.value;
    const job = list.shift()!;
    waiting.delete(address);
    if (list.length > 0) waiting.set(address, list);
    this.queued--;
    job.start();
  }
}
