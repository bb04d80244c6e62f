import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCEMENT_REPEAT_MS, createAnnouncer, type AudioClip } from './announcer';
import { lineAnnouncement } from './announcements';

/** An audio element as far as the announcer sees it: records plays, fires events on demand. */
function fakeClip(play: () => Promise<void> = async () => {}) {
  const listeners = new Map<string, Set<() => void>>();
  const clip = {
    src: '',
    volume: 1,
    currentTime: 5,
    play: vi.fn(play),
    pause: vi.fn(),
    addEventListener: (type: string, fn: () => void) => {
      listeners.set(type, (listeners.get(type) ?? new Set()).add(fn));
    },
    removeEventListener: (type: string, fn: () => void) => listeners.get(type)?.delete(fn),
    fire: (type: 'ended' | 'error') => listeners.get(type)?.forEach((fn) => fn()),
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  } satisfies AudioClip & Record<string, unknown>;
  return clip;
}

function setup(play?: () => Promise<void>) {
  const clip = fakeClip(play);
  const stopBeep = vi.fn();
  const fallback = vi.fn(() => stopBeep);
  const createClip = vi.fn((src: string) => Object.assign(clip, { src }));
  const announce = createAnnouncer({ createClip, fallback });
  return { clip, fallback, stopBeep, createClip, announce };
}

describe('announcer', () => {
  afterEach(() => vi.useRealTimers());

  it('plays the file at 0.3 volume from the start, again 10 s after it ends, until stopped', () => {
    vi.useFakeTimers();
    const { clip, createClip, announce, fallback } = setup();
    const stop = announce('/assets/second-line.ru.wav');
    expect(createClip).toHaveBeenCalledWith('/assets/second-line.ru.wav');
    expect(clip.volume).toBe(0.3);
    expect(clip.currentTime).toBe(0);
    expect(clip.play).toHaveBeenCalledTimes(1);

    clip.fire('ended');
    vi.advanceTimersByTime(ANNOUNCEMENT_REPEAT_MS - 1);
    expect(clip.play).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(clip.play).toHaveBeenCalledTimes(2);

    clip.fire('ended');
    stop();
    vi.advanceTimersByTime(ANNOUNCEMENT_REPEAT_MS * 3);
    expect(clip.play).toHaveBeenCalledTimes(2);
    expect(clip.pause).toHaveBeenCalled();
    expect(clip.listening()).toBe(0);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('falls back to the soft beep when the file cannot play, and stops the beep', async () => {
    const { announce, fallback, stopBeep } = setup(async () => {
      throw new DOMException('autoplay refused', 'NotAllowedError');
    });
    const stop = announce('/x.wav');
    await vi.waitFor(() => expect(fallback).toHaveBeenCalledTimes(1));
    stop();
    expect(stopBeep).toHaveBeenCalledTimes(1);
  });

  it('falls back once on a media error; nothing after it was stopped', () => {
    const first = setup();
    first.announce('/x.wav');
    first.clip.fire('error');
    first.clip.fire('error');
    expect(first.fallback).toHaveBeenCalledTimes(1);

    const second = setup();
    second.announce('/x.wav')();
    second.clip.fire('error');
    expect(second.fallback).not.toHaveBeenCalled();
  });
});

describe('line announcement files', () => {
  it('one per line 2..10 and UI language, shipped as files (not inlined)', () => {
    for (let line = 2; line <= 10; line++) {
      expect(lineAnnouncement(line, 'en')).toMatch(new RegExp(`line-${line}\\.en\\.wav`));
      expect(lineAnnouncement(line, 'ru')).toMatch(new RegExp(`line-${line}\\.ru\\.wav`));
    }
    expect(lineAnnouncement(2, 'en')).not.toMatch(/^data:/);
  });

  it('a line outside 2..10 gets the nearest recording', () => {
    expect(lineAnnouncement(11, 'en')).toMatch(/line-10\.en\.wav/);
    expect(lineAnnouncement(1, 'ru')).toMatch(/line-2\.ru\.wav/);
  });
});
