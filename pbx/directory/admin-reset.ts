import type { Store } from '../store';
import { hashAdminPasswordAsync } from './admins';
import { DirectoryError } from './errors';
import { generatePassword } from './password';

/** Who reset an admin's password and what was done with the new one, for the audit log. */
export interface AdminResetAudit {
  actor: string;
  /** How the new password reached the admin: `sent` only when an SMTP server accepted it. */
  mail: 'sent' | 'saved-to-outbox' | null;
  at: number;
}

/**
 * Gives an admin a new random password (shown once by the caller), revokes their API sessions
 * so the old password's sign-ins end, and appends the audit entry `admin.reset-password`.
 */
export async function resetAdminPassword(
  store: Store,
  email: string,
): Promise<{ adminId: number; companyId: number; email: string; password: string }> {
  const admin = await store.admins.getByEmail(email.trim().toLowerCase());
  if (!admin) throw new DirectoryError('email', `there is no admin with the e-mail ${email}`);
  const password = generatePassword();
  const hash = await hashAdminPasswordAsync(password);
  await store.forCompany(admin.companyId).admins.setPasswordHash(admin.id, hash);
  await store.apiSessions.removeBySubject('admin', admin.id);
  return { adminId: admin.id, companyId: admin.companyId, email: admin.email, password };
}

/** The audit entry of a reset, once it is known how the password was handed over. */
export async function auditAdminReset(
  store: Store,
  reset: { adminId: number; companyId: number; email: string },
  entry: AdminResetAudit,
): Promise<void> {
  await store.forCompany(reset.companyId).audit.append({
    actor: entry.actor,
    action: 'admin.reset-password',
    target: `admin ${reset.adminId} (${reset.email})`,
    before: null,
    after: { mail: entry.mail },
    at: entry.at,
  });
}
