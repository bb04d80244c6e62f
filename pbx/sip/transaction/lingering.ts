/**
 * Server transactions with nothing left to decide: a non-INVITE in Completed waiting out
 * Timer J, an INVITE in Confirmed waiting out Timer I (RFC 3261 §17.2). All they still do is
 * absorb retransmissions of their request, answering with the final response again. They are
 * kept here as little as that needs: the flow, and the final response as a one-byte string.
 *
 * Why: a registration burst leaves every REGISTER and its challenge in Completed for 32 s on
 * UDP. As full transaction objects, each with its own timers and the final response in a
 * pooled Buffer, 20,000 of them took 40 MB and left the heap and malloc fragmented long after
 * they ended. One queue per duration expires entries in arrival order, with one timer each.
 */
import { parseMessage } from '../parser';
import { withWire } from '../serializer';
import type { Flow } from '../transport/flow';

interface Lingering {
  readonly key: string;
  readonly flow: Flow;
  /** The final response's bytes (latin1 keeps every byte), or undefined: absorb silently. */
  readonly wire: string | undefined;
  /** Date.now() at which the transaction terminates. */
  readonly until: number;
}

export class LingeringTransactions {
  private readonly byKey = new Map<string, Lingering>();
  /** By duration: entries of one duration expire in the order they came. */
  private readonly queues = new Map<number, ExpiryQueue>();

  get size(): number {
    return this.byKey.size;
  }

  /** Keeps `key` matched for `ms`, answering its retransmissions with `finalResponse`. */
  add(key: string, flow: Flow, finalResponse: Buffer | undefined, ms: number): void {
    const entry: Lingering = {
      key,
      flow,
      wire: finalResponse?.toString('latin1'),
      until: Date.now() + ms,
    };
    this.byKey.set(key, entry);
    let queue = this.queues.get(ms);
    if (!queue) {
      queue = new ExpiryQueue((expired) => {
        if (this.byKey.get(expired.key) === expired) this.byKey.delete(expired.key);
      });
      this.queues.set(ms, queue);
    }
    queue.push(entry);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /**
   * A request retransmission that matched `key`: the final response goes out again (if there
   * is one). False when nothing lingers under that key.
   */
  absorb(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    if (entry.wire !== undefined) {
      const bytes = Buffer.from(entry.wire, 'latin1');
      entry.flow.send(withWire(parseMessage(bytes), bytes));
    }
    return true;
  }

  /** Forgets everything and stops the timers (server shutdown). */
  close(): void {
    for (const queue of this.queues.values()) queue.close();
    this.queues.clear();
    this.byKey.clear();
  }
}

/** A FIFO of entries sharing one duration, with a timer armed for the oldest. */
class ExpiryQueue {
  private entries: Lingering[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly expire: (entry: Lingering) => void) {}

  push(entry: Lingering): void {
    this.entries.push(entry);
    if (this.timer === undefined) this.arm();
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.entries = [];
    this.head = 0;
  }

  private arm(): void {
    const next = this.entries[this.head];
    if (!next) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.until - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    const now = Date.now();
    let next = this.entries[this.head];
    while (next && next.until <= now) {
      this.expire(next);
      this.head++;
      next = this.entries[this.head];
    }
    // Drop the expired prefix once it is the larger part, so the array does not only grow.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    } else if (next === undefined) {
      this.entries = [];
      this.head = 0;
    }
    this.arm();
  }
}
