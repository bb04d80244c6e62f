import { createAnnouncer, type AudioClip } from './announcer';

/** The tones the softphone plays itself; WebAudio in the app, a fake in tests. */
export type ToneKind = 'ringback' | 'ringtone' | 'waiting';

export interface TonePlayer {
  /** Starts a tone; the returned function stops it. */
  play(kind: ToneKind): () => void;
  /**
   * Says a recorded prompt (a URL from `announcements.ts`) quietly on this computer, over the
   * call, again every few seconds; the soft 'waiting' beep if it cannot play. Returns the stop.
   */
  announce(src: string): () => void;
}

/** [frequencies Hz, on ms, off ms]: Russian ringback 425 Hz 0.8/3.2 s, a two-tone ring, two short beeps. */
const PATTERNS: Record<ToneKind, [number[], number, number]> = {
  ringback: [[425], 800, 3200],
  ringtone: [[440, 480], 1000, 2000],
  waiting: [[425], 200, 4800],
};

/** Plays a tone with WebAudio oscillators: no sound file needed. */
function playTone(kind: ToneKind): () => void {
  const Ctx = globalThis.AudioContext;
  if (!Ctx) return () => {};
  const ctx = new Ctx();
  const gain = ctx.createGain();
  gain.gain.value = 0;
  gain.connect(ctx.destination);
  const [freqs, on, off] = PATTERNS[kind];
  const oscillators = freqs.map((f) => {
    const o = ctx.createOscillator();
    o.frequency.value = f;
    o.connect(gain);
    o.start();
    return o;
  });
  const cycle = () => {
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0.15 / freqs.length, t);
    gain.gain.setValueAtTime(0, t + on / 1000);
  };
  cycle();
  const timer = setInterval(cycle, on + off);
  return () => {
    clearInterval(timer);
    oscillators.forEach((o) => o.stop());
    void ctx.close();
  };
}

/** Tones by WebAudio oscillators, prompts by an audio element (`createClip` for tests). */
export function createWebAudioTones(createClip?: (src: string) => AudioClip): TonePlayer {
  return {
    play: playTone,
    announce: createAnnouncer({
      ...(createClip ? { createClip } : {}),
      fallback: () => playTone('waiting'),
    }),
  };
}
