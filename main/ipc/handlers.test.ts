import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Invoker = (event: { senderFrame: { url: string } }, ...args: unknown[]) => Promise<unknown>;
const registered = new Map<string, Invoker>();
const openExternal = vi.fn(async (_url: string) => {});
const shown = vi.fn();
const keyring = { backend: 'gnome_libsecret' };

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Invoker) => registered.set(channel, fn),
    on: (channel: string, fn: Invoker) => registered.set(channel, fn),
  },
  shell: { openExternal },
  app: { getVersion: () => '1.2.3' },
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => keyring.backend,
    encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
    decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
  },
  Notification: class {
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {}
    show = () => shown(this.options);
  },
}));

const { createIpcMain } = await import('./handle');
const { appHandlers } = await import('./handlers');
const { desktopHandlers } = await import('./desktop-handlers');
const { rendererTrust } = await import('../renderer-location');
const { createAccountStore, createAdminAccountStore } = await import('../credentials');
const { IPC } = await import('../../shared/ipc-contract');
const log = { warn: vi.fn() };

const ours = { senderFrame: { url: 'http://127.0.0.1:8080/' } };
const call = (channel: string, ...args: unknown[]) => {
  const invoke = registered.get(channel);
  if (!invoke) throw new Error(`${channel} not registered`);
  return invoke(ours, ...args);
};

describe('appHandlers', () => {
  let dir: string;
  beforeEach(async () => {
    registered.clear();
    openExternal.mockClear();
    keyring.backend = 'gnome_libsecret';
    dir = await mkdtemp(join(tmpdir(), 'softphone-handlers-'));
    log.warn.mockClear();
    // The desktop channels have their own tests (desktop.test.ts); here they only complete the set.
    const none = () => undefined as never;
    createIpcMain(rendererTrust('http://127.0.0.1:8080/'), log).listen({
      ...appHandlers({
        credentials: createAccountStore(dir, 'linux'),
        adminCredentials: createAdminAccountStore(dir, 'linux'),
        instanceId: async () => '5b0f7bde-8a43-4a3e-9f57-1a2b3c4d5e6f',
      }),
      ...desktopHandlers({
        notifier: { handle: none },
        showStatus: none,
        setLanguage: none,
        hotkeys: { apply: none },
        preferences: { load: none, save: none },
        inbox: { takePending: none },
      }),
    });
  });

  it('answers every renderer → main channel of the contract, with these and the desktop ones', () => {
    const toMain = Object.entries(IPC).filter(([, spec]) => spec.kind !== 'event');
    expect([...registered.keys()].sort()).toEqual(toMain.map(([channel]) => channel).sort());
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,x',
    'http://',
    'not a url',
  ])('refuses to open %s', async (url) => {
    await call('open-external', url);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('invalid arguments'));
    expect(openExternal).not.toHaveBeenCalled();
  });

  it.each([
    'https://example.com/help',
    'tel:+78121234567',
    'sip:0462626@pbx.example.com',
    'mailto:a@b.ru',
  ])('opens %s with the operating system', async (url) => {
    await call('open-external', url);
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalledWith(url));
  });

  it('shows a notification and reports the app version', async () => {
    await call('notify', 'Missed call', '0462626');
    await vi.waitFor(() =>
      expect(shown).toHaveBeenCalledWith({ title: 'Missed call', body: '0462626' }),
    );
    await expect(call('app:info')).resolves.toEqual({
      version: '1.2.3',
      platform: process.platform,
    });
    await expect(call('account:can-keep-password')).resolves.toBe(true);
    keyring.backend = 'basic_text';
    await expect(call('account:can-keep-password')).resolves.toBe(false);
  });

  const admin = { server: 'pbx.example.com', email: 'admin@example.com', password: 'hunter2' };

  it('remembers the admin sign-in, the password only encrypted, and forgets it', async () => {
    await expect(call('admin-account:load')).resolves.toBeUndefined();
    await call('admin-account:save', admin);
    const file = await readFile(join(dir, 'admin-account.json'), 'utf8');
    expect(file).toContain('admin@example.com');
    expect(file).not.toContain('hunter2');
    await expect(call('admin-account:load')).resolves.toEqual(admin);
    await expect(call('account:load')).resolves.toBeUndefined();
    await call('admin-account:forget');
    await expect(call('admin-account:load')).resolves.toBeUndefined();
  });

  it('keeps the admin server and e-mail but no password under basic_text', async () => {
    keyring.backend = 'basic_text';
    await call('admin-account:save', admin);
    expect(await readFile(join(dir, 'admin-account.json'), 'utf8')).not.toContain('assword');
    await expect(call('admin-account:load')).resolves.toEqual({
      server: 'pbx.example.com',
      email: 'admin@example.com',
    });
  });

  it.each([
    ['a missing e-mail', { server: 'pbx.example.com', password: 'hunter2' }],
    ['an empty e-mail', { ...admin, email: '  ' }],
    ['an over-long e-mail', { ...admin, email: `${'a'.repeat(250)}@b.ru` }],
    ['an over-long password', { ...admin, password: 'x'.repeat(257) }],
    ['an over-long server', { ...admin, server: 'p'.repeat(513) }],
    ['an unknown field', { ...admin, sipNumber: '0462626' }],
    ['no account at all', undefined],
  ])('refuses to save an admin account with %s', async (_, account) => {
    await expect(call('admin-account:save', account)).rejects.toThrow('invalid arguments');
    await expect(call('admin-account:load')).resolves.toBeUndefined();
  });
});
