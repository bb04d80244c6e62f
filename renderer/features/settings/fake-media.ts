/** Test-only: `navigator.mediaDevices` and `setSinkId` faked, with devices to plug in and out. */
import { vi } from 'vitest';
import type { DeviceEntry } from './media-devices';

export const DEVICES: DeviceEntry[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default - Built-in microphone' },
  { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' },
  { deviceId: 'mic-2', kind: 'audioinput', label: 'USB headset microphone' },
  { deviceId: 'out-1', kind: 'audiooutput', label: 'Speakers' },
  { deviceId: 'out-2', kind: 'audiooutput', label: 'USB headset earphones' },
  { deviceId: 'cam-1', kind: 'videoinput', label: 'Camera' },
];

/**
 * Installs fake media devices (names hidden until the microphone is opened unless `named`, and
 * `setSinkId` unless `sinks` is false); `plug` changes the list and fires `devicechange`.
 */
export function installFakeMedia({ devices = DEVICES, named = true, sinks = true } = {}) {
  let plugged = devices;
  let granted = named;
  const media = Object.assign(new EventTarget(), {
    enumerateDevices: vi.fn(async () =>
      plugged.map((d) => ({ ...d, label: granted ? d.label : '', groupId: '' })),
    ),
    getUserMedia: vi.fn(async (_constraints: MediaStreamConstraints) => {
      granted = true;
      return { getTracks: () => [{ stop: vi.fn() }] } as unknown as MediaStream;
    }),
  });
  Object.defineProperty(navigator, 'mediaDevices', { value: media, configurable: true });
  const setSinkId = vi.fn(async (_id: string) => {});
  if (sinks) {
    Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', {
      value: setSinkId,
      configurable: true,
    });
  }
  return {
    media,
    setSinkId,
    /** The devices now plugged in; fires `devicechange` as the browser does. */
    plug(next: DeviceEntry[]) {
      plugged = next;
      media.dispatchEvent(new Event('devicechange'));
    },
    restore() {
      Reflect.deleteProperty(navigator, 'mediaDevices');
      Reflect.deleteProperty(HTMLMediaElement.prototype, 'setSinkId');
    },
  };
}
