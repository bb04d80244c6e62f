import { describe, expect, it, vi } from 'vitest';
import type { EventsSubscriber } from '../api/events';
import { fakeAdapter } from './test-utils';
import { lazyAdapter, lazyAsync, lazySubscriber } from './lazy';

interface Api {
  hello(name: string): Promise<string>;
  count(): Promise<number>;
}

describe('loaded after the first screen', () => {
  it('lazyAsync loads the module once, on the first call, and forwards calls and answers', async () => {
    let count = 0;
    const load = vi.fn(async (): Promise<Api> => ({
      hello: async (name) => `hello ${name}`,
      count: async () => ++count,
    }));
    const api = lazyAsync<Api>(['hello', 'count'], load);
    expect(load).not.toHaveBeenCalled();
    await expect(api.hello('Anna')).resolves.toBe('hello Anna');
    await api.count();
    await expect(api.count()).resolves.toBe(2);
    expect(load).toHaveBeenCalledTimes(1);
    // Not a thenable, and its methods are its own: it can be awaited, spread and wrapped.
    await expect((async () => api)()).resolves.toBe(api);
    expect(Object.keys(api)).toEqual(['hello', 'count']);
  });

  it('lazyAdapter: start waits for JsSIP; a call before it has loaded is refused loudly', async () => {
    const real = fakeAdapter();
    let loaded!: (adapter: typeof real) => void;
    const adapter = lazyAdapter(new Promise((resolve) => (loaded = resolve)));
    const config = {} as Parameters<typeof real.start>[0];
    adapter.start(config);
    adapter.reregister();
    expect(() => adapter.call('0462626')).toThrow('still loading');
    await expect(adapter.callStats('c1')).resolves.toBeUndefined();
    loaded(real);
    await vi.waitFor(() => expect(real.start).toHaveBeenCalledWith(config));
    expect(adapter.call('0462626')).toBe('new-call');
    adapter.hangup('new-call');
    expect(real.hangup).toHaveBeenCalledWith('new-call');
    expect(real.reregister).not.toHaveBeenCalled();
  });

  it('lazySubscriber subscribes once loaded, and stopping first means never', async () => {
    const stop = vi.fn();
    const subscribe = vi.fn<EventsSubscriber>(() => stop);
    const lazy = lazySubscriber(async () => subscribe);
    const early = lazy('https://pbx.test', 't', () => {});
    early();
    const kept = lazy('https://pbx.test', 't2', () => {});
    await vi.waitFor(() => expect(subscribe).toHaveBeenCalledTimes(1));
    expect(subscribe.mock.calls[0]?.[1]).toBe('t2');
    kept();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
