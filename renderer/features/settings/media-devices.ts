import type { AudioDeviceChoice } from '../../store';

/** What the softphone chooses a device for. */
export type DeviceRole = keyof AudioDeviceChoice;
export const DEVICE_ROLES: readonly DeviceRole[] = ['microphone', 'speaker', 'ringer'];

/** The part of a MediaDeviceInfo the settings use. */
export interface DeviceEntry {
  deviceId: string;
  kind: MediaDeviceKind;
  label: string;
}

const KIND: Record<DeviceRole, MediaDeviceKind> = {
  microphone: 'audioinput',
  speaker: 'audiooutput',
  ringer: 'audiooutput',
};

/** The browser's own stand-ins for the default device: our "System default" is them. */
const STAND_INS = new Set(['', 'default', 'communications']);

/** The devices a role may use, without the browser's stand-ins for the default. */
export function devicesFor(role: DeviceRole, devices: readonly DeviceEntry[]): DeviceEntry[] {
  return devices.filter((d) => d.kind === KIND[role] && !STAND_INS.has(d.deviceId));
}

/** A device disconnected while it was chosen, by the name it had. */
export interface Unplugged {
  role: DeviceRole;
  name: string;
}

/**
 * The chosen devices that were listed before and are gone now (unplugged): each falls back to
 * the default. A device absent both times (chosen on another day) is left alone.
 */
export function unpluggedDevices(
  choice: AudioDeviceChoice,
  before: readonly DeviceEntry[],
  after: readonly DeviceEntry[],
): Unplugged[] {
  return DEVICE_ROLES.flatMap((role) => {
    const id = choice[role];
    if (!id) return [];
    const was = devicesFor(role, before).find((d) => d.deviceId === id);
    const is = devicesFor(role, after).some((d) => d.deviceId === id);
    return was && !is ? [{ role, name: was.label || id.slice(0, 8) }] : [];
  });
}

/** Whether this browser can choose where sound plays (`HTMLMediaElement.setSinkId`). */
export function canChooseOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** The browser's media devices, when it has them (not in a test's DOM, not over plain http). */
export function mediaDevices(): MediaDevices | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

/** The audio devices listed now, as plain entries. */
export async function listDevices(media: MediaDevices): Promise<DeviceEntry[]> {
  const devices = await media.enumerateDevices();
  return devices.map((d) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label }));
}
