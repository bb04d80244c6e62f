import { useEffect } from 'react';
import { useServices } from './services';
import type { ToneKind } from './tones';

/** Plays a tone while the component is shown and `active` holds. */
export function useTone(kind: ToneKind, active = true): void {
  const { tones } = useServices();
  useEffect(() => (active ? tones.play(kind) : undefined), [tones, kind, active]);
}
