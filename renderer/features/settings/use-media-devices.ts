import { useCallback, useEffect, useState } from 'react';
import { listDevices, mediaDevices, type DeviceEntry } from './media-devices';

/** The audio devices as the browser lists them now, and a way to ask for their names. */
export interface MediaDeviceList {
  /** False where the browser lists no devices at all. */
  supported: boolean;
  devices: DeviceEntry[];
  /** Opens the microphone once, so the browser gives the devices' names, and lists again. */
  revealNames(): Promise<void>;
}

const warn = (error: unknown) => console.warn('listing audio devices failed', error);

/** The audio devices, listed again whenever one is plugged in or out (`devicechange`). */
export function useMediaDevices(): MediaDeviceList {
  const media = mediaDevices();
  const [devices, setDevices] = useState<DeviceEntry[]>([]);
  useEffect(() => {
    if (!media?.enumerateDevices) return undefined;
    let current = true;
    const list = () => {
      listDevices(media).then((listed) => current && setDevices(listed), warn);
    };
    list();
    media.addEventListener('devicechange', list);
    return () => {
      current = false;
      media.removeEventListener('devicechange', list);
    };
  }, [media]);
  const revealNames = useCallback(async () => {
    if (!media) return;
    try {
      const stream = await media.getUserMedia({ audio: true, video: false });
      stream.getTracks().forEach((track) => track.stop());
    } catch (error) {
      console.warn('microphone refused', error);
    }
    await listDevices(media).then(setDevices, warn);
  }, [media]);
  return { supported: Boolean(media?.enumerateDevices), devices, revealNames };
}
