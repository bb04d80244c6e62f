import { join } from 'node:path';
import { app } from 'electron';
import { createMainWindow } from './window';

/** Where the renderer comes from: the PBX given by PBX_URL, or the local demo PBX. */
const rendererUrl = process.env.PBX_URL ?? 'http://127.0.0.1:8080/';

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(() => {
  createMainWindow(rendererUrl, join(import.meta.dirname, '../preload/preload.cjs'));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
