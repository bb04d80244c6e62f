/**
 * Paces what connections that never authenticated may send (issue 20, the WebSocket flood): a
 * token bucket per connection and one shared by all of them. A connection past either is not
 * read until both refill (its socket or WebSocket paused), so TCP's flow control slows the
 * sender; the messages already read past the budget (a chunk holds hundreds) are dropped
 * unparsed and counted. An honest phone sends two messages before it authenticates, far below
 * the budget. A connection that authenticated is never paced.
 */
/** What can stop reading: a socket, or a WebSocket (whose own flow control respects it). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export interface PacingLimits {
  /** Messages a second one connection that never authenticated may send (twice that at once). */
  untrustedMessagesPerSecond: number;
  /** Messages a second all such connections together may send (twice that at once). */
  untrustedMessagesPerSecondTotal: number;
}

/** A token bucket: `rate` a second, holding at most two seconds' worth. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = 2 * rate;
    this.last = now;
  }

  /** Takes one token; false when there is none (then nothing is taken). */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  private refill(now: number): void {
    this.tokens = Math.min(2 * this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}

/** The pacing of one connection: `admit` for each message it sent. */
export class ConnectionPacer {
  private readonly own: TokenBucket;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly shared: TokenBucket,
    rate: number,
    private readonly now: () => number,
    private readonly onPaused: () => void,
  ) {
    this.own = new TokenBucket(rate, now());
  }

  /**
   * True when the message may be handled. Past a budget the reader is paused until both buckets
   * have a token, and until then every message is refused (false: dropped unparsed).
   */
  admit(reader: Pausable): boolean {
    if (this.timer) return false;
    const at = this.now();
    if (this.own.waitMs(at) === 0 && this.shared.waitMs(at) === 0) {
      this.own.take(at);
      this.shared.take(at);
      return true;
    }
    reader.pause();
    this.onPaused();
    const resume = () => {
      const wait = Math.max(this.own.waitMs(this.now()), this.shared.waitMs(this.now()));
      if (wait > 0) {
        this.timer = setTimeout(resume, wait);
        return;
      }
      this.timer = undefined;
      reader.resume();
    };
    this.timer = setTimeout(resume, Math.max(this.own.waitMs(at), this.shared.waitMs(at), 1));
    return false;
  }

  /** The connection authenticated or closed: no more pacing. */
  release(reader: Pausable): void {
    clearTimeout(this.timer);
    if (this.timer) reader.resume();
    this.timer = undefined;
  }
}
