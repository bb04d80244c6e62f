import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Admin, Store } from '../store';
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
const passwordSchema = z.string().min(12, 'an admin password has at least 12 characters').max(256);

/** Creates an admin account; the e-mail is its login, unique across the PBX. */
export function createAdmin(
  store: Store,
  input: { companyId: number; email: string; password: string },
): Admin {
  const email = emailSchema.safeParse(input.email.trim().toLowerCase());
  if (!email.success) throw new DirectoryError('email', email.error.issues[0]!.message);
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) throw new DirectoryError('password', password.error.issues[0]!.message);
  const passwordHash = hashAdminPassword(password.data);
  return store.transaction(() => {
    if (!store.companies.get(input.companyId)) {
      throw new DirectoryError('companyId', `no company with id ${input.companyId}`);
    }
    if (store.admins.getByEmail(email.data)) {
      throw new DirectoryError('email', 'an admin with this e-mail already exists');
    }
    return store.admins.create({ companyId: input.companyId, email: email.data, passwordHash });
  });
}

/** A hash nobody's password matches, checked for unknown e-mails so timing does not tell. */
let decoy: string | undefined;

/** The admin whose e-mail and password these are, or null; as slow for unknown e-mails. */
export async function verifyAdminPassword(
  store: Store,
  email: string,
  password: string,
): Promise<Admin | null> {
  const admin = store.admins.getByEmail(email.trim().toLowerCase());
  decoy ??= hashAdminPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPasswordHash(password, admin?.passwordHash ?? decoy);
  return admin && ok ? admin : null;
}
