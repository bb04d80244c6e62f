import type { BrowserWindow } from 'electron';
import type { ChannelArgs, EventChannel } from '../../shared/ipc-contract';

/**
 * Sends a contract event to the renderer of `window`; false when there is no live window to
 * take it (the caller may keep it for later).
 */
export function sendToRenderer<C extends EventChannel>(
  window: BrowserWindow | undefined,
  channel: C,
  ...args: ChannelArgs<C>
): boolean {
  if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return false;
  window.webContents.send(channel, ...args);
  return true;
}
