import { z } from 'zod';
import type { Employee, Store } from '../store';
import { DirectoryError } from './errors';
import { computeHa1 } from './ha1';
import { generatePassword } from './password';
import { allocateSipNumber, SIP_NUMBER_PATTERN, type SixDigitSource } from './sip-number';

export interface NewEmployeeInput {
  companyId: number;
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

/** Creates an employee with a fresh SIP number in one transaction. */
export function createEmployee(
  store: Store,
  input: NewEmployeeInput,
  realm: string,
  random?: SixDigitSource,
): CreatedEmployee {
  const name = field('name', nameSchema, input.name);
  const rawEmail = input.email?.trim();
  const email = rawEmail ? field('email', emailSchema, rawEmail) : null;
  const password =
    input.password === undefined
      ? generatePassword()
      : field('password', passwordSchema, input.password);
  return store.transaction(() => {
    if (!store.companies.get(input.companyId)) {
      throw new DirectoryError('companyId', `no company with id ${input.companyId}`);
    }
    const employee = store.employees.create({ companyId: input.companyId, name, email });
    const sipNumber = allocateSipNumber(store, random);
    store.sipNumbers.create({
      number: sipNumber,
      companyId: input.companyId,
      employeeId: employee.id,
      ha1: computeHa1(sipNumber, realm, password),
    });
    return { employee, sipNumber, password };
  });
}

export interface RemovedEmployee {
  employee: Employee;
  sipNumber: string | null;
}

/**
 * Deletes an employee (by id, or by SIP number as a "0NNNNNN" string) and with it the SIP
 * number; call records keep the name as it was.
 */
export function removeEmployee(
  store: Store,
  employeeIdOrSipNumber: number | string,
): RemovedEmployee {
  return store.transaction(() => {
    const employee =
      typeof employeeIdOrSipNumber === 'number'
        ? store.employees.get(employeeIdOrSipNumber)
        : SIP_NUMBER_PATTERN.test(employeeIdOrSipNumber)
          ? store.employees.getBySipNumber(employeeIdOrSipNumber)
          : undefined;
    if (!employee) {
      const what =
        typeof employeeIdOrSipNumber === 'number'
          ? `id ${employeeIdOrSipNumber}`
          : `SIP number ${employeeIdOrSipNumber}`;
      throw new DirectoryError('employee', `no employee with ${what}`);
    }
    const sipNumber = store.sipNumbers.getByEmployee(employee.id)?.number ?? null;
    store.employees.remove(employee.id);
    return { employee, sipNumber };
  });
}

/** Sets a new password (given, or generated) on a SIP number; returns it once, in plaintext. */
export function resetSipPassword(
  store: Store,
  sipNumber: string,
  realm: string,
  password?: string,
): string {
  const next =
    password === undefined ? generatePassword() : field('password', passwordSchema, password);
  if (!store.sipNumbers.setHa1(sipNumber, computeHa1(sipNumber, realm, next))) {
    throw new DirectoryError('sipNumber', `no SIP number ${sipNumber}`);
  }
  return next;
}
