import { describe, expect, it, vi } from 'vitest';
import {
  startAutoUpdates,
  UPDATE_CHECK_INTERVAL_MS,
  UPDATE_FEED_ENV,
  type AutoUpdater,
} from './auto-update';

function fakeUpdater(check: () => Promise<unknown> = async () => null) {
  const errors: Array<(error: Error) => void> = [];
  const updater = {
    setFeedURL: vi.fn(),
    checkForUpdatesAndNotify: vi.fn(check),
    on: vi.fn((_event: 'error', listener: (error: Error) => void) => errors.push(listener)),
  } satisfies AutoUpdater;
  return { updater, fail: (error: Error) => errors.forEach((listener) => listener(error)) };
}

const quietLog = () => ({ warn: vi.fn(), info: vi.fn() });

describe('startAutoUpdates', () => {
  it('checks at start and every six hours, with the built-in feed', () => {
    const { updater } = fakeUpdater();
    const timers: Array<[() => void, number]> = [];
    const started = startAutoUpdates(updater, {
      isPackaged: true,
      env: {},
      log: quietLog(),
      setInterval: (check, ms) => timers.push([check, ms]),
    });
    expect(started).toBe(true);
    expect(updater.setFeedURL).not.toHaveBeenCalled();
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledOnce();
    expect(timers.map(([, ms]) => ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    timers[0]?.[0]();
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(2);
  });

  it('takes the feed from SOFTPHONE_UPDATE_URL when it is https', () => {
    const { updater } = fakeUpdater();
    const env = { [UPDATE_FEED_ENV]: 'https://updates.example.com/softphone' };
    startAutoUpdates(updater, { isPackaged: true, env, log: quietLog(), setInterval: vi.fn() });
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example.com/softphone',
    });
  });

  it.each(['http://updates.example.com/', 'file:///tmp/evil', 'not a url'])(
    'ignores the feed %s and says so',
    (url) => {
      const { updater } = fakeUpdater();
      const log = quietLog();
      const env = { [UPDATE_FEED_ENV]: url };
      startAutoUpdates(updater, { isPackaged: true, env, log, setInterval: vi.fn() });
      expect(updater.setFeedURL).not.toHaveBeenCalled();
      expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('not an https URL'));
    },
  );

  it('logs a failed check or an updater error instead of crashing', async () => {
    const { updater, fail } = fakeUpdater(async () => Promise.reject(new Error('offline')));
    const log = quietLog();
    startAutoUpdates(updater, { isPackaged: true, env: {}, log, setInterval: vi.fn() });
    await vi.waitFor(() =>
      expect(log.warn).toHaveBeenCalledWith('auto-update: check failed (offline)'),
    );
    fail(new Error('bad signature'));
    expect(log.warn).toHaveBeenCalledWith('auto-update: bad signature');
  });

  it('does nothing in development, or without an updater installed', () => {
    const { updater } = fakeUpdater();
    const log = quietLog();
    expect(startAutoUpdates(updater, { isPackaged: false, env: {}, log })).toBe(false);
    expect(updater.checkForUpdatesAndNotify).not.toHaveBeenCalled();
    expect(startAutoUpdates(undefined, { isPackaged: true, env: {}, log })).toBe(false);
    expect(log.info).toHaveBeenCalledWith(expect.stringContaining('electron-updater'));
  });
});
