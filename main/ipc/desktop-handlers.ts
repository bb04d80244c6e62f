import type { DesktopStatus, UiLanguage } from '../../shared/desktop/desktop-state';
import type { CallNotifier } from '../call-notifications';
import type { DialInbox } from '../dial-links';
import type { Hotkeys } from '../hotkeys';
import type { PreferencesStore } from '../preferences';
import type { IpcMainRouter } from './handle';

/** What the desktop channels drive. */
export interface DesktopServices {
  notifier: Pick<CallNotifier, 'handle'>;
  showStatus(status: DesktopStatus): void;
  setLanguage(language: UiLanguage): void;
  hotkeys: Pick<Hotkeys, 'apply'>;
  preferences: Pick<PreferencesStore, 'load' | 'save'>;
  inbox: Pick<DialInbox, 'takePending'>;
}

/** Answers the desktop-integration request channels; arguments arrive already checked. */
export function registerDesktopHandlers(ipc: IpcMainRouter, services: DesktopServices): void {
  ipc.handle('call:event', (event) => services.notifier.handle(event));
  ipc.handle('status:report', (status) => services.showStatus(status));
  ipc.handle('ui:language', (language) => services.setLanguage(language));
  ipc.handle('hotkeys:set', (settings) => services.hotkeys.apply(settings));
  ipc.handle('preferences:load', () => services.preferences.load());
  ipc.handle('preferences:save', (changes) => services.preferences.save(changes));
  ipc.handle('dial:take-pending', () => services.inbox.takePending());
}
