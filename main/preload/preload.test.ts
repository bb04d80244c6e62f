import { describe, expect, it, vi } from 'vitest';
import { requestSchemas, type SoftphoneBridge } from '../../shared/ipc-contract';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke },
}));

await import('./preload');

describe('preload', () => {
  const bridge = exposed.get('softphone') as SoftphoneBridge;

  it('exposes one object, with the device kind and one method per channel', () => {
    expect([...exposed.keys()]).toEqual(['softphone']);
    expect(Object.keys(bridge).sort()).toEqual(
      [
        'appInfo',
        'canKeepPassword',
        'deviceKind',
        'forgetAccount',
        'forgetAdminAccount',
        'instanceId',
        'loadAccount',
        'loadAdminAccount',
        'notify',
        'openExternal',
        'saveAccount',
        'saveAdminAccount',
      ].sort(),
    );
    expect(bridge.deviceKind).toBe('softphone-desktop');
  });

  it('turns each method into an invoke on its channel', async () => {
    const account = { server: 'pbx.example.com', sipNumber: '0462626' };
    await expect(bridge.saveAccount(account)).resolves.toBe('answer');
    await bridge.notify('Incoming call', '0462626');
    await bridge.openExternal('tel:+78121234567');
    await bridge.instanceId();
    const admin = { server: 'pbx.example.com', email: 'admin@example.com', password: 'secret' };
    await bridge.saveAdminAccount(admin);
    await bridge.loadAdminAccount();
    await bridge.forgetAdminAccount();
    expect(invoke.mock.calls).toEqual([
      ['account:save', account],
      ['notify', 'Incoming call', '0462626'],
      ['open-external', 'tel:+78121234567'],
      ['instance:id'],
      ['admin-account:save', admin],
      ['admin-account:load'],
      ['admin-account:forget'],
    ]);
  });

  it('reaches every channel of the contract', async () => {
    invoke.mockClear();
    const methods = Object.values(bridge).filter((value) => typeof value === 'function');
    await Promise.all(methods.map((method: () => Promise<unknown>) => method()));
    const channels = invoke.mock.calls.map(([channel]) => channel);
    expect(channels.sort()).toEqual(Object.keys(requestSchemas).sort());
  });
});
