import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import {
  devicesFor,
  DEVICE_ROLES,
  listDevices,
  mediaDevices,
  unpluggedDevices,
  type DeviceEntry,
  type DeviceRole,
  type Unplugged,
} from './media-devices';

/** Whether the browser shows device ids at all (it hides them until the microphone is allowed). */
const showsIds = (devices: readonly DeviceEntry[]) =>
  devicesFor('microphone', devices).some((d) => d.deviceId !== '');

/**
 * Watches for chosen devices being unplugged (`devicechange`), in a call or not: each falls back
 * to the system default (a call in progress switches its microphone at once) and is reported
 * for the notice that says so; one already missing at start is dropped quietly. `dismiss` clears
 * the notice.
 */
export function useDeviceFallback(): { gone: Unplugged[]; dismiss(): void } {
  const { store, adapter } = useServices();
  const [gone, setGone] = useState<Unplugged[]>([]);
  useEffect(() => {
    const media = mediaDevices();
    if (!media?.enumerateDevices) return undefined;
    let before: DeviceEntry[] = [];
    let stopped = false;
    const read = () => listDevices(media).catch((): DeviceEntry[] => before);
    const forget = (roles: DeviceRole[]) => {
      if (roles.length === 0) return;
      const audio = { ...store.getState().settings.audio };
      for (const role of roles) delete audio[role];
      store.getState().updateSettings({ audio });
      if (roles.includes('microphone')) void adapter.setMicrophone(undefined);
    };
    void read().then((devices) => {
      before = devices;
      if (stopped || !showsIds(devices)) return;
      const { audio } = store.getState().settings;
      const listed = (role: DeviceRole) =>
        devicesFor(role, devices).some((d) => d.deviceId === audio[role]);
      forget(DEVICE_ROLES.filter((role) => audio[role] && !listed(role)));
    });
    const changed = async () => {
      const after = await read();
      if (stopped) return;
      const lost = unpluggedDevices(store.getState().settings.audio, before, after);
      before = after;
      if (lost.length === 0) return;
      forget(lost.map(({ role }) => role));
      setGone(lost);
    };
    const onChange = () => void changed();
    media.addEventListener('devicechange', onChange);
    return () => {
      stopped = true;
      media.removeEventListener('devicechange', onChange);
    };
  }, [store, adapter]);
  return { gone, dismiss: () => setGone([]) };
}
