/**
 * Plays a recorded prompt on this computer only (never into the call: the microphone stream is
 * separate), quietly over the call audio, again every while until stopped.
 */

/** The part of an HTMLAudioElement the announcer uses; tests pass a fake. */
export interface AudioClip {
  volume: number;
  currentTime: number;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
  removeEventListener(type: 'ended' | 'error', listener: () => void): void;
}

export interface AnnouncerOptions {
  /** Makes the clip for a URL; an HTMLAudioElement by default. */
  createClip?: (src: string) => AudioClip;
  /** Played instead when the clip cannot play (no file, no codec, autoplay refused). */
  fallback: () => () => void;
  /** 0..1, over the call audio at full volume (default 0.3). */
  volume?: number;
  /** Pause after the prompt ends before it is said again (default 10 s). */
  repeatMs?: number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (timer: unknown) => void;
}

export const ANNOUNCEMENT_VOLUME = 0.3;
export const ANNOUNCEMENT_REPEAT_MS = 10_000;

/** Returns `announce(src)`: starts the prompt, and gives back the function that stops it. */
export function createAnnouncer(options: AnnouncerOptions): (src: string) => () => void {
  const createClip = options.createClip ?? ((src: string) => new Audio(src));
  const volume = options.volume ?? ANNOUNCEMENT_VOLUME;
  const repeatMs = options.repeatMs ?? ANNOUNCEMENT_REPEAT_MS;
  const later = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
  const cancel =
    options.clearTimeout ??
    ((timer) => globalThis.clearTimeout(timer as ReturnType<typeof setTimeout>));

  return (src) => {
    let stopped = false;
    let timer: unknown;
    let stopFallback: (() => void) | undefined;
    let clip: AudioClip | undefined;

    const detach = () => {
      if (!clip) return;
      clip.removeEventListener('ended', onEnded);
      clip.removeEventListener('error', onError);
      clip.pause();
      clip = undefined;
    };
    const onError = () => {
      if (stopped || stopFallback) return;
      cancel(timer);
      detach();
      stopFallback = options.fallback();
    };
    const start = () => {
      if (stopped || !clip) return;
      try {
        clip.currentTime = 0;
        Promise.resolve(clip.play()).catch(onError);
      } catch {
        onError();
      }
    };
    function onEnded() {
      if (!stopped) timer = later(start, repeatMs);
    }

    try {
      clip = createClip(src);
      clip.volume = volume;
      clip.addEventListener('ended', onEnded);
      clip.addEventListener('error', onError);
    } catch {
      onError();
    }
    start();
    return () => {
      stopped = true;
      cancel(timer);
      detach();
      stopFallback?.();
    };
  };
}
