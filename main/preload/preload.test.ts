import { describe, expect, it, vi } from 'vitest';
import { IPC, type SoftphoneBridge } from '../../shared/ipc-contract';

type Forward = (event: unknown, ...args: unknown[]) => void;
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');
const send = vi.fn((..._args: unknown[]) => {});
const listeners = new Map<string, Set<Forward>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke,
    send,
    on: (channel: string, forward: Forward) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(forward));
    },
    removeListener: (channel: string, forward: Forward) => listeners.get(channel)?.delete(forward),
  },
}));

await import('./preload');

const emit = (channel: string, ...args: unknown[]) =>
  listeners.get(channel)?.forEach((forward) => forward({ sender: 'ipcRenderer' }, ...args));
const channelsOf = (kind: string) =>
  Object.entries(IPC)
    .filter(([, spec]) => spec.kind === kind)
    .map(([channel, spec]) => [channel, spec.method] as const);

describe('preload', () => {
  const bridge = exposed.get('softphone') as SoftphoneBridge;
  const method = (name: string) =>
    bridge[name as keyof SoftphoneBridge] as (...a: unknown[]) => unknown;

  it('exposes one frozen object: the device kind and a method per channel of the table', () => {
    expect([...exposed.keys()]).toEqual(['softphone']);
    expect(Object.keys(bridge).sort()).toEqual(
      ['deviceKind', ...Object.values(IPC).map((spec) => spec.method)].sort(),
    );
    expect(bridge.deviceKind).toBe('softphone-desktop');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('turns each invoke method into an invoke on its channel, answering main’s answer', async () => {
    invoke.mockClear();
    const account = { server: 'pbx.example.com', sipNumber: '0462626' };
    await expect(bridge.saveAccount(account)).resolves.toBe('answer');
    await bridge.setHotkeys({ answer: 'Ctrl+Alt+A' });
    expect(invoke.mock.calls).toEqual([
      ['account:save', account],
      ['hotkeys:set', { answer: 'Ctrl+Alt+A' }],
    ]);
    invoke.mockClear();
    for (const [, name] of channelsOf('invoke')) await method(name)();
    expect(invoke.mock.calls.map(([channel]) => channel)).toEqual(
      channelsOf('invoke').map(([channel]) => channel),
    );
  });

  it('sends the fire-and-forget channels, never invokes them, and answers nothing', () => {
    invoke.mockClear();
    send.mockClear();
    expect(bridge.notify('Incoming call', '0462626')).toBeUndefined();
    bridge.reportStatus({ registration: 'registered', doNotDisturb: false });
    expect(send.mock.calls).toEqual([
      ['notify', 'Incoming call', '0462626'],
      ['status:report', { registration: 'registered', doNotDisturb: false }],
    ]);
    send.mockClear();
    for (const [, name] of channelsOf('send')) method(name)();
    expect(send.mock.calls.map(([channel]) => channel)).toEqual(
      channelsOf('send').map(([channel]) => channel),
    );
    expect(invoke).not.toHaveBeenCalled();
  });

  it('subscribes to every event channel and passes on the arguments only', () => {
    const received: unknown[][] = [];
    const stops = channelsOf('event').map(([, name]) =>
      (method(name) as (listener: unknown) => () => void)((...args: unknown[]) =>
        received.push(args),
      ),
    );
    expect([...listeners.keys()].sort()).toEqual(
      channelsOf('event')
        .map(([c]) => c)
        .sort(),
    );
    emit('call:action', { callId: 'c1', action: 'answer' });
    emit('dial:number', '+78121234567');
    emit('sip:reregister');
    expect(received).toEqual([[{ callId: 'c1', action: 'answer' }], ['+78121234567'], []]);
    stops.forEach((stop) => stop());
    emit('dial:number', '0123456');
    expect(received).toHaveLength(3);
  });
});
