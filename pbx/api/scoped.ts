import type {
  AbsencePeriod,
  CompanyNumber,
  CompanyStore,
  Employee,
  RegionRule,
  SipNumberWithOwner,
} from '../store';
import { ApiError } from './errors';

/**
 * Loaders over one company's store: an id of another company's record is not found there at
 * all, so it is answered exactly like an id that does not exist (`404`) and ids reveal
 * nothing across companies.
 */
export async function employeeOf(company: CompanyStore, id: number): Promise<Employee> {
  const employee = await company.employees.get(id);
  if (!employee) throw ApiError.notFound(`employee ${id}`);
  return employee;
}

export async function sipNumberOfEmployee(
  company: CompanyStore,
  employeeId: number,
): Promise<SipNumberWithOwner> {
  await employeeOf(company, employeeId);
  const number = await company.sipNumbers.getByEmployee(employeeId);
  if (!number) throw ApiError.notFound(`SIP number of employee ${employeeId}`);
  return number;
}

export async function absenceOf(
  company: CompanyStore,
  employeeId: number,
  absenceId: number,
): Promise<AbsencePeriod> {
  await employeeOf(company, employeeId);
  const period = await company.absences.get(absenceId);
  if (!period || period.employeeId !== employeeId) throw ApiError.notFound(`absence ${absenceId}`);
  return period;
}

export async function regionRuleOf(
  company: CompanyStore,
  employeeId: number,
  ruleId: number,
): Promise<RegionRule> {
  const number = await sipNumberOfEmployee(company, employeeId);
  const rule = await company.regionRules.get(ruleId);
  if (!rule || rule.sipNumber !== number.number) throw ApiError.notFound(`region rule ${ruleId}`);
  return rule;
}

export async function companyNumberOf(company: CompanyStore, id: number): Promise<CompanyNumber> {
  const number = await company.companyNumbers.get(id);
  if (!number) throw ApiError.notFound(`company number ${id}`);
  return number;
}

/** Those of `numbers` that are not the company's (another company's look like nobody's). */
export async function notCompanyNumbers(
  company: CompanyStore,
  numbers: string[],
): Promise<string[]> {
  const own = new Set((await company.companyNumbers.list()).map((n) => n.number));
  return numbers.filter((n) => !own.has(n));
}

/** A colleague named in a request body: another company's id is a bad field, not a 404. */
export async function colleagueField(
  company: CompanyStore,
  field: string,
  id: number | null | undefined,
): Promise<number | null> {
  if (id === null || id === undefined) return null;
  const employee = await company.employees.get(id);
  if (!employee) {
    throw ApiError.badField(field, `no employee with id ${id} in this company`);
  }
  return employee.id;
}
