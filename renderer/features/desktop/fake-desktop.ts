/** Test-only: `host.desktop` faked at its interface; tests fire main's events through `fire`. */
import { vi } from 'vitest';
import {
  checkAccelerator,
  type HotkeyAction,
  type HotkeyOutcome,
  type HotkeyResults,
  type HotkeySettings,
} from '../../../shared/desktop/accelerator';
import type { CallAction } from '../../../shared/desktop/call-notifications';
import type { DesktopPreferences } from '../../../shared/desktop/desktop-state';
import { fakeHost } from '../../app/test-utils';
import type { DesktopIntegration, DesktopListeners } from '../../host/desktop-integration';

/** The shortcut another program holds, in the fake. */
export const TAKEN_ACCELERATOR = 'Control+Alt+T';

/** How main would fare registering one shortcut (another program holds TAKEN_ACCELERATOR). */
function outcome(text: string | undefined, other: string | undefined): HotkeyOutcome {
  if (!text) return { status: 'off' };
  const check = checkAccelerator(text);
  if (!check.ok) return { status: 'refused', problem: check.problem, message: check.message };
  if (check.accelerator === TAKEN_ACCELERATOR) {
    return { status: 'refused', problem: 'in-use', message: 'in use' };
  }
  const twin = other ? checkAccelerator(other) : undefined;
  if (twin?.ok && twin.accelerator === check.accelerator) {
    return { status: 'refused', problem: 'duplicate', message: 'twice' };
  }
  return { status: 'registered', accelerator: check.accelerator };
}

function channel<T extends unknown[]>() {
  const listeners = new Set<(...args: T) => void>();
  return {
    subscribe: (listener: (...args: T) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    fire: (...args: T) => listeners.forEach((listener) => listener(...args)),
    get count() {
      return listeners.size;
    },
  };
}

export function fakeDesktop(pendingDial?: string) {
  const channels = {
    callAction: channel<[CallAction]>(),
    hotkey: channel<[HotkeyAction]>(),
    dial: channel<[string]>(),
    dnd: channel<[boolean]>(),
    reregister: channel<[]>(),
  };
  let preferences: DesktopPreferences = { closeToTray: true };
  const desktop = {
    callEvent: vi.fn<DesktopIntegration['callEvent']>(),
    reportStatus: vi.fn<DesktopIntegration['reportStatus']>(),
    setLanguage: vi.fn<DesktopIntegration['setLanguage']>(),
    setHotkeys: vi.fn(async (s: HotkeySettings): Promise<HotkeyResults> => ({
      answer: outcome(s.answer, s.hangUp),
      hangUp: outcome(s.hangUp, s.answer),
    })),
    loadPreferences: vi.fn(async () => preferences),
    savePreferences: vi.fn(async (changes: Partial<DesktopPreferences>) => {
      preferences = { ...preferences, ...changes };
      return preferences;
    }),
    takePendingDial: vi.fn(async () => pendingDial),
    listen: (listeners: DesktopListeners) => {
      const stops = [
        channels.callAction.subscribe(listeners.onCallAction),
        channels.hotkey.subscribe(listeners.onHotkey),
        channels.dial.subscribe(listeners.onDialNumber),
        channels.dnd.subscribe(listeners.onDoNotDisturb),
        channels.reregister.subscribe(listeners.onReregister),
      ];
      return () => stops.forEach((stop) => stop());
    },
  } satisfies DesktopIntegration;
  return { ...desktop, channels };
}

/** The test host with a desktop integration: what the Electron app's renderer gets. */
export function desktopHost(pendingDial?: string) {
  return Object.assign(fakeHost(), {
    deviceKind: 'softphone-desktop',
    desktop: fakeDesktop(pendingDial),
  });
}
