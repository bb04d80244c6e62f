import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { z } from 'zod';
import {
  storedAccountSchema,
  storedAdminAccountSchema,
  type StoredAccount,
  type StoredAdminAccount,
} from '../shared/ipc-contract';
import { writeAtomically } from './atomic-file';

/** Remembers one signed-in account in the user's data folder. */
export interface CredentialStore<Account> {
  load(): Promise<Account | undefined>;
  save(account: Account): Promise<void>;
  forget(): Promise<void>;
  /** False where safeStorage would fall back to plain text: then no password is kept. */
  canKeepPassword(): boolean;
}

/** An account's schema: plain fields, and an optional password that is never written as is. */
type AccountSchema<Account> = z.ZodObject<z.core.$ZodLooseShape, z.core.$ZodObjectConfig> &
  z.ZodType<Account>;

/** The password's place in the file: safeStorage ciphertext, in base64. */
const ciphertextSchema = z.object({ encryptedPassword: z.base64().optional() });

/** Backends that encrypt with a key anyone can read: as good as plain text. */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/** Whether safeStorage encrypts with a key the OS protects (Keychain, DPAPI, a real keyring). */
export function canKeepPassword(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || !WEAK_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend());
}

/** The phone account in `<dir>/account.json`. */
export function createAccountStore(
  dir: string,
  platform: NodeJS.Platform = process.platform,
): CredentialStore<StoredAccount> {
  return createCredentialStore(join(dir, 'account.json'), storedAccountSchema, platform);
}

/** The Admin tab's sign-in in `<dir>/admin-account.json`. */
export function createAdminAccountStore(
  dir: string,
  platform: NodeJS.Platform = process.platform,
): CredentialStore<StoredAdminAccount> {
  return createCredentialStore(join(dir, 'admin-account.json'), storedAdminAccountSchema, platform);
}

/**
 * An account in `file`: its other fields as they are, the password only as safeStorage
 * ciphertext in base64, or not kept at all where safeStorage would store it as plain text.
 */
export function createCredentialStore<Account extends { password?: string }>(
  file: string,
  schema: AccountSchema<Account>,
  platform: NodeJS.Platform = process.platform,
): CredentialStore<Account> {
  // Unknown keys, a plain-text password among them, are dropped rather than handed out.
  const fieldsSchema = schema.omit({ password: true }).strip();
  const keep = () => canKeepPassword(platform);
  return {
    canKeepPassword: keep,
    async load() {
      const json = await readJson(file);
      const fields = fieldsSchema.safeParse(json);
      const ciphertext = ciphertextSchema.safeParse(json);
      if (!fields.success || !ciphertext.success) return undefined;
      const { encryptedPassword } = ciphertext.data;
      const password =
        encryptedPassword && keep() ? decrypt(Buffer.from(encryptedPassword, 'base64')) : undefined;
      const account = schema.safeParse(
        password === undefined ? fields.data : { ...fields.data, password },
      );
      return account.success ? account.data : undefined;
    },
    async save(account) {
      const { password, ...fields } = schema.parse(account);
      const encryptedPassword =
        password && keep() ? safeStorage.encryptString(password).toString('base64') : undefined;
      await writeAtomically(file, JSON.stringify({ ...fields, encryptedPassword }));
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
