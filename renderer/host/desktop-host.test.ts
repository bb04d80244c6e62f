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
    notify: vi.fn(async () => {}),
    openExternal: vi.fn(async () => {}),
    appInfo: vi.fn(async () => ({ version: '0.1.0', platform: 'linux' })),
    reportCallEvent: vi.fn(async () => {}),
    reportStatus: vi.fn(async () => {}),
    setLanguage: vi.fn(async () => {}),
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

  it('swallows a link main refused instead of failing the caller', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refused = vi.fn(async () =>
      Promise.reject(new Error('open-external: invalid arguments')),
    );
    createDesktopHost(fakeBridge({ openExternal: refused })).openExternal('javascript:alert(1)');
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    warn.mockRestore();
  });

  it('hands call events, status and language to main, and swallows a refusal', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refused = vi.fn(async () => Promise.reject(new Error('call:event: invalid arguments')));
    const bridge = fakeBridge({ reportCallEvent: refused });
    const desktop = createDesktopHost(bridge).desktop;
    desktop?.callEvent({ type: 'stopped', callId: 'call-1' });
    desktop?.reportStatus({ registration: 'registered', doNotDisturb: true });
    desktop?.setLanguage('ru');
    expect(refused).toHaveBeenCalledWith({ type: 'stopped', callId: 'call-1' });
    expect(bridge.reportStatus).toHaveBeenCalledWith({
      registration: 'registered',
      doNotDisturb: true,
    });
    expect(bridge.setLanguage).toHaveBeenCalledWith('ru');
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    warn.mockRestore();
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

  it('subscribes to main’s events and hands back the unsubscribe', () => {
    const bridge = fakeBridge();
    const desktop = createDesktopHost(bridge).desktop;
    const listener = vi.fn();
    expect(desktop?.onCallAction(listener)).toBe(unsubscribe);
    desktop?.onHotkey(listener);
    desktop?.onDialNumber(listener);
    desktop?.onDoNotDisturb(listener);
    desktop?.onReregister(listener);
    for (const subscribe of [
      bridge.onCallAction,
      bridge.onHotkey,
      bridge.onDialNumber,
      bridge.onDoNotDisturb,
      bridge.onReregister,
    ]) {
      expect(subscribe).toHaveBeenCalledWith(listener);
    }
  });

  it('needs the bridge', () => {
    expect(() => createDesktopHost(undefined)).toThrow('preload bridge');
  });
});
