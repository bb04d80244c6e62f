/**
 * Server transactions with nothing left to decide: a non-INVITE in Completed waiting out
 * Timer J, an INVITE in Confirmed waiting out Timer I (RFC 3261 §17.2) or in Accepted waiting
 * out Timer L (RFC 6026). All they still do is absorb retransmissions of their request,
 * answering with the final response again (Accepted: silently, and ACKs go on to the TU).
 * They are kept here as little as that needs: the flow, and where the final response's bytes
 * are.
 *
 * Why: a registration burst leaves every REGISTER and its challenge in Completed for 32 s on
 * UDP. As full transaction objects, each with its own timers, 20,000 of them took 40 MB; as
 * small strings of their own they still left the old generation full of holes between the
 * bindings registered at the same moment, which V8 does not compact on its own. Here one
 * queue per duration expires entries in arrival order with one timer, and the responses are
 * packed into large chunks (see WireChunks) that are freed whole.
 */
import { parseMessage } from '../parser';
import { ownString } from '../own-string';
import { withWire } from '../serializer';
import type { Flow } from '../transport/flow';

/** One object per entry, flat: under a burst there are tens of thousands. */
interface Lingering {
  readonly key: string;
  readonly flow: Flow;
  /** The chunk holding the final response's bytes, or undefined: absorb silently. */
  readonly chunk: Chunk | undefined;
  readonly offset: number;
  readonly length: number;
  /** Date.now() at which the transaction terminates. */
  readonly until: number;
  /** An INVITE in Accepted (RFC 6026): ACKs are the TU's, only INVITEs are absorbed. */
  readonly acksToTu: boolean;
}

export class LingeringTransactions {
  private readonly byKey = new Map<string, Lingering>();
  /** By duration: entries of one duration expire in the order they came. */
  private readonly queues = new Map<number, ExpiryQueue>();
  private readonly wires = new WireChunks();

  get size(): number {
    return this.byKey.size;
  }

  /** Keeps `key` matched for `ms`, answering its retransmissions with `finalResponse`. */
  add(
    key: string,
    flow: Flow,
    finalResponse: Buffer | undefined,
    ms: number,
    acksToTu = false,
  ): void {
    let queue = this.queues.get(ms);
    if (!queue) {
      queue = new ExpiryQueue((expired) => {
        if (expired.chunk) this.wires.release(expired.chunk);
        if (this.byKey.get(expired.key) === expired) this.byKey.delete(expired.key);
      });
      this.queues.set(ms, queue);
    }
    const wire = finalResponse ? this.wires.put(finalResponse) : undefined;
    const entry: Lingering = {
      // Its own flat copy: the key is built from slices of the request's Via header.
      key: ownString(key),
      flow,
      chunk: wire?.chunk,
      offset: wire?.offset ?? 0,
      length: wire?.length ?? 0,
      until: Date.now() + ms,
      acksToTu,
    };
    this.byKey.set(entry.key, entry);
    queue.push(entry);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /**
   * A request retransmission that matched `key`: the final response goes out again (if there
   * is one). False when nothing lingers under that key, or when an ACK is the TU's.
   */
  absorb(key: string, method: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry || (entry.acksToTu && method === 'ACK')) return false;
    if (entry.chunk) {
      const bytes = this.wires.get(entry.chunk, entry.offset, entry.length);
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

/** Chunks are sealed past 128 KB, V8's largest regular object: each becomes a large object. */
const CHUNK_BYTES = 256 * 1024;

interface Chunk {
  /** The sealed chunk's bytes as a one-byte string; undefined while it is still being filled. */
  text: string | undefined;
  /** Entries whose response is in this chunk and has not expired. */
  live: number;
}

interface WireRef {
  readonly chunk: Chunk;
  readonly offset: number;
  readonly length: number;
}

/**
 * Final responses, appended to a reused off-heap buffer; a full buffer is sealed
 * into one string of ~256 KB, which V8 allocates as a large object of its own, freed whole once
 * the last entry in it expired (each chunk counts its live entries).
 */
class WireChunks {
  private readonly filling = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  private current: Chunk = { text: undefined, live: 0 };

  put(bytes: Buffer): WireRef {
    if (bytes.length > CHUNK_BYTES) {
      return {
        chunk: { text: bytes.toString('latin1'), live: 1 },
        offset: 0,
        length: bytes.length,
      };
    }
    if (this.used + bytes.length > CHUNK_BYTES) this.seal();
    bytes.copy(this.filling, this.used);
    const ref = { chunk: this.current, offset: this.used, length: bytes.length };
    this.used += bytes.length;
    this.current.live++;
    return ref;
  }

  get(chunk: Chunk, offset: number, length: number): Buffer {
    return chunk.text === undefined
      ? Buffer.from(this.filling.subarray(offset, offset + length))
      : Buffer.from(chunk.text.slice(offset, offset + length), 'latin1');
  }

  release(chunk: Chunk): void {
    chunk.live--;
    if (chunk.live > 0) return;
    chunk.text = undefined;
    // Every response in the buffer being filled has expired: fill it from the start again.
    if (chunk === this.current) this.used = 0;
  }

  private seal(): void {
    this.current.text = this.filling.toString('latin1', 0, this.used);
    this.current = { text: undefined, live: 0 };
    this.used = 0;
  }
}
