import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/** Every window of the app runs sandboxed, isolated, without Node (STYLE: processes and IPC). */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

/** The softphone window, loading the renderer from `url` (the PBX's web softphone for now). */
export function createMainWindow(url: string, preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 420,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    title: 'Softphone',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  window.once('ready-to-show', () => window.show());
  // Links leave the app for the system browser; the window itself never navigates away.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, target) => {
    if (new URL(target).origin !== new URL(url).origin) event.preventDefault();
  });
  void window.loadURL(url);
  return window;
}
