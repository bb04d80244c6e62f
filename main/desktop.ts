import { join } from 'node:path';
import { app, globalShortcut, powerMonitor, type BrowserWindow } from 'electron';
import { createCallNotifier } from './call-notifications';
import { hideOnClose, trackQuitting } from './close-to-tray';
import { DESKTOP_STRINGS, languageOfLocale } from './desktop-strings';
import type { DialInbox } from './dial-links';
import { createHotkeys } from './hotkeys';
import { desktopHandlers, type DesktopHandlers } from './ipc/desktop-handlers';
import { sendToRenderer } from './ipc/send';
import { reregisterOnWake } from './power';
import { createPreferencesStore } from './preferences';
import { createStatusTray } from './status-tray';
import { focusWindow } from './window';

/**
 * Where the tray icons are: beside the app's resources when packaged (electron-builder's
 * `extraResources`), in the repository's `assets/tray` in development.
 */
export function trayIconDir(isPackaged: boolean, resourcesPath: string, outDir: string): string {
  return isPackaged ? join(resourcesPath, 'tray') : join(outDir, '..', 'assets', 'tray');
}

/** What the desktop integration works with, from `main.ts`. */
export interface DesktopIntegrationOptions {
  /** The main window, when there is one. */
  window: () => BrowserWindow | undefined;
  /** Links opened before and after start (created early: macOS sends them before `ready`). */
  inbox: DialInbox;
  userData: string;
  trayIconDir: string;
  platform: NodeJS.Platform;
}

export interface DesktopIntegration {
  /** Hooks a new main window into the desktop integration. */
  attach(window: BrowserWindow): void;
  /** Its IPC channels, for main's router. */
  handlers: DesktopHandlers;
}

/**
 * Starts what the desktop app adds to the phone, after `app.whenReady()`: the tray, call
 * notifications, global shortcuts, re-registration on wake-up, close-to-tray, and the handlers
 * of the IPC channels through which the renderer drives them.
 */
export async function startDesktopIntegration(
  options: DesktopIntegrationOptions,
): Promise<DesktopIntegration> {
  const { window, inbox, platform } = options;
  const preferences = createPreferencesStore(options.userData);
  await preferences.load();
  let language = languageOfLocale(app.getLocale());
  const strings = () => DESKTOP_STRINGS[language];
  const show = () => focusWindow(window());

  const tray = createStatusTray(
    options.trayIconDir,
    {
      show,
      setDoNotDisturb: (enabled) => sendToRenderer(window(), 'dnd:set', enabled),
      quit: () => app.quit(),
    },
    strings,
  );
  const notifier = createCallNotifier({
    platform,
    strings,
    onAction: (action) => {
      if (action.action !== 'decline') show();
      sendToRenderer(window(), 'call:action', action);
    },
  });
  const hotkeys = createHotkeys(globalShortcut, (action) =>
    sendToRenderer(window(), 'hotkey:pressed', action),
  );
  reregisterOnWake(powerMonitor, () => sendToRenderer(window(), 'sip:reregister'));
  const quitting = trackQuitting(app);
  app.on('will-quit', () => {
    hotkeys.clear();
    notifier.closeAll();
    tray.destroy();
  });

  return {
    handlers: desktopHandlers({
      notifier,
      showStatus: (status) => tray.update(status),
      setLanguage: (next) => {
        language = next;
        tray.refresh();
      },
      hotkeys,
      preferences,
      inbox,
    }),
    attach(mainWindow) {
      hideOnClose(mainWindow, () => preferences.current().closeToTray, quitting);
      mainWindow.webContents.on('did-start-loading', () => inbox.rendererReloading());
    },
  };
}
