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

/** The output device chosen for a sound (`deviceId`), undefined for the system default. */
export type OutputOf = (role: 'speaker' | 'ringer') => string | undefined;

/** Whether this browser can choose where an element plays (`HTMLMediaElement.setSinkId`). */
const canChooseOutput = () =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Plays a media element on a device; on the default one when that device is gone. */
function playOn(element: HTMLMediaElement, deviceId: string | undefined): void {
  const play = () => void element.play().catch(() => {});
  if (!deviceId || !canChooseOutput()) return play();
  element.setSinkId(deviceId).then(play, () => element.setSinkId('').then(play, play));
}

/** A WebAudio graph's way out to a chosen device: an audio element playing its stream. */
function outputTo(ctx: AudioContext, deviceId: string | undefined) {
  if (!deviceId || !canChooseOutput() || !ctx.createMediaStreamDestination) return undefined;
  const node = ctx.createMediaStreamDestination();
  const element = new Audio();
  element.srcObject = node.stream;
  playOn(element, deviceId);
  return {
    node,
    stop: () => {
      element.pause();
      element.srcObject = null;
    },
  };
}

/** Plays a tone with WebAudio oscillators (no sound file needed), on `deviceId` if given. */
function playTone(kind: ToneKind, deviceId?: string): () => void {
  const Ctx = globalThis.AudioContext;
  if (!Ctx) return () => {};
  const ctx = new Ctx();
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const output = outputTo(ctx, deviceId);
  gain.connect(output?.node ?? ctx.destination);
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
    output?.stop();
    void ctx.close();
  };
}

/**
 * Tones by WebAudio oscillators, prompts by an audio element (`createClip` for tests): the
 * ringtone on the ringer device, the rest on the speaker (`outputOf`, the settings).
 */
export function createWebAudioTones(
  createClip?: (src: string) => AudioClip,
  outputOf: OutputOf = () => undefined,
): TonePlayer {
  const speakerClip = (src: string) => {
    const element = new Audio(src);
    const deviceId = outputOf('speaker');
    if (deviceId && canChooseOutput()) element.setSinkId(deviceId).catch(() => {});
    return element;
  };
  return {
    play: (kind) => playTone(kind, outputOf(kind === 'ringtone' ? 'ringer' : 'speaker')),
    announce: createAnnouncer({
      createClip: createClip ?? speakerClip,
      fallback: () => playTone('waiting', outputOf('speaker')),
    }),
  };
}
