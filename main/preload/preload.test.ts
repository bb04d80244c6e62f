import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, requestSchemas, type SoftphoneBridge } from '../../shared/ipc-contract';

type Forward = (event: unknown, ...args: unknown[]) => void;
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');
const listeners = new Map<string, Set<Forward>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke,
    on: (channel: string, forward: Forward) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(forward));
    },
    removeListener: (channel: string, forward: Forward) => listeners.get(channel)?.delete(forward),
  },
}));

await import('./preload');

const SUBSCRIPTIONS = [
  'onCallAction',
  'onHotkey',
  'onDialNumber',
  'onDoNotDisturb',
  'onReregister',
];
const emit = (channel: string, ...args: unknown[]) =>
  listeners.get(channel)?.forEach((forward) => forward({ sender: 'ipcRenderer' }, ...args));

describe('preload', () => {
  const bridge = exposed.get('softphone') as SoftphoneBridge;
  const requestMethods = () =>
    Object.entries(bridge).filter(
      ([name, value]) => typeof value === 'function' && !SUBSCRIPTIONS.includes(name),
    );

  it('exposes one object, with the device kind, a method per request and per event', () => {
    expect([...exposed.keys()]).toEqual(['softphone']);
    expect(Object.keys(bridge).sort()).toEqual(
      [
        ...['appInfo', 'canKeepPassword', 'deviceKind', 'forgetAccount', 'forgetAdminAccount'],
        ...['instanceId', 'loadAccount', 'loadAdminAccount', 'notify', 'openExternal'],
        ...['saveAccount', 'saveAdminAccount', 'reportCallEvent', 'reportStatus', 'setLanguage'],
        ...['setHotkeys', 'loadPreferences', 'savePreferences', 'takePendingDial'],
        ...SUBSCRIPTIONS,
      ].sort(),
    );
    expect(bridge.deviceKind).toBe('softphone-desktop');
  });

  it('turns each method into an invoke on its channel', async () => {
    invoke.mockClear();
    const account = { server: 'pbx.example.com', sipNumber: '0462626' };
    await expect(bridge.saveAccount(account)).resolves.toBe('answer');
    await bridge.notify('Incoming call', '0462626');
    await bridge.openExternal('tel:+78121234567');
    await bridge.instanceId();
    const admin = { server: 'pbx.example.com', email: 'admin@example.com', password: 'secret' };
    await bridge.saveAdminAccount(admin);
    await bridge.loadAdminAccount();
    await bridge.forgetAdminAccount();
    const ringing = {
      type: 'incoming',
      callId: 'c1',
      title: 'Incoming call',
      body: 'Anna',
    } as const;
    await bridge.reportCallEvent(ringing);
    await bridge.reportStatus({ registration: 'registered', doNotDisturb: false });
    await bridge.setHotkeys({ answer: 'Ctrl+Alt+A' });
    await bridge.savePreferences({ closeToTray: false });
    expect(invoke.mock.calls).toEqual([
      ['account:save', account],
      ['notify', 'Incoming call', '0462626'],
      ['open-external', 'tel:+78121234567'],
      ['instance:id'],
      ['admin-account:save', admin],
      ['admin-account:load'],
      ['admin-account:forget'],
      ['call:event', ringing],
      ['status:report', { registration: 'registered', doNotDisturb: false }],
      ['hotkeys:set', { answer: 'Ctrl+Alt+A' }],
      ['preferences:save', { closeToTray: false }],
    ]);
  });

  it('reaches every request channel of the contract', async () => {
    invoke.mockClear();
    await Promise.all(requestMethods().map(([, method]) => (method as () => unknown)()));
    const channels = invoke.mock.calls.map(([channel]) => channel);
    expect(channels.sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('subscribes to every event channel and passes on the arguments only', () => {
    const received: unknown[][] = [];
    const stops = SUBSCRIPTIONS.map((name) =>
      (bridge[name as keyof SoftphoneBridge] as (listener: unknown) => () => void)(
        (...args: unknown[]) => received.push(args),
      ),
    );
    expect([...listeners.keys()].sort()).toEqual([...EVENT_CHANNELS].sort());
    emit('call:action', { callId: 'c1', action: 'answer' });
    emit('dial:number', '+78121234567');
    emit('sip:reregister');
    expect(received).toEqual([[{ callId: 'c1', action: 'answer' }], ['+78121234567'], []]);
    stops.forEach((stop) => stop());
    emit('dial:number', '0123456');
    expect(received).toHaveLength(3);
  });
});
