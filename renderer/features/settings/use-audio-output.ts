import { useEffect, type RefObject } from 'react';
import { useAppStore } from '../../app/services';

/**
 * Plays an audio element on the device chosen for `role` (`HTMLMediaElement.setSinkId`), or on
 * the default one when none is chosen or the chosen one is gone.
 */
export function useAudioOutput(
  ref: RefObject<HTMLMediaElement | null>,
  role: 'speaker' | 'ringer',
): void {
  const deviceId = useAppStore((s) => s.settings.audio[role]);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof element.setSinkId !== 'function') return;
    element.setSinkId(deviceId ?? '').catch(() => element.setSinkId('').catch(() => {}));
  }, [ref, deviceId]);
}
