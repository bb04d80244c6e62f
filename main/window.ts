import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { rendererTrust } from './renderer-location';
import { applySessionPolicy } from './session-policy';

/** Every window of the app runs sandboxed, isolated, without Node (STYLE: processes and IPC). */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

/** The softphone window, loading the renderer from `url` (the built page or the PBX). */
export function createMainWindow(url: string, preloadPath: string): BrowserWindow {
  const isTrusted = rendererTrust(url);
  const window = new BrowserWindow({
    width: 420,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    title: 'Softphone',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  applySessionPolicy(window.webContents.session, isTrusted);
  window.once('ready-to-show', () => window.show());
  // Links leave the app for the system browser; the window itself never navigates away.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, target) => {
    if (!isTrusted(target)) event.preventDefault();
  });
  void window.loadURL(url);
  return window;
}

/** Brings the window to the front, e.g. when a second instance of the app is started. */
export function focusWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
