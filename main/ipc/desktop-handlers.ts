import type { DesktopStatus, UiLanguage } from '../../shared/desktop/desktop-state';
import type { MainHandlers } from '../../shared/ipc-contract';
import type { CallNotifier } from '../call-notifications';
import type { DialInbox } from '../dial-links';
import type { Hotkeys } from '../hotkeys';
import type { PreferencesStore } from '../preferences';
import type { AppChannel } from './handlers';

/** What the desktop channels drive. */
export interface DesktopServices {
  notifier: Pick<CallNotifier, 'handle'>;
  showStatus(status: DesktopStatus): void;
  setLanguage(language: UiLanguage): void;
  hotkeys: Pick<Hotkeys, 'apply'>;
  preferences: Pick<PreferencesStore, 'load' | 'save'>;
  inbox: Pick<DialInbox, 'takePending'>;
}

/** The desktop integration's channels: every renderer → main channel that is not an app one. */
export type DesktopHandlers = Omit<MainHandlers, AppChannel>;

/** Main's answers to the desktop-integration channels; arguments arrive already checked. */
export function desktopHandlers(services: DesktopServices): DesktopHandlers {
  return {
    'call:event': (event) => services.notifier.handle(event),
    'status:report': (status) => services.showStatus(status),
    'ui:language': (language) => services.setLanguage(language),
    'hotkeys:set': (settings) => services.hotkeys.apply(settings),
    'preferences:load': () => services.preferences.load(),
    'preferences:save': (changes) => services.preferences.save(changes),
    'dial:take-pending': () => services.inbox.takePending(),
  };
}

/**
 * The desktop channels when the integration failed to start: the phone still opens; reports
 * are dropped, and what asks for an answer is told the integration is unavailable.
 */
export const desktopUnavailable: DesktopHandlers = {
  'call:event': () => {},
  'status:report': () => {},
  'ui:language': () => {},
  'hotkeys:set': unavailable,
  'preferences:load': unavailable,
  'preferences:save': unavailable,
  'dial:take-pending': () => undefined,
};

function unavailable(): never {
  throw new Error('the desktop integration is unavailable');
}
