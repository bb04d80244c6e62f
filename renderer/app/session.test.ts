import { describe, expect, it, vi } from 'vitest';
import type { Host } from '../host/host';
import type { SipAdapter } from '../sip/types';
import { createAppStore, memoryStorage } from '../store';
import type { EmployeeApi } from '../features/my-number/employee-api';
import { resumeSession, signIn, signOut } from './session';
import type { Services } from './services';

function services(stored?: Awaited<ReturnType<Host['loadAccount']>>, canKeep = false): Services {
  const host: Host = {
    deviceKind: 'softphone-desktop',
    instanceId: async () => 'inst-1',
    loadAccount: vi.fn(async () => stored),
    saveAccount: vi.fn(async () => {}),
    forgetAccount: vi.fn(async () => {}),
    canKeepPassword: async () => canKeep,
    loadAdminAccount: vi.fn(async () => undefined),
    saveAdminAccount: vi.fn(async () => {}),
    forgetAdminAccount: vi.fn(async () => {}),
    notify: vi.fn(),
    openExternal: vi.fn(),
  };
  const adapter = { start: vi.fn(), stop: vi.fn(async () => {}) } as unknown as SipAdapter;
  const store = createAppStore({ storage: memoryStorage(), language: 'en' });
  const employeeApi = { start: vi.fn(async () => {}), stop: vi.fn(async () => {}) };
  return {
    host,
    adapter,
    store,
    tones: { play: () => () => {}, announce: () => () => {} },
    api: vi.fn(() => ({ isThisPbx: async () => true })) as unknown as Services['api'],
    subscribeEvents: vi.fn(),
    employeeApi: employeeApi as unknown as EmployeeApi,
    screens: { Phone: () => null, Admin: () => null },
  };
}

describe('session', () => {
  it('signs in with wss for a bare host (no page) and keeps the password only if allowed', async () => {
    const s = services(undefined, true);
    await signIn(s, {
      server: 'pbx.example.com',
      sipNumber: '0462626',
      password: 'pw',
      remember: true,
    });
    expect(s.host.saveAccount).toHaveBeenCalledWith({
      server: 'pbx.example.com',
      sipNumber: '0462626',
      password: 'pw',
    });
    expect(s.adapter.start).toHaveBeenCalledWith(
      expect.objectContaining({
        account: { server: 'wss://pbx.example.com', sipNumber: '0462626', password: 'pw' },
        deviceKind: 'softphone-desktop',
        instanceId: 'inst-1',
      }),
    );
    expect(s.store.getState().registration.account).toEqual({
      server: 'wss://pbx.example.com',
      sipNumber: '0462626',
    });
    await vi.waitFor(() => expect(s.store.getState().registration.server).toBe('this-pbx'));
    expect(s.employeeApi.start).toHaveBeenCalledWith({
      baseUrl: 'https://pbx.example.com',
      sipNumber: '0462626',
      password: 'pw',
    });
  });

  it('starts with the microphone chosen in the settings', async () => {
    const s = services();
    s.store.getState().updateSettings({ audio: { microphone: 'usb-headset' } });
    await signIn(s, {
      server: 'pbx.example.com',
      sipNumber: '0462626',
      password: 'pw',
      remember: false,
    });
    expect(vi.mocked(s.adapter.start).mock.calls[0]![0].microphoneId).toBe('usb-headset');
  });

  it('resumes with a kept password, and not without one', async () => {
    const kept = services({ server: '127.0.0.1:8080', sipNumber: '0462626', password: 'pw' }, true);
    expect(await resumeSession(kept)).toBe(true);
    expect(vi.mocked(kept.adapter.start).mock.calls[0]![0].account.server).toBe(
      'ws://127.0.0.1:8080',
    );
    const none = services({ server: '127.0.0.1:8080', sipNumber: '0462626' });
    expect(await resumeSession(none)).toBe(false);
    expect(none.adapter.start).not.toHaveBeenCalled();
  });

  it('signs out: stops, keeps server and number, drops the password', async () => {
    const s = services({ server: 'pbx.example.com', sipNumber: '0462626', password: 'pw' }, true);
    s.store.getState().signedIn({ server: 'wss://pbx.example.com', sipNumber: '0462626' });
    await signOut(s);
    expect(s.adapter.stop).toHaveBeenCalled();
    expect(s.employeeApi.stop).toHaveBeenCalled();
    expect(s.host.saveAccount).toHaveBeenCalledWith({
      server: 'pbx.example.com',
      sipNumber: '0462626',
    });
    expect(s.store.getState().registration.status).toBe('signed-out');
  });
});
