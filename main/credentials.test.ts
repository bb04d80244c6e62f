import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialStore } from './credentials';

/** A stand-in for the OS keyring: reversible, and the ciphertext never shows the plaintext. */
const keyring = {
  available: true,
  backend: 'gnome_libsecret',
  scramble: (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a)),
};

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keyring.available,
    getSelectedStorageBackend: () => keyring.backend,
    encryptString: (text: string) => keyring.scramble(Buffer.from(text, 'utf8')),
    decryptString: (data: Buffer) => keyring.scramble(data).toString('utf8'),
  },
}));

const { createAccountStore, createAdminAccountStore } = await import('./credentials');

/** Both remembered sign-ins, kept the same way, each in its own file. */
const accounts = [
  {
    name: 'the phone account',
    create: createAccountStore,
    file: 'account.json',
    account: {
      server: 'pbx.example.com',
      sipNumber: 'alice',
      domain: 'example.org',
      password: 'correct horse',
    },
    withoutPassword: { server: 'pbx.example.com', sipNumber: 'alice', domain: 'example.org' },
    shown: 'example.org',
  },
  {
    name: 'the admin account',
    create: createAdminAccountStore,
    file: 'admin-account.json',
    account: { server: 'pbx.example.com', email: 'admin@example.com', password: 'correct horse' },
    withoutPassword: { server: 'pbx.example.com', email: 'admin@example.com' },
    shown: 'admin@example.com',
  },
] as const;

describe.each(accounts)('$name', ({ create, file, account, withoutPassword, shown }) => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'softphone-credentials-'));
    keyring.available = true;
    keyring.backend = 'gnome_libsecret';
  });

  // The two factories take different account types; one signature is enough for these tests.
  const storeIn = create as (dir: string, platform: NodeJS.Platform) => CredentialStore<object>;

  it('keeps the password encrypted with a real keyring and loads it back', async () => {
    const store = storeIn(dir, 'linux');
    expect(store.canKeepPassword()).toBe(true);
    await store.save(account);
    const text = await readFile(join(dir, file), 'utf8');
    expect(text).toContain(shown);
    expect(text).not.toContain('correct horse');
    expect(await storeIn(dir, 'linux').load()).toEqual(account);
    expect(await readdir(dir)).toEqual([file]);
  });

  it.each(['basic_text', 'unknown'])(
    'keeps no password when the Linux backend is %s',
    async (backend) => {
      keyring.backend = backend;
      const store = storeIn(dir, 'linux');
      expect(store.canKeepPassword()).toBe(false);
      await store.save(account);
      expect(await readFile(join(dir, file), 'utf8')).not.toContain('assword');
      expect(await store.load()).toEqual(withoutPassword);
    },
  );

  it('keeps no password when encryption is unavailable', async () => {
    keyring.available = false;
    const store = storeIn(dir, 'win32');
    expect(store.canKeepPassword()).toBe(false);
    await store.save(account);
    expect(await readFile(join(dir, file), 'utf8')).not.toContain('assword');
    expect(await store.load()).toEqual(withoutPassword);
  });

  it('does not hand out a stored password once the keyring has become plain text', async () => {
    await storeIn(dir, 'linux').save(account);
    keyring.backend = 'basic_text';
    expect(await storeIn(dir, 'linux').load()).not.toHaveProperty('password');
  });

  it('never hands out a password written into the file as plain text', async () => {
    await writeFile(join(dir, file), JSON.stringify({ ...withoutPassword, password: 'planted' }));
    expect(await storeIn(dir, 'linux').load()).toEqual(withoutPassword);
  });

  it('forgets the account, and loads nothing from a missing or damaged file', async () => {
    const store = storeIn(dir, 'linux');
    expect(await store.load()).toBeUndefined();
    await store.save(account);
    await store.forget();
    expect(await store.load()).toBeUndefined();
    await store.forget();
    await writeFile(join(dir, file), '{broken');
    expect(await store.load()).toBeUndefined();
    await writeFile(join(dir, file), JSON.stringify({ server: 'pbx.example.com' }));
    expect(await store.load()).toBeUndefined();
  });

  it('refuses to save an account that does not match its schema', async () => {
    const store = storeIn(dir, 'linux');
    await expect(store.save({ server: 'pbx.example.com' })).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('two accounts side by side', () => {
  it('keeps the phone and the admin account apart, and forgets one without the other', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softphone-credentials-'));
    const [phone, admin] = accounts;
    await createAccountStore(dir, 'darwin').save(phone.account);
    await createAdminAccountStore(dir, 'darwin').save(admin.account);
    expect((await readdir(dir)).sort()).toEqual(['account.json', 'admin-account.json']);
    await createAdminAccountStore(dir, 'darwin').forget();
    expect(await createAdminAccountStore(dir, 'darwin').load()).toBeUndefined();
    expect(await createAccountStore(dir, 'darwin').load()).toEqual(phone.account);
  });
});
