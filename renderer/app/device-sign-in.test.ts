import { describe, expect, it, vi } from 'vitest';
import type { PbxApi } from '../api';
import type { EmployeeApi } from '../features/my-number/employee-api';
import { createWebHost, DEVICE_CREDENTIAL_KEY } from '../host/web-host';
import type { SipAdapter } from '../sip/types';
import { createAppStore, memoryStorage } from '../store';
import type { Services } from './services';
import { resumeSession, signIn, signOut } from './session';

const ISSUED = { username: '0462626.0123456789abcdef0123', secret: 'device-secret' };

/** A browser (web host over a fake localStorage) signed in to this PBX. */
function browser(saved: Record<string, string> = {}) {
  const items = new Map(Object.entries(saved));
  const storage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
  const host = createWebHost({ storage, randomUUID: () => 'inst-1', location: undefined });
  const client = {
    isThisPbx: vi.fn(async () => true),
    issueDeviceCredential: vi.fn(async () => ISSUED),
    revokeDeviceCredential: vi.fn(async () => {}),
  };
  const employeeApi = {
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    call: vi.fn(async (fn: (api: PbxApi) => Promise<unknown>) => fn(client as unknown as PbxApi)),
  };
  const services: Services = {
    host,
    adapter: { start: vi.fn(), stop: vi.fn(async () => {}) } as unknown as SipAdapter,
    store: createAppStore({ storage: memoryStorage(), language: 'en' }),
    tones: { play: () => () => {}, announce: () => () => {} },
    api: vi.fn(() => client) as unknown as Services['api'],
    subscribeEvents: vi.fn(),
    employeeApi: employeeApi as unknown as EmployeeApi,
    screens: { Phone: () => null, Admin: () => null },
  };
  return { services, items, client, employeeApi };
}

const form = { server: '127.0.0.1:8080', sipNumber: '0462626', password: 'pw', remember: true };
const KEPT = JSON.stringify({ server: '127.0.0.1:8080', sipNumber: '0462626', ...ISSUED });
const ACCOUNT = JSON.stringify({ server: '127.0.0.1:8080', sipNumber: '0462626' });

describe('staying signed in in a browser', () => {
  it('after a password sign-in keeps the device credential the PBX issued, never the password', async () => {
    const { services, items, client } = browser();
    await signIn(services, form);
    await vi.waitFor(() => expect(items.get(DEVICE_CREDENTIAL_KEY)).toBe(KEPT));
    expect(client.issueDeviceCredential).toHaveBeenCalledWith({ instance: 'inst-1' });
    expect([...items.values()].join()).not.toContain('"pw"');
  });

  it('resumes with it: registers as the device user name, opens the API with it', async () => {
    const { services, employeeApi } = browser({
      'softphone.account': ACCOUNT,
      [DEVICE_CREDENTIAL_KEY]: KEPT,
    });
    expect(await resumeSession(services)).toBe(true);
    expect(vi.mocked(services.adapter.start).mock.calls[0]![0].account).toEqual({
      server: 'ws://127.0.0.1:8080',
      sipNumber: '0462626',
      password: ISSUED.secret,
      authorizationUser: ISSUED.username,
    });
    await vi.waitFor(() =>
      expect(employeeApi.start).toHaveBeenCalledWith({
        baseUrl: 'http://127.0.0.1:8080',
        sipNumber: '0462626',
        device: { server: '127.0.0.1:8080', sipNumber: '0462626', ...ISSUED },
      }),
    );
  });

  it('does not resume with a credential of another server or number', async () => {
    const other = JSON.stringify({ server: 'pbx.example.com', sipNumber: '0462626', ...ISSUED });
    const { services } = browser({ 'softphone.account': ACCOUNT, [DEVICE_CREDENTIAL_KEY]: other });
    expect(await resumeSession(services)).toBe(false);
    expect(services.adapter.start).not.toHaveBeenCalled();
  });

  it('forgets it when the PBX revoked it, and Sign out revokes it at the PBX', async () => {
    const revoked = browser({ 'softphone.account': ACCOUNT, [DEVICE_CREDENTIAL_KEY]: KEPT });
    await resumeSession(revoked.services);
    revoked.services.store.getState().registrationChanged('failed', 'device-sign-in-ended');
    await vi.waitFor(() => expect(revoked.items.has(DEVICE_CREDENTIAL_KEY)).toBe(false));
    expect(revoked.client.revokeDeviceCredential).not.toHaveBeenCalled();

    const leaving = browser({ 'softphone.account': ACCOUNT, [DEVICE_CREDENTIAL_KEY]: KEPT });
    await resumeSession(leaving.services);
    await signOut(leaving.services);
    expect(leaving.items.has(DEVICE_CREDENTIAL_KEY)).toBe(false);
    expect(leaving.client.revokeDeviceCredential).toHaveBeenCalledWith(ISSUED);
  });

  it('a password sign-in whose device was dropped asks for a new one once registered again', async () => {
    const { services, items, client } = browser();
    await signIn(services, form);
    await vi.waitFor(() => expect(items.has(DEVICE_CREDENTIAL_KEY)).toBe(true));
    services.store.getState().registrationChanged('connecting', 'device-removed');
    await vi.waitFor(() => expect(items.has(DEVICE_CREDENTIAL_KEY)).toBe(false));
    services.store.getState().registrationChanged('registered');
    await vi.waitFor(() => expect(items.get(DEVICE_CREDENTIAL_KEY)).toBe(KEPT));
    expect(client.issueDeviceCredential).toHaveBeenCalledTimes(2);
  });
});
