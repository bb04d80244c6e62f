import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribeApiEvents, type SocketLike } from './events';

/** A WebSocket stand-in: the test opens, speaks and closes it. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: string[] = [];
  closedWith?: number;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
  }
  open() {
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

const last = () => FakeSocket.all.at(-1)!;

describe('subscribeApiEvents', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const subscribe = (options = {}) => {
    const onEvent = vi.fn();
    const stop = subscribeApiEvents('https://pbx.example.com:8443', 'tok-1', onEvent, {
      WebSocket: FakeSocket,
      ...options,
    });
    return { onEvent, stop };
  };

  it('connects to the events path, sends the token first and passes on events', () => {
    const { onEvent } = subscribe();
    expect(last().url).toBe('wss://pbx.example.com:8443/api/v1/events');
    last().open();
    expect(last().sent).toEqual(['{"token":"tok-1"}']);
    last().receive({ type: 'ready' });
    last().receive({ type: 'employees-changed' });
    last().receive({ type: 'devices-changed', employeeId: 3, sipNumber: '0462626' });
    last().receive({ type: 'no-such-event' });
    last().onmessage?.({ data: '{broken' });
    expect(onEvent.mock.calls).toEqual([
      [{ type: 'employees-changed' }],
      [{ type: 'devices-changed', employeeId: 3, sipNumber: '0462626' }],
    ]);
  });

  it('reconnects with back-off from 2 s doubling to 30 s, and from 2 s again once ready', () => {
    const onResync = vi.fn();
    subscribe({ onResync });
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const count = FakeSocket.all.length;
      last().drop();
      let waited = 0;
      while (FakeSocket.all.length === count) {
        vi.advanceTimersByTime(1000);
        waited += 1000;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
    last().open();
    last().receive({ type: 'ready' });
    // Changes made before the subscription started were not announced: read again.
    expect(onResync).toHaveBeenCalledTimes(1);
    last().drop();
    vi.advanceTimersByTime(2000);
    last().open();
    last().receive({ type: 'ready' });
    expect(onResync).toHaveBeenCalledTimes(2);
  });

  it('stops for good when the token is refused (4001)', () => {
    const onUnauthorized = vi.fn();
    subscribe({ onUnauthorized });
    last().open();
    last().drop(4001);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('stops when asked: closes the socket and cancels a pending reconnect', () => {
    const first = subscribe();
    first.stop();
    expect(last().closedWith).toBe(1000);
    last().drop(1000);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);

    FakeSocket.all = [];
    const second = subscribe();
    last().drop();
    second.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
