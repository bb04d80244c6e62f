import type { Received } from './wire';

interface Waiter {
  match: (message: Received) => boolean;
  resolve: (message: Received | undefined) => void;
  timer: NodeJS.Timeout;
}

/** Most messages an inbox keeps unclaimed (retransmissions, provisional responses). */
const KEEP = 64;

/**
 * What one party of a scenario receives: messages wait here until a step asks for one that
 * matches; a wait gives up after its time (no 32 s SIP timers in the fuzzer's path).
 */
export class Inbox {
  private readonly queue: Received[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  /**
   * `onStale` answers a request no step took within `staleMs` (a broken copy the PBX passed
   * on, a retransmission), so the PBX's transaction ends now rather than on its timers.
   */
  constructor(
    private readonly onStale?: (message: Received) => void,
    private readonly staleMs = 1000,
  ) {}

  deliver(message: Received): void {
    const at = this.waiters.findIndex((w) => w.match(message));
    if (at >= 0) {
      const [waiter] = this.waiters.splice(at, 1);
      clearTimeout(waiter!.timer);
      waiter!.resolve(message);
      return;
    }
    if (this.queue.push(message) > KEEP) this.queue.shift();
    if (this.onStale && message.request && message.method !== 'ACK') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const index = this.queue.indexOf(message);
        if (index < 0) return;
        this.queue.splice(index, 1);
        this.onStale!(message);
      }, this.staleMs);
      this.timers.add(timer);
    }
  }

  /**
   * The first message (already here or to come) that matches; undefined after `ms`, or once
   * `signal` aborts (a wait raced against another one that won).
   */
  wait(
    match: (message: Received) => boolean,
    ms: number,
    signal?: AbortSignal,
  ): Promise<Received | undefined> {
    const at = this.queue.findIndex(match);
    if (at >= 0) return Promise.resolve(this.queue.splice(at, 1)[0]);
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const give = () => {
        clearTimeout(waiter.timer);
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        match,
        resolve: (message) => {
          signal?.removeEventListener('abort', give);
          resolve(message);
        },
        timer: setTimeout(give, ms),
      };
      signal?.addEventListener('abort', give, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Returns a message taken by `wait` to the front of the queue. */
  putBack(message: Received): void {
    this.queue.unshift(message);
  }

  /** Removes and returns every queued message that matches (e.g. requests to answer). */
  take(match: (message: Received) => boolean): Received[] {
    const taken: Received[] = [];
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (match(this.queue[i]!)) taken.unshift(...this.queue.splice(i, 1));
    }
    return taken;
  }

  /** Ends every wait at once (the scenario is being torn down). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
    this.queue.length = 0;
  }
}
