import { join, resolve } from 'node:path';
import { app, BrowserWindow, net, protocol } from 'electron';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { APP_ID } from './app-id';
import { startAutoUpdates } from './auto-update';
import { createAccountStore, createAdminAccountStore } from './credentials';
import { startDesktopIntegration, trayIconDir } from './desktop';
import { createDialInbox, listenForDialLinks, registerDialSchemes } from './dial-links';
import { createInstanceId } from './instance-id';
import { installedUpdater } from './installed-updater';
import { createIpcMain } from './ipc/handle';
import { desktopUnavailable } from './ipc/desktop-handlers';
import { appHandlers } from './ipc/handlers';
import { sendToRenderer } from './ipc/send';
import { rendererLocation, rendererTrust } from './renderer-location';
import { createMainWindow, focusWindow } from './window';

/** This file is out/main/main.js once bundled; the preload and the renderer sit beside it. */
const outDir = join(import.meta.dirname, '..');
const rendererUrl = rendererLocation(app.isPackaged, process.env.PBX_URL);
const preload = join(outDir, 'preload', 'preload.cjs');

app.enableSandbox();
registerAppScheme(protocol);
if (app.requestSingleInstanceLock()) start();
else app.quit();

function start(): void {
  let window: BrowserWindow | undefined;
  const currentWindow = () => window;
  // Before `ready`: macOS delivers the link that launched the app as an early `open-url`.
  const inbox = createDialInbox({
    deliver: (number) => sendToRenderer(window, 'dial:number', number),
    focus: () => focusWindow(window),
  });
  listenForDialLinks(app, inbox, process.argv, () => focusWindow(window));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    if (app.isPackaged) serveRenderer(protocol, join(outDir, 'renderer'), (url) => net.fetch(url));
    registerDialSchemes(app, {
      defaultApp: process.defaultApp === true,
      execPath: process.execPath,
      appPath: process.defaultApp ? resolve(process.argv[1] ?? '.') : undefined,
    });
    const userData = app.getPath('userData');
    const desktop = await startDesktopIntegration({
      window: currentWindow,
      inbox,
      userData,
      trayIconDir: trayIconDir(app.isPackaged, process.resourcesPath, outDir),
      platform: process.platform,
    }).catch((error: unknown) => {
      // The phone works without a tray or shortcuts; it must not fail to open for want of them.
      console.error('desktop integration failed to start', error);
      return undefined;
    });
    // Every renderer → main channel at once, before the window exists (the type asks for all).
    createIpcMain(rendererTrust(rendererUrl)).listen({
      ...appHandlers({
        credentials: createAccountStore(userData),
        adminCredentials: createAdminAccountStore(userData),
        instanceId: createInstanceId(userData),
      }),
      ...(desktop?.handlers ?? desktopUnavailable),
    });
    const open = () => {
      window = createMainWindow(rendererUrl, preload);
      desktop?.attach(window);
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
      else focusWindow(window);
    });
    startAutoUpdates(installedUpdater, {
      isPackaged: app.isPackaged,
      env: process.env,
      log: console,
    });
  });
}
