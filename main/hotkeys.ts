import type { GlobalShortcut } from 'electron';
import {
  checkAccelerator,
  type HotkeyAction,
  type HotkeyOutcome,
  type HotkeyResults,
  type HotkeySettings,
} from '../shared/desktop/accelerator';

/** The part of Electron's `globalShortcut` the hotkeys use. */
export type ShortcutRegistry = Pick<GlobalShortcut, 'register' | 'unregister'>;

/** The global shortcuts for answering and hanging up. */
export interface Hotkeys {
  /** Replaces the registered shortcuts with `settings`; says how each fared. */
  apply(settings: HotkeySettings): HotkeyResults;
  /** Unregisters both (on quit: a shortcut must not outlive the app). */
  clear(): void;
}

const ACTIONS: ReadonlyArray<[keyof HotkeyResults, HotkeyAction]> = [
  ['answer', 'answer'],
  ['hangUp', 'hang-up'],
];

/**
 * Registers the answer and hang-up shortcuts the renderer's settings name. An accelerator that
 * does not parse, that both use, or that another application holds is refused with a sentence;
 * the other shortcut is registered all the same.
 */
export function createHotkeys(
  shortcuts: ShortcutRegistry,
  onPressed: (action: HotkeyAction) => void,
): Hotkeys {
  let registered: string[] = [];

  const clear = () => {
    for (const accelerator of registered) shortcuts.unregister(accelerator);
    registered = [];
  };

  const register = (text: string | undefined, action: HotkeyAction): HotkeyOutcome => {
    if (!text?.trim()) return { status: 'off' };
    const check = checkAccelerator(text.trim());
    if (!check.ok) return { status: 'refused', problem: check.problem, message: check.message };
    const { accelerator } = check;
    if (registered.includes(accelerator)) {
      const message = `${accelerator} is already the other shortcut.`;
      return { status: 'refused', problem: 'duplicate', message };
    }
    let taken: boolean;
    try {
      taken = shortcuts.register(accelerator, () => onPressed(action));
    } catch {
      const message = `${accelerator} is not a shortcut this system accepts.`;
      return { status: 'refused', problem: 'unknown-part', message };
    }
    if (!taken) {
      const message = `${accelerator} is already used by another application.`;
      return { status: 'refused', problem: 'in-use', message };
    }
    registered.push(accelerator);
    return { status: 'registered', accelerator };
  };

  return {
    apply(settings) {
      clear();
      const results = {} as HotkeyResults;
      for (const [key, action] of ACTIONS) results[key] = register(settings[key], action);
      return results;
    },
    clear,
  };
}
