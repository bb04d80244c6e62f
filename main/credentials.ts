import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { z } from 'zod';
import { storedAccountSchema, type StoredAccount } from '../shared/ipc-contract';
import { writeAtomically } from './atomic-file';

/** Remembers the signed-in account in the user's data folder. */
export interface CredentialStore {
  load(): Promise<StoredAccount | undefined>;
  save(account: StoredAccount): Promise<void>;
  forget(): Promise<void>;
  /** False where safeStorage would fall back to plain text: then no password is kept. */
  canKeepPassword(): boolean;
}

/** The file's shape: the password only as safeStorage ciphertext, in base64. */
const accountFileSchema = z.object({
  server: z.string(),
  sipNumber: z.string(),
  encryptedPassword: z.base64().optional(),
});

/** Backends that encrypt with a key anyone can read: as good as plain text. */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/** Whether safeStorage encrypts with a key the OS protects (Keychain, DPAPI, a real keyring). */
export function canKeepPassword(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || !WEAK_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend());
}

/** The account in `<dir>/account.json`; the password encrypted, or not kept at all. */
export function createCredentialStore(
  dir: string,
  platform: NodeJS.Platform = process.platform,
): CredentialStore {
  const file = join(dir, 'account.json');
  const keep = () => canKeepPassword(platform);
  return {
    canKeepPassword: keep,
    async load() {
      const stored = accountFileSchema.safeParse(await readJson(file));
      if (!stored.success) return undefined;
      const { server, sipNumber, encryptedPassword } = stored.data;
      const password =
        encryptedPassword && keep() ? decrypt(Buffer.from(encryptedPassword, 'base64')) : undefined;
      return password === undefined ? { server, sipNumber } : { server, sipNumber, password };
    },
    async save(account) {
      const { server, sipNumber, password } = storedAccountSchema.parse(account);
      const encryptedPassword =
        password && keep() ? safeStorage.encryptString(password).toString('base64') : undefined;
      await writeAtomically(file, JSON.stringify({ server, sipNumber, encryptedPassword }));
    },
    async forget() {
      await rm(file, { force: true });
    },
  };
}

/** The password, or undefined when the keyring changed and it can no longer be decrypted. */
function decrypt(ciphertext: Buffer): string | undefined {
  try {
    return safeStorage.decryptString(ciphertext);
  } catch {
    return undefined;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
