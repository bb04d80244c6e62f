import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store';
import { auditAdminReset } from './admin-reset';
import { adminPasswordSchema, hashAdminPasswordAsync } from './admins';
import { DirectoryError } from './errors';

/** How long a reset code from "Forgot password" works. */
export const RESET_CODE_TTL_MS = 60 * 60_000;

const WRONG_CODE = 'this reset code is wrong, used or expired: ask for a new one';

/**
 * A one-time code for an admin who forgot their password (issue 23 item 8): `id.expiry.mac`,
 * the MAC keyed with the admin's stored password hash. Nothing is stored: the code stops
 * working when it expires or when the password changes (so it works once), and without the
 * database nobody can make one. Undefined when there is no such admin.
 */
export async function issueResetCode(
  store: Store,
  email: string,
  now: number,
): Promise<{ code: string; email: string } | undefined> {
  const admin = await store.admins.getByEmail(email.trim().toLowerCase());
  if (!admin) return undefined;
  const claim = `${admin.id}.${now + RESET_CODE_TTL_MS}`;
  return { code: `${claim}.${mac(admin.passwordHash, claim)}`, email: admin.email };
}

/**
 * Sets a new password with a reset code: the admin's sessions end and the audit log says so.
 * A wrong, used or expired code, or a password too short, is a DirectoryError naming the field.
 */
export async function redeemResetCode(
  store: Store,
  code: string,
  password: string,
  now: number,
): Promise<{ email: string }> {
  const [id, expiry, given, extra] = code.trim().split('.');
  if (!id || !expiry || !given || extra !== undefined || !/^\d{1,15}$/.test(`${id}${expiry}`)) {
    throw new DirectoryError('code', WRONG_CODE);
  }
  const admin = await store.admins.get(Number(id));
  const expected = admin ? mac(admin.passwordHash, `${id}.${expiry}`) : '';
  if (!admin || Number(expiry) <= now || !sameText(given, expected)) {
    throw new DirectoryError('code', WRONG_CODE);
  }
  const checked = adminPasswordSchema.safeParse(password);
  if (!checked.success) throw new DirectoryError('password', checked.error.issues[0]!.message);
  const hash = await hashAdminPasswordAsync(checked.data);
  await store.forCompany(admin.companyId).admins.setPasswordHash(admin.id, hash);
  await store.apiSessions.removeBySubject('admin', admin.id);
  await auditAdminReset(
    store,
    { adminId: admin.id, companyId: admin.companyId, email: admin.email },
    { actor: admin.email, mail: null, at: now },
  );
  return { email: admin.email };
}

function mac(key: string, claim: string): string {
  return createHmac('sha256', key).update(claim).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
