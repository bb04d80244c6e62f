import { describe, expect, it, vi } from 'vitest';
import type { SoftphoneBridge } from '../../shared/ipc-contract';
import { createDesktopHost } from './desktop-host';

const unsubscribe = vi.fn();

function fakeBridge(overrides: Partial<SoftphoneBridge> = {}): SoftphoneBridge {
  return {
    deviceKind: 'softphone-desktop',
    loadAccount: vi.fn(async () => ({ server: 'pbx.example.com', sipNumber: '0462626' })),
    saveAccount: vi.fn(async () => {}),
    forgetAccount: vi.fn(async () => {}),
    canKeepPassword: vi.fn(async () => true),
    loadAdminAccount: vi.fn(async () => ({
      server: 'pbx.example.com',
      email: 'admin@example.com',
    })),
    saveAdminAccount: vi.fn(async () => {}),
    forgetAdminAccount: vi.fn(async () => {}),
    instanceId: vi.fn(async () => '5b0f7bde-8a43-4a3e-9f57-1a2b3c4d5e6f'),
    notify: vi.fn(),
    openExternal: vi.fn(),
    appInfo: vi.fn(async () => ({ version: '0.1.0', platform: 'linux' })),
    reportCallEvent: vi.fn(),
    reportStatus: vi.fn(),
    setLanguage: vi.fn(),
    setHotkeys: vi.fn(async () => ({
      answer: { status: 'registered' as const, accelerator: 'Control+Alt+A' },
      hangUp: { status: 'off' as const },
    })),
    loadPreferences: vi.fn(async () => ({ closeToTray: true })),
    savePreferences: vi.fn(async () => ({ closeToTray: false })),
    takePendingDial: vi.fn(async () => '+78121234567'),
    onCallAction: vi.fn(() => unsubscribe),
    onHotkey: vi.fn(() => unsubscribe),
    onDialNumber: vi.fn(() => unsubscribe),
    onDoNotDisturb: vi.fn(() => unsubscribe),
    onReregister: vi.fn(() => unsubscribe),
    ...overrides,
  };
}

describe('createDesktopHost', () => {
  it('is the desktop softphone and answers from the bridge', async () => {
    const bridge = fakeBridge();
    const host = createDesktopHost(bridge);
    expect(host.deviceKind).toBe('softphone-desktop');
    expect(await host.instanceId()).toBe('5b0f7bde-8a43-4a3e-9f57-1a2b3c4d5e6f');
    expect(await host.loadAccount()).toEqual({ server: 'pbx.example.com', sipNumber: '0462626' });
    expect(await host.canKeepPassword()).toBe(true);
  });

  it('hands account changes, notifications and links to main', async () => {
    const bridge = fakeBridge();
    const host = createDesktopHost(bridge);
    const account = { server: 'pbx.example.com', sipNumber: '0462626', password: 'secret' };
    await host.saveAccount(account);
    await host.forgetAccount();
    host.notify('Incoming call', 'Anna, 0462626');
    host.openExternal('tel:+78121234567');
    expect(bridge.saveAccount).toHaveBeenCalledWith(account);
    expect(bridge.forgetAccount).toHaveBeenCalled();
    expect(bridge.notify).toHaveBeenCalledWith('Incoming call', 'Anna, 0462626');
    expect(bridge.openExternal).toHaveBeenCalledWith('tel:+78121234567');
  });

  it('loads, saves and forgets the admin sign-in through main, password included', async () => {
    const bridge = fakeBridge();
    const host = createDesktopHost(bridge);
    expect(await host.loadAdminAccount()).toEqual({
      server: 'pbx.example.com',
      email: 'admin@example.com',
    });
    const admin = { server: 'pbx.example.com', email: 'admin@example.com', password: 'secret' };
    await host.saveAdminAccount(admin);
    await host.forgetAdminAccount();
    expect(bridge.saveAdminAccount).toHaveBeenCalledWith(admin);
    expect(bridge.forgetAdminAccount).toHaveBeenCalled();
    expect(bridge.forgetAccount).not.toHaveBeenCalled();
  });

  it('passes on main refusing an admin account, so the sign-in screen can tell', async () => {
    const refused = vi.fn(async () =>
      Promise.reject(new Error('admin-account:save: invalid arguments')),
    );
    const host = createDesktopHost(fakeBridge({ saveAdminAccount: refused }));
    await expect(host.saveAdminAccount({ server: 'pbx.example.com', email: '' })).rejects.toThrow(
      'invalid arguments',
    );
  });

  it('sends call events, status and language to main without waiting for an answer', () => {
    const bridge = fakeBridge();
    const desktop = createDesktopHost(bridge).desktop;
    desktop?.callEvent({ type: 'stopped', callId: 'call-1' });
    desktop?.reportStatus({ registration: 'registered', doNotDisturb: true });
    desktop?.setLanguage('ru');
    expect(bridge.reportCallEvent).toHaveBeenCalledWith({ type: 'stopped', callId: 'call-1' });
    expect(bridge.reportStatus).toHaveBeenCalledWith({
      registration: 'registered',
      doNotDisturb: true,
    });
    expect(bridge.setLanguage).toHaveBeenCalledWith('ru');
  });

  it('answers hotkeys, preferences and the pending link from main', async () => {
    const desktop = createDesktopHost(fakeBridge()).desktop;
    expect(await desktop?.setHotkeys({ answer: 'Ctrl+Alt+A' })).toMatchObject({
      answer: { status: 'registered' },
    });
    expect(await desktop?.loadPreferences()).toEqual({ closeToTray: true });
    expect(await desktop?.savePreferences({ closeToTray: false })).toEqual({ closeToTray: false });
    expect(await desktop?.takePendingDial()).toBe('+78121234567');
  });

  it('listens to every event of main, and stops them all at once', () => {
    const bridge = fakeBridge();
    const desktop = createDesktopHost(bridge).desktop;
    const listeners = {
      onCallAction: vi.fn(),
      onHotkey: vi.fn(),
      onDialNumber: vi.fn(),
      onDoNotDisturb: vi.fn(),
      onReregister: vi.fn(),
    };
    const stop = desktop?.listen(listeners);
    for (const [method, listener] of Object.entries(listeners)) {
      expect(bridge[method as keyof typeof listeners]).toHaveBeenCalledWith(listener);
    }
    unsubscribe.mockClear();
    stop?.();
    expect(unsubscribe).toHaveBeenCalledTimes(5);
  });

  it('needs the bridge', () => {
    expect(() => createDesktopHost(undefined)).toThrow('preload bridge');
  });
});
