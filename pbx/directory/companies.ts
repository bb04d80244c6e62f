import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  StoreConflictError,
  type Company,
  type CompanyQuotas,
  type Operator,
  type Store,
} from '../store';
import { prepareAdmin, storeAdmin } from './admins';
import { DirectoryError } from './errors';
import { generatePassword } from './password';

/** How long a removed company's call records and audit log are kept (README: Companies). */
export const REMOVED_COMPANY_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

export interface CreatedCompany {
  company: Company;
  adminEmail: string;
  /** The first admin's password, returned once: only its hash is stored. Never log it. */
  password: string;
}

const nameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(200, 'name must be at most 200 characters');

function companyName(name: string): string {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) throw new DirectoryError('name', parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * A new company (a tenant) with its first admin, whose password is generated and returned
 * once; the company and the admin are created together or not at all.
 */
export async function createCompany(
  store: Store,
  input: { name: string; adminEmail: string; quotas?: Partial<CompanyQuotas> },
): Promise<CreatedCompany> {
  const name = companyName(input.name);
  const password = generatePassword();
  const prepared = await prepareAdmin({ email: input.adminEmail, password });
  return store.withTransaction(async (tx) => {
    const company = await tx.companies.create({ name, quotas: input.quotas });
    const admin = await storeAdmin(tx.forCompany(company.id), prepared);
    return { company, adminEmail: admin.email, password };
  });
}

/** The company, or a DirectoryError naming it: removed ones count as gone. */
export async function companyOf(store: Store, id: number): Promise<Company> {
  const company = await store.companies.get(id);
  if (!company || company.status === 'removed') {
    throw new DirectoryError('company', `there is no company ${id}`);
  }
  return company;
}

/** Suspends or resumes a company; its data stays either way. */
export async function setCompanyStatus(
  store: Store,
  id: number,
  status: 'active' | 'suspended',
): Promise<Company> {
  await companyOf(store, id);
  return (await store.companies.update(id, { status })) ?? companyOf(store, id);
}

/** Changes a company's name or quotas (null lifts a quota). */
export async function updateCompany(
  store: Store,
  id: number,
  patch: { name?: string; quotas?: Partial<CompanyQuotas> },
): Promise<Company> {
  await companyOf(store, id);
  const name = patch.name === undefined ? undefined : companyName(patch.name);
  return (await store.companies.update(id, { name, quotas: patch.quotas })) ?? companyOf(store, id);
}

/**
 * Removes a company: its employees, SIP numbers, devices' registrations, admins, sessions and
 * company numbers at once; its call records and audit log stay for the retention period.
 */
export async function removeCompany(store: Store, id: number, now = Date.now()): Promise<void> {
  await companyOf(store, id);
  await store.companies.remove(id, now);
}

/** Deletes what the retention period no longer keeps; the server runs it every hour. */
export function purgeRemovedCompanies(store: Store, now = Date.now()): Promise<number> {
  return store.companies.purgeRemoved(now - REMOVED_COMPANY_RETENTION_DAYS * DAY_MS);
}

/** When a company removed at `removedAt` is deleted for good. */
export const purgedAfter = (removedAt: number): number =>
  removedAt + REMOVED_COMPANY_RETENTION_DAYS * DAY_MS;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const operatorNameSchema = z
  .string()
  .trim()
  .regex(/^[\w.@-]{1,64}$/, 'a name of 1 to 64 letters, digits and . _ @ -');

/** An operator API account; its bearer token is returned once, only its SHA-256 is stored. */
export async function createOperator(
  store: Store,
  name: string,
): Promise<{ operator: Operator; token: string }> {
  const parsed = operatorNameSchema.safeParse(name);
  if (!parsed.success) throw new DirectoryError('name', parsed.error.issues[0]!.message);
  const token = `pbxop_${randomBytes(32).toString('base64url')}`;
  try {
    const operator = await store.operators.create({
      name: parsed.data,
      tokenHash: hashToken(token),
    });
    return { operator, token };
  } catch (error) {
    if (error instanceof StoreConflictError) {
      throw new DirectoryError('name', `an operator named ${parsed.data} already exists`);
    }
    throw error;
  }
}

/** The operator a bearer token belongs to, if any. */
export function operatorOfToken(store: Store, token: string): Promise<Operator | undefined> {
  return store.operators.getByTokenHash(hashToken(token));
}
