import type { BrowserWindow } from 'electron';
import type { EventArgs, EventChannel } from '../../shared/ipc-contract';

/**
 * Sends a contract event to the renderer of `window`; false when there is no live window to
 * take it (the caller may keep it for later).
 */
export function sendToRenderer<C extends EventChannel>(
  window: BrowserWindow | undefined,
  channel: C,
  ...args: EventArgs<C>
): boolean {
  if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return false;
  window.webContents.send(channel, ...args);
  return true;
}
