import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionPacer, TokenBucket } from './untrusted-pacing';

afterEach(() => vi.useRealTimers());

function reader() {
  return {
    paused: false,
    pause: vi.fn(function (this: { paused: boolean }) {
      this.paused = true;
    }),
    resume: vi.fn(function (this: { paused: boolean }) {
      this.paused = false;
    }),
  };
}

describe('pacing connections that never authenticated', () => {
  it('a bucket gives two seconds’ worth at once, then its rate', () => {
    const bucket = new TokenBucket(10, 0);
    let taken = 0;
    while (bucket.take(0)) taken++;
    expect(taken).toBe(20);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('a connection past its budget is not read until it may send again', () => {
    vi.useFakeTimers({ now: 0 });
    const shared = new TokenBucket(1000, 0);
    let paused = 0;
    const pacer = new ConnectionPacer(
      shared,
      5,
      () => Date.now(),
      () => paused++,
    );
    const socket = reader();
    for (let i = 0; i < 10; i++) expect(pacer.admit(socket)).toBe(true);
    expect(socket.paused).toBe(false);
    expect(pacer.admit(socket)).toBe(false); // the 11th message within a second
    expect(socket.paused).toBe(true);
    expect(pacer.admit(socket)).toBe(false); // already read: dropped while paused
    expect(paused).toBe(1);
    vi.advanceTimersByTime(199);
    expect(socket.paused).toBe(true);
    vi.advanceTimersByTime(1);
    expect(socket.paused).toBe(false);
    expect(pacer.admit(socket)).toBe(true);
  });

  it('all of them together share one budget', () => {
    vi.useFakeTimers({ now: 0 });
    const shared = new TokenBucket(5, 0);
    const sockets = [reader(), reader(), reader()];
    const pacers = sockets.map(
      () =>
        new ConnectionPacer(
          shared,
          100,
          () => Date.now(),
          () => {},
        ),
    );
    for (let i = 0; i < 4; i++) pacers.forEach((pacer, n) => pacer.admit(sockets[n]!));
    expect(sockets.filter((s) => s.paused).length).toBeGreaterThan(0);
  });

  it('an authenticated connection is read again at once', () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new ConnectionPacer(
      new TokenBucket(1000, 0),
      1,
      () => Date.now(),
      () => {},
    );
    const socket = reader();
    for (let i = 0; i < 3; i++) pacer.admit(socket);
    expect(socket.paused).toBe(true);
    pacer.release(socket);
    expect(socket.paused).toBe(false);
  });
});
