import { contextBridge } from 'electron';
import { createBridge } from './bridge';
import { rawIpc } from './invoke';

/** What the renderer sees as `window.softphone`: the contract's table made into methods. */
contextBridge.exposeInMainWorld('softphone', createBridge(rawIpc));
