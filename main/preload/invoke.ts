import { ipcRenderer } from 'electron';
import type { RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc-contract';

/** A typed `ipcRenderer.invoke`; the only place the preload touches `ipcRenderer`. */
export function invoke<C extends RequestChannel>(
  channel: C,
  ...args: RequestArgs<C>
): Promise<RequestResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<RequestResult<C>>;
}
