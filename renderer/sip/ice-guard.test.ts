import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guardIceGathering, isHostCandidate, type IceCandidateEvent } from './ice-guard';
import { realTimers } from './timers';

type Listener = (event: IceCandidateEvent) => void;

/** A session that only emits 'icecandidate', as JsSIP does while it gathers. */
function fakeSession() {
  const listeners = new Set<Listener>();
  return {
    on: (_event: 'icecandidate', listener: Listener) => listeners.add(listener),
    off: (_event: 'icecandidate', listener: Listener) => listeners.delete(listener),
    emit: (event: IceCandidateEvent) => listeners.forEach((listener) => listener(event)),
    get listenerCount() {
      return listeners.size;
    },
  };
}

const srflx = { type: 'srflx', candidate: 'candidate:1 1 udp 1 203.0.113.5 5000 typ srflx' };
const host = { type: 'host', candidate: 'candidate:2 1 udp 2 192.0.2.10 5000 typ host' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('guardIceGathering', () => {
  it('calls ready() at once for a host candidate', () => {
    const session = fakeSession();
    guardIceGathering(session, 500, realTimers);
    const ready = vi.fn();
    session.emit({ candidate: host, ready });
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('without a host candidate, calls ready() 500 ms after the first candidate', () => {
    const session = fakeSession();
    guardIceGathering(session, 500, realTimers);
    const ready = vi.fn();
    session.emit({ candidate: srflx, ready });
    vi.advanceTimersByTime(300);
    session.emit({ candidate: srflx, ready });
    vi.advanceTimersByTime(199);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('a host candidate after others ends the wait early and cancels the timer', () => {
    const session = fakeSession();
    guardIceGathering(session, 500, realTimers);
    const ready = vi.fn();
    session.emit({ candidate: srflx, ready });
    vi.advanceTimersByTime(100);
    session.emit({ candidate: host, ready });
    expect(ready).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('each offer/answer (a new ready function) gets its own deadline', () => {
    const session = fakeSession();
    guardIceGathering(session, 200, realTimers);
    const first = vi.fn();
    const second = vi.fn();
    session.emit({ candidate: srflx, ready: first });
    vi.advanceTimersByTime(200);
    expect(first).toHaveBeenCalledTimes(1);
    session.emit({ candidate: srflx, ready: second });
    vi.advanceTimersByTime(199);
    expect(second).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('the returned function removes the listener and the pending timer', () => {
    const session = fakeSession();
    const dispose = guardIceGathering(session, 500, realTimers);
    const ready = vi.fn();
    session.emit({ candidate: srflx, ready });
    dispose();
    expect(session.listenerCount).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(ready).not.toHaveBeenCalled();
  });
});

describe('isHostCandidate', () => {
  it('reads the type, or the candidate line when the type is missing', () => {
    expect(isHostCandidate(host)).toBe(true);
    expect(isHostCandidate(srflx)).toBe(false);
    expect(isHostCandidate({ candidate: 'candidate:1 1 udp 2 abc.local 5000 typ host' })).toBe(
      true,
    );
    expect(isHostCandidate({ candidate: 'candidate:1 1 udp 2 198.51.100.1 3478 typ relay' })).toBe(
      false,
    );
    expect(isHostCandidate(null)).toBe(false);
  });
});
