import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { StoreConflictError, type Admin, type CompanyStore, type Store } from '../store';
import { DirectoryError } from './errors';

/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and tens of milliseconds per hash. */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const maxmem = (n: number, r: number) => 256 * n * r;

/** Hashes an admin password as `scrypt$N$r$p$salt$hash` (base64url salt and hash). */
export function hashAdminPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** hashAdminPassword off the event loop (scrypt on libuv's pool). */
export async function hashAdminPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmem(N, R) }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks a password against a stored hash without blocking the event loop; constant-time compare. */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password,
      Buffer.from(salt, 'base64url'),
      expected.length,
      { ...params, maxmem: maxmem(params.N, params.r) },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
  return expected.length > 0 && timingSafeEqual(expected, actual);
}

const emailSchema = z.email({ error: 'email is not a valid e-mail address' }).max(254);
export const adminPasswordSchema = z
  .string()
  .min(12, 'an admin password has at least 12 characters')
  .max(256);

/** An admin account's e-mail and password, checked and hashed: before any transaction. */
export async function prepareAdmin(input: {
  email: string;
  password: string;
}): Promise<{ email: string; passwordHash: string }> {
  const email = emailSchema.safeParse(input.email.trim().toLowerCase());
  if (!email.success) throw new DirectoryError('email', email.error.issues[0]!.message);
  const password = adminPasswordSchema.safeParse(input.password);
  if (!password.success) throw new DirectoryError('password', password.error.issues[0]!.message);
  return { email: email.data, passwordHash: await hashAdminPasswordAsync(password.data) };
}

/** Stores a prepared admin account; an e-mail taken (in any company) is a DirectoryError. */
export async function storeAdmin(
  company: CompanyStore,
  admin: { email: string; passwordHash: string },
): Promise<Admin> {
  try {
    return await company.withTransaction(async (tx) => {
      const row = await tx.company();
      if (!row || row.status === 'removed') {
        throw new DirectoryError('companyId', `no company with id ${company.companyId}`);
      }
      return tx.admins.create(admin);
    });
  } catch (error) {
    if (error instanceof StoreConflictError) {
      throw new DirectoryError('email', 'an admin with this e-mail already exists');
    }
    throw error;
  }
}

/** Creates an admin account; the e-mail is its login, unique across the PBX. */
export async function createAdmin(
  company: CompanyStore,
  input: { email: string; password: string },
): Promise<Admin> {
  return storeAdmin(company, await prepareAdmin(input));
}

/**
 * A hash nobody's password matches, checked for unknown e-mails so timing does not tell; made
 * off the event loop (once made synchronously, the first sign-in held up every SIP message).
 */
let decoy: Promise<string> | undefined;

/** The admin whose e-mail and password these are, or null; as slow for unknown e-mails. */
export async function verifyAdminPassword(
  store: Store,
  email: string,
  password: string,
): Promise<Admin | null> {
  const admin = await store.admins.getByEmail(email.trim().toLowerCase());
  decoy ??= hashAdminPasswordAsync(randomBytes(16).toString('hex'));
  const ok = await verifyPasswordHash(password, admin?.passwordHash ?? (await decoy));
  return admin && ok ? admin : null;
}
