import { beforeEach, describe, expect, it, vi } from 'vitest';

type Invoker = (event: { senderFrame: { url: string } }, ...args: unknown[]) => Promise<unknown>;
const registered = new Map<string, Invoker>();
const openExternal = vi.fn(async (_url: string) => {});
const shown = vi.fn();

vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: Invoker) => registered.set(channel, fn) },
  shell: { openExternal },
  app: { getVersion: () => '1.2.3' },
  Notification: class {
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {}
    show = () => shown(this.options);
  },
}));

const { createIpcMain } = await import('./handle');
const { registerHandlers } = await import('./handlers');
const { rendererTrust } = await import('../renderer-location');
const { requestSchemas } = await import('../../shared/ipc-contract');

const ours = { senderFrame: { url: 'http://127.0.0.1:8080/' } };
const call = (channel: string, ...args: unknown[]) => {
  const invoke = registered.get(channel);
  if (!invoke) throw new Error(`${channel} not registered`);
  return invoke(ours, ...args);
};

describe('registerHandlers', () => {
  beforeEach(() => {
    registered.clear();
    openExternal.mockClear();
    const credentials = {
      load: vi.fn(async () => undefined),
      save: vi.fn(async () => {}),
      forget: vi.fn(async () => {}),
      canKeepPassword: () => false,
    };
    registerHandlers(createIpcMain(rendererTrust('http://127.0.0.1:8080/'), { warn: vi.fn() }), {
      credentials,
      instanceId: async () => '5b0f7bde-8a43-4a3e-9f57-1a2b3c4d5e6f',
    });
  });

  it('answers every channel of the contract', () => {
    expect([...registered.keys()].sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,x',
    'http://',
    'not a url',
  ])('refuses to open %s', async (url) => {
    await expect(call('open-external', url)).rejects.toThrow('invalid arguments');
    expect(openExternal).not.toHaveBeenCalled();
  });

  it.each([
    'https://example.com/help',
    'tel:+78121234567',
    'sip:0462626@pbx.example.com',
    'mailto:a@b.ru',
  ])('opens %s with the operating system', async (url) => {
    await call('open-external', url);
    expect(openExternal).toHaveBeenCalledWith(url);
  });

  it('shows a notification and reports the app version', async () => {
    await call('notify', 'Missed call', '0462626');
    expect(shown).toHaveBeenCalledWith({ title: 'Missed call', body: '0462626' });
    await expect(call('app:info')).resolves.toEqual({
      version: '1.2.3',
      platform: process.platform,
    });
    await expect(call('account:can-keep-password')).resolves.toBe(false);
  });
});
