import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebAudioTones } from './tones';

/** The little of WebAudio the tones use, recording where the sound goes. */
class FakeAudioContext {
  static last: FakeAudioContext;
  readonly destination = { kind: 'default output' };
  readonly streamOut = { stream: { id: 'tone-stream' } };
  currentTime = 0;
  connectedTo: unknown[] = [];
  close = vi.fn(async () => {});
  constructor() {
    FakeAudioContext.last = this;
  }
  createGain() {
    return {
      gain: { value: 0, setValueAtTime: vi.fn() },
      connect: (node: unknown) => this.connectedTo.push(node),
    };
  }
  createOscillator() {
    return { frequency: { value: 0 }, connect: vi.fn(), start: vi.fn(), stop: vi.fn() };
  }
  createMediaStreamDestination() {
    return this.streamOut;
  }
}

const sinks: { element: HTMLMediaElement; id: string }[] = [];

beforeEach(() => {
  vi.stubGlobal('AudioContext', FakeAudioContext);
  Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', {
    configurable: true,
    value: vi.fn(async function (this: HTMLMediaElement, id: string) {
      sinks.push({ element: this, id });
    }),
  });
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockReturnValue(undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(HTMLMediaElement.prototype, 'setSinkId');
  sinks.length = 0;
});

describe('tones on the chosen devices', () => {
  it('the ringtone plays on the ringer device, ringback on the speaker', async () => {
    const devices = { ringer: 'loudspeakers', speaker: 'headset' };
    const tones = createWebAudioTones(undefined, (role) => devices[role]);
    const stop = tones.play('ringtone');
    const ring = FakeAudioContext.last;
    expect(ring.connectedTo).toEqual([ring.streamOut]);
    await vi.waitFor(() => expect(sinks.map((s) => s.id)).toEqual(['loudspeakers']));
    expect(sinks[0]?.element.srcObject).toBe(ring.streamOut.stream);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalled();
    stop();
    expect(ring.close).toHaveBeenCalled();
    expect(HTMLMediaElement.prototype.pause).toHaveBeenCalled();

    tones.play('ringback')();
    await vi.waitFor(() => expect(sinks.map((s) => s.id)).toEqual(['loudspeakers', 'headset']));
  });

  it('with no device chosen, tones go straight to the default output', () => {
    const tones = createWebAudioTones();
    tones.play('ringtone')();
    expect(FakeAudioContext.last.connectedTo).toEqual([FakeAudioContext.last.destination]);
    expect(sinks).toEqual([]);
  });
});
