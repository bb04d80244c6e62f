import { IPC, type Channel, type SoftphoneBridge } from '../../shared/ipc-contract';
import type { RawIpc } from './invoke';

type Untyped = (channel: string, ...args: unknown[]) => unknown;

/**
 * `window.softphone`, made from the contract's table: per invoke channel a method answering a
 * promise, per send channel a method answering nothing, per event a subscription.
 */
export function createBridge(ipc: RawIpc): SoftphoneBridge {
  const methods = (Object.keys(IPC) as Channel[]).map((channel) => {
    const { kind, method } = IPC[channel];
    const raw = (kind === 'event' ? ipc.subscribe : ipc[kind]) as Untyped;
    return [method, (...args: unknown[]) => raw(channel, ...args)];
  });
  return Object.freeze({
    deviceKind: 'softphone-desktop',
    ...Object.fromEntries(methods),
  }) as SoftphoneBridge;
}
