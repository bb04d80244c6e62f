import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createAccountStore, createAdminAccountStore } from './credentials';
import { createInstanceId } from './instance-id';
import { createIpcMain } from './ipc/handle';
import { registerHandlers } from './ipc/handlers';
import { rendererLocation, rendererTrust } from './renderer-location';
import { createMainWindow, focusWindow } from './window';

/** This file is out/main/main.js once bundled; the preload and the renderer sit beside it. */
const outDir = join(import.meta.dirname, '..');
const rendererUrl = rendererLocation(app.isPackaged, outDir, process.env.PBX_URL);
const preload = join(outDir, 'preload', 'preload.cjs');

app.enableSandbox();
if (app.requestSingleInstanceLock()) start();
else app.quit();

function start(): void {
  let window: BrowserWindow | undefined;
  const open = () => (window = createMainWindow(rendererUrl, preload));
  app.on('second-instance', () => focusWindow(window));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(() => {
    const userData = app.getPath('userData');
    registerHandlers(createIpcMain(rendererTrust(rendererUrl)), {
      credentials: createAccountStore(userData),
      adminCredentials: createAdminAccountStore(userData),
      instanceId: createInstanceId(userData),
    });
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
}
