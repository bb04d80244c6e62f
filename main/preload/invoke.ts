import { ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  EventChannel,
  EventChannels,
  RequestArgs,
  RequestChannel,
  RequestResult,
  Unsubscribe,
} from '../../shared/ipc-contract';

/** A typed `ipcRenderer.invoke`; this file is the only place the preload touches `ipcRenderer`. */
export function invoke<C extends RequestChannel>(
  channel: C,
  ...args: RequestArgs<C>
): Promise<RequestResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<RequestResult<C>>;
}

/**
 * Listens to a main → renderer event. The listener gets the event's arguments only, never the
 * `IpcRendererEvent` (which would hand the page `sender`, i.e. `ipcRenderer` itself).
 */
export function subscribe<C extends EventChannel>(
  channel: C,
  listener: EventChannels[C],
): Unsubscribe {
  const forward = (_event: IpcRendererEvent, ...args: unknown[]) =>
    (listener as (...args: unknown[]) => void)(...args);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}
