import type { PowerMonitor } from 'electron';

/** Wake-ups closer together than this (resume, then unlock) trigger one re-registration. */
export const WAKE_COALESCE_MS = 2_000;

/**
 * Asks for a re-registration at once when the computer resumes from sleep or the screen is
 * unlocked: the registration may have lapsed, and the PBX should reach us now, not at expiry.
 * (A network change is the renderer's `online` event.)
 */
export function reregisterOnWake(
  power: Pick<PowerMonitor, 'on'>,
  reregister: () => void,
  now: () => number = Date.now,
): void {
  let last = -Infinity;
  const wake = () => {
    if (now() - last < WAKE_COALESCE_MS) return;
    last = now();
    reregister();
  };
  power.on('resume', wake);
  power.on('unlock-screen', wake);
}
