import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

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

const { createCredentialStore } = await import('./credentials');

const account = { server: 'pbx.example.com', sipNumber: '0462626', password: 'correct horse' };

describe('createCredentialStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'softphone-credentials-'));
    keyring.available = true;
    keyring.backend = 'gnome_libsecret';
  });

  it('keeps the password encrypted with a real keyring and loads it back', async () => {
    const store = createCredentialStore(dir, 'linux');
    expect(store.canKeepPassword()).toBe(true);
    await store.save(account);
    const file = await readFile(join(dir, 'account.json'), 'utf8');
    expect(file).toContain('0462626');
    expect(file).not.toContain('correct horse');
    expect(await createCredentialStore(dir, 'linux').load()).toEqual(account);
    expect(await readdir(dir)).toEqual(['account.json']);
  });

  it.each(['basic_text', 'unknown'])(
    'keeps only server and number when the Linux backend is %s',
    async (backend) => {
      keyring.backend = backend;
      const store = createCredentialStore(dir, 'linux');
      expect(store.canKeepPassword()).toBe(false);
      await store.save(account);
      expect(await readFile(join(dir, 'account.json'), 'utf8')).not.toContain('password');
      expect(await store.load()).toEqual({ server: 'pbx.example.com', sipNumber: '0462626' });
    },
  );

  it('keeps no password when encryption is unavailable', async () => {
    keyring.available = false;
    const store = createCredentialStore(dir, 'win32');
    expect(store.canKeepPassword()).toBe(false);
    await store.save(account);
    expect(await store.load()).toEqual({ server: 'pbx.example.com', sipNumber: '0462626' });
  });

  it('does not hand out a stored password once the keyring has become plain text', async () => {
    await createCredentialStore(dir, 'linux').save(account);
    keyring.backend = 'basic_text';
    expect(await createCredentialStore(dir, 'linux').load()).not.toHaveProperty('password');
  });

  it('forgets the account, and loads nothing from a missing or damaged file', async () => {
    const store = createCredentialStore(dir, 'linux');
    expect(await store.load()).toBeUndefined();
    await store.save(account);
    await store.forget();
    expect(await store.load()).toBeUndefined();
    await store.forget();
  });
});
