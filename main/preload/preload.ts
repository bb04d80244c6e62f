import { contextBridge } from 'electron';

/** The one narrow object the renderer sees: which host it runs in. */
contextBridge.exposeInMainWorld('softphone', {
  deviceKind: 'softphone-desktop',
});
