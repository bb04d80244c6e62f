/**
 * Cuts a TCP/TLS byte stream into SIP messages by Content-Length (RFC 3261 §18.3), which is
 * required on streams, and recognises RFC 5626 §3.5.1 CRLFCRLF keep-alive pings.
 */
import { MAX_HEADER_SECTION } from './parser';

/** Largest body accepted on a stream without a `maxMessageBytes`; anything larger is an attack. */
export const MAX_STREAM_BODY = 1024 * 1024;

export interface StreamFramerOptions {
  /**
   * The most one message may take, header section and body: a longer header section or a larger
   * Content-Length fails the stream at once, before its bytes are waited for (the transport's
   * `maxMessageBytes`: a connection never buffers more).
   */
  maxMessageBytes?: number;
}

/** A buffer left this large once drained is let go: an idle connection keeps no memory. */
const KEEP_BUFFER_BYTES = 4096;

export interface StreamFramerCallbacks {
  /** One whole message (header section, blank line and exactly Content-Length body bytes). */
  onMessage(data: Buffer): void;
  /** A CRLFCRLF ping; the caller answers with a single CRLF pong. */
  onKeepAlive(): void;
  /** The stream cannot be framed any more; the caller closes the connection. */
  onError(reason: string): void;
}

const CR = 13;
const LF = 10;

export class StreamFramer {
  private buf = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** Where the search for the blank line resumes, so no byte is scanned twice. */
  private scanFrom = 0;
  private failed = false;
  /** Whole length of the message at `start` once its header section is read, else -1. */
  private pending = -1;

  private readonly maxHeader: number;
  private readonly maxMessage: number;

  constructor(
    private readonly callbacks: StreamFramerCallbacks,
    options: StreamFramerOptions = {},
  ) {
    this.maxHeader = Math.min(MAX_HEADER_SECTION, options.maxMessageBytes ?? Infinity);
    this.maxMessage = options.maxMessageBytes ?? Infinity;
  }

  /** Bytes held for a message not yet complete (0 between messages). */
  get buffered(): number {
    return this.end - this.start;
  }

  push(chunk: Buffer): void {
    if (this.failed || chunk.length === 0) return;
    this.append(chunk);
    this.drain();
    if (this.start === this.end && this.buf.length > KEEP_BUFFER_BYTES) {
      this.buf = Buffer.alloc(0);
      this.start = this.end = this.scanFrom = 0;
    }
  }

  private append(chunk: Buffer): void {
    const used = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      const needed = used + chunk.length;
      if (needed <= this.buf.length && this.start > 0) {
        this.buf.copy(this.buf, 0, this.start, this.end);
      } else {
        const next = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2, 4096));
        this.buf.copy(next, 0, this.start, this.end);
        this.buf = next;
      }
      this.scanFrom -= this.start;
      this.start = 0;
      this.end = used;
    }
    chunk.copy(this.buf, this.end);
    this.end += chunk.length;
  }

  private fail(reason: string): void {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    this.start = this.end = this.scanFrom = 0;
    this.pending = -1;
    this.callbacks.onError(reason);
  }

  private drain(): void {
    while (!this.failed && this.start < this.end) {
      if (this.pending >= 0) {
        if (this.end - this.start < this.pending) return;
        this.emit(this.start + this.pending);
        continue;
      }
      if (!this.skipCrlf()) return;
      if (this.start >= this.end) return;
      const from = Math.max(this.start, this.scanFrom - 3);
      const blank = this.buf.subarray(0, this.end).indexOf('\r\n\r\n', from, 'latin1');
      if (blank < 0) {
        this.scanFrom = this.end;
        if (this.end - this.start > this.maxHeader) this.fail(this.tooLong('Header Too Long'));
        return;
      }
      if (blank - this.start > this.maxHeader) return this.fail(this.tooLong('Header Too Long'));
      const length = contentLength(this.buf.toString('latin1', this.start, blank));
      if (typeof length === 'string') return this.fail(length);
      this.pending = blank + 4 + length - this.start;
      if (this.pending > this.maxMessage) return this.fail('Message Too Large');
    }
  }

  /** With a message limit, everything too long is one reason: the message is too large. */
  private tooLong(reason: string): string {
    return this.maxMessage === Infinity ? reason : 'Message Too Large';
  }

  private emit(total: number): void {
    const message = Buffer.from(this.buf.subarray(this.start, total));
    this.start = this.scanFrom = total;
    this.pending = -1;
    this.callbacks.onMessage(message);
  }

  /**
   * Consumes CRLFs at a message boundary: CRLFCRLF is a ping, a lone CRLF a pong or padding.
   * Returns false when the bytes so far could still become a ping (wait for more).
   */
  private skipCrlf(): boolean {
    const b = this.buf;
    while (this.start < this.end && b[this.start] === CR) {
      const avail = this.end - this.start;
      if (avail < 2) return false;
      if (b[this.start + 1] !== LF) return true;
      if (avail < 3) return false;
      if (b[this.start + 2] !== CR) {
        this.start += 2;
        continue;
      }
      if (avail < 4) return false;
      if (b[this.start + 3] !== LF) {
        this.start += 2;
        continue;
      }
      this.start += 4;
      this.callbacks.onKeepAlive();
      if (this.failed) return false;
    }
    if (this.scanFrom < this.start) this.scanFrom = this.start;
    return true;
  }
}

/** Content-Length (or compact "l") from a latin1 header section, or an error reason. */
function contentLength(head: string): number | string {
  let found: number | undefined;
  let i = head.indexOf('\n') + 1;
  while (i > 0 && i < head.length) {
    let nl = head.indexOf('\n', i);
    if (nl < 0) nl = head.length;
    const colon = head.indexOf(':', i);
    if (colon > i && colon < nl) {
      const name = head.slice(i, colon).trim().toLowerCase();
      if (name === 'content-length' || name === 'l') {
        const value = head.slice(colon + 1, nl).trim();
        if (!/^\d{1,9}$/.test(value)) return 'Bad Content-Length';
        const n = Number(value);
        if (found !== undefined && found !== n) return 'Bad Content-Length';
        found = n;
      }
    }
    i = nl + 1;
  }
  if (found === undefined) return 'Missing Content-Length';
  if (found > MAX_STREAM_BODY) return 'Content-Length Too Large';
  return found;
}
