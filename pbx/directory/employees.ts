import { z } from 'zod';
import { StoreConflictError, type CompanyStore, type Employee } from '../store';
import { DirectoryError, QuotaError } from './errors';
import { computeHa1, computeHa1Sha256 } from './ha1';
import { generatePassword } from './password';
import { allocateSipNumber, SIP_NUMBER_PATTERN, type SixDigitSource } from './sip-number';

export interface NewEmployeeInput {
  name: string;
  email?: string | null;
  /** For provisioning scripts; a random one is generated when absent. */
  password?: string;
}

export interface CreatedEmployee {
  employee: Employee;
  sipNumber: string;
  /** Plaintext, returned once: only its HA1 is stored (SPEC §3). Never log it. */
  password: string;
}

const nameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(200, 'name must be at most 200 characters');
const emailSchema = z.email({ error: 'email is not a valid e-mail address' }).max(254);
const passwordSchema = z
  .string()
  .min(8, 'password must have at least 8 characters')
  .max(128, 'password must have at most 128 characters');

/** Parses one field, turning zod's complaint into a DirectoryError for that field. */
function field<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DirectoryError(name, result.error.issues[0]?.message ?? `${name} is not valid`);
}

/**
 * Creates an employee with a fresh SIP number in one transaction, within the company's
 * employee quota (under the company lock, so two writers at once cannot both pass it).
 */
export async function createEmployee(
  company: CompanyStore,
  input: NewEmployeeInput,
  realm: string,
  random?: SixDigitSource,
): Promise<CreatedEmployee> {
  const name = field('name', nameSchema, input.name);
  const rawEmail = input.email?.trim();
  const email = rawEmail ? field('email', emailSchema, rawEmail) : null;
  const password =
    input.password === undefined
      ? generatePassword()
      : field('password', passwordSchema, input.password);
  for (let attempt = 0; ; attempt++) {
    try {
      return await company.withTransaction(async (tx) => {
        await tx.lock();
        const row = await tx.company();
        if (!row || row.status === 'removed') {
          throw new DirectoryError('companyId', `no company with id ${company.companyId}`);
        }
        const max = row.quotas.maxEmployees;
        if (max !== null && (await tx.employees.count()) >= max) {
          throw new QuotaError(
            'employee-quota',
            `the company has ${max} employees, the most its quota allows (the operator sets it)`,
          );
        }
        const employee = await tx.employees.create({ name, email });
        const sipNumber = await allocateSipNumber(tx, random);
        await tx.sipNumbers.create({
          number: sipNumber,
          employeeId: employee.id,
          ha1: computeHa1(sipNumber, realm, password),
          ha1Sha256: computeHa1Sha256(sipNumber, realm, password),
        });
        return { employee, sipNumber, password };
      });
    } catch (error) {
      // Another writer took the same free number a moment earlier: pick again.
      if (!(error instanceof StoreConflictError) || attempt >= 3) throw error;
    }
  }
}

export interface RemovedEmployee {
  employee: Employee;
  sipNumber: string | null;
}

/**
 * Deletes an employee (by id, or by SIP number as a "0NNNNNN" string) and with it the SIP
 * number; call records keep the name as it was.
 */
export async function removeEmployee(
  company: CompanyStore,
  employeeIdOrSipNumber: number | string,
): Promise<RemovedEmployee> {
  return company.withTransaction(async (tx) => {
    const employee =
      typeof employeeIdOrSipNumber === 'number'
        ? await tx.employees.get(employeeIdOrSipNumber)
        : SIP_NUMBER_PATTERN.test(employeeIdOrSipNumber)
          ? await tx.employees.getBySipNumber(employeeIdOrSipNumber)
          : undefined;
    if (!employee) {
      const what =
        typeof employeeIdOrSipNumber === 'number'
          ? `id ${employeeIdOrSipNumber}`
          : `SIP number ${employeeIdOrSipNumber}`;
      throw new DirectoryError('employee', `no employee with ${what}`);
    }
    const sipNumber = (await tx.sipNumbers.getByEmployee(employee.id))?.number ?? null;
    await tx.employees.remove(employee.id);
    return { employee, sipNumber };
  });
}

/** Sets a new password (given, or generated) on a SIP number; returns it once, in plaintext. */
export async function resetSipPassword(
  company: CompanyStore,
  sipNumber: string,
  realm: string,
  password?: string,
): Promise<string> {
  const next =
    password === undefined ? generatePassword() : field('password', passwordSchema, password);
  const md5 = computeHa1(sipNumber, realm, next);
  const sha256 = computeHa1Sha256(sipNumber, realm, next);
  if (!(await company.sipNumbers.setHa1(sipNumber, md5, sha256))) {
    throw new DirectoryError('sipNumber', `no SIP number ${sipNumber}`);
  }
  return next;
}
