import { ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  ChannelArgs,
  EventChannel,
  InvokeChannel,
  InvokeResult,
  SendChannel,
  Unsubscribe,
} from '../../shared/ipc-contract';

/** The raw IPC the bridge is made of; this file is the only place the preload touches it. */
export interface RawIpc {
  invoke<C extends InvokeChannel>(channel: C, ...args: ChannelArgs<C>): Promise<InvokeResult<C>>;
  send<C extends SendChannel>(channel: C, ...args: ChannelArgs<C>): void;
  subscribe<C extends EventChannel>(
    channel: C,
    listener: (...args: ChannelArgs<C>) => void,
  ): Unsubscribe;
}

export const rawIpc: RawIpc = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  /**
   * The listener gets the event's arguments only, never the `IpcRendererEvent` (which would
   * hand the page `sender`, i.e. `ipcRenderer` itself).
   */
  subscribe(channel, listener) {
    const forward = (_event: IpcRendererEvent, ...args: unknown[]) =>
      (listener as (...args: unknown[]) => void)(...args);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
};
