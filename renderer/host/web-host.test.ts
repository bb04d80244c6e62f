import { describe, expect, it, vi } from 'vitest';
import {
  ACCOUNT_KEY,
  ADMIN_ACCOUNT_KEY,
  createWebHost,
  uuidV4,
  type WebHostDeps,
} from './web-host';

function storage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

function notification(
  permission: NotificationPermission,
  granted: NotificationPermission = permission,
) {
  const shown: [string, NotificationOptions | undefined][] = [];
  const Fake = vi.fn(function (this: unknown, title: string, options?: NotificationOptions) {
    shown.push([title, options]);
  }) as unknown as NonNullable<WebHostDeps['notification']>;
  Object.assign(Fake, { permission, requestPermission: vi.fn(async () => granted) });
  return { Fake, shown };
}

describe('web host', () => {
  it('is a softphone-web with a stable instance id', async () => {
    const s = storage();
    const host = createWebHost({ storage: s });
    expect(host.deviceKind).toBe('softphone-web');
    const id = await host.instanceId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await createWebHost({ storage: s }).instanceId()).toBe(id);
  });

  it('makes v4 UUIDs without randomUUID too', () => {
    const ids = new Set(Array.from({ length: 50 }, uuidV4));
    expect(ids.size).toBe(50);
  });

  it('remembers server and number, never the password', async () => {
    const s = storage();
    const host = createWebHost({ storage: s });
    expect(await host.canKeepPassword()).toBe(false);
    await host.saveAccount({ server: 'pbx.example.com', sipNumber: '0462626', password: 'secret' });
    expect(s.data.get(ACCOUNT_KEY)).not.toContain('secret');
    expect(await host.loadAccount()).toEqual({ server: 'pbx.example.com', sipNumber: '0462626' });
    await host.forgetAccount();
    expect(await host.loadAccount()).toBeUndefined();
    s.setItem(ACCOUNT_KEY, '{broken');
    expect(await host.loadAccount()).toBeUndefined();
  });

  it('remembers the SIP domain given apart from the server', async () => {
    const host = createWebHost({ storage: storage() });
    await host.saveAccount({ server: '10.0.0.5:8080', sipNumber: 'alice', domain: 'example.org' });
    expect(await host.loadAccount()).toEqual({
      server: '10.0.0.5:8080',
      sipNumber: 'alice',
      domain: 'example.org',
    });
  });

  it('remembers the admin server and e-mail, never the password, apart from the phone', async () => {
    const s = storage();
    const host = createWebHost({ storage: s });
    await host.saveAccount({ server: 'pbx.example.com', sipNumber: '0462626' });
    await host.saveAdminAccount({
      server: 'pbx.example.com',
      email: 'admin@example.com',
      password: 'secret',
    });
    expect(s.data.get(ADMIN_ACCOUNT_KEY)).not.toContain('secret');
    expect(await createWebHost({ storage: s }).loadAdminAccount()).toEqual({
      server: 'pbx.example.com',
      email: 'admin@example.com',
    });
    await host.forgetAdminAccount();
    expect(await host.loadAdminAccount()).toBeUndefined();
    expect(await host.loadAccount()).toEqual({ server: 'pbx.example.com', sipNumber: '0462626' });
  });

  it.each([
    '{broken',
    'null',
    '"admin"',
    '{"server":"pbx.example.com"}',
    '{"server":1,"email":"a@b"}',
  ])('loads no admin account from a stored %s', async (stored) => {
    const s = storage();
    s.setItem(ADMIN_ACCOUNT_KEY, stored);
    expect(await createWebHost({ storage: s }).loadAdminAccount()).toBeUndefined();
  });

  it('notifies when permitted, asks once when not decided, stays quiet when denied', async () => {
    const granted = notification('granted');
    createWebHost({ storage: storage(), notification: granted.Fake }).notify(
      'Incoming call',
      'Anna',
    );
    expect(granted.shown).toEqual([['Incoming call', { body: 'Anna' }]]);

    const asked = notification('default', 'granted');
    createWebHost({ storage: storage(), notification: asked.Fake }).notify('Incoming call', 'Ivan');
    await vi.waitFor(() => expect(asked.shown).toHaveLength(1));

    const denied = notification('denied');
    createWebHost({ storage: storage(), notification: denied.Fake }).notify('Incoming call', 'x');
    expect(denied.shown).toEqual([]);
  });

  it('opens web links in a new window without an opener; ignores other schemes', () => {
    const open = vi.fn();
    const host = createWebHost({ storage: storage(), open });
    host.openExternal('https://example.com/help');
    host.openExternal('javascript:alert(1)');
    expect(open.mock.calls).toEqual([
      ['https://example.com/help', '_blank', 'noopener,noreferrer'],
    ]);
  });
});

describe('web host default server', () => {
  it('offers the PBX that served the page, and nothing for a file page', () => {
    const served = createWebHost({
      storage: storage(),
      location: { protocol: 'https:', host: 'pbx.example.com:8443' },
    });
    expect(served.defaultServer).toBe('pbx.example.com:8443');
    const file = createWebHost({ storage: storage(), location: { protocol: 'file:', host: '' } });
    expect(file.defaultServer).toBeUndefined();
  });
});
