import type {
  AbsencePeriod,
  CompanyNumber,
  Employee,
  RegionRule,
  SipNumberWithOwner,
  Store,
} from '../store';
import { ApiError } from './errors';

/**
 * Loaders that see only one company: an id of another company's record is answered exactly
 * like an id that does not exist (`404`), so ids reveal nothing across companies.
 */
export function employeeOf(store: Store, companyId: number, id: number): Employee {
  const employee = store.employees.get(id);
  if (!employee || employee.companyId !== companyId) throw ApiError.notFound(`employee ${id}`);
  return employee;
}

export function sipNumberOfEmployee(
  store: Store,
  companyId: number,
  employeeId: number,
): SipNumberWithOwner {
  employeeOf(store, companyId, employeeId);
  const number = store.sipNumbers.getByEmployee(employeeId);
  if (!number) throw ApiError.notFound(`SIP number of employee ${employeeId}`);
  return number;
}

export function absenceOf(
  store: Store,
  companyId: number,
  employeeId: number,
  absenceId: number,
): AbsencePeriod {
  employeeOf(store, companyId, employeeId);
  const period = store.absences.get(absenceId);
  if (!period || period.employeeId !== employeeId) throw ApiError.notFound(`absence ${absenceId}`);
  return period;
}

export function regionRuleOf(
  store: Store,
  companyId: number,
  employeeId: number,
  ruleId: number,
): RegionRule {
  const number = sipNumberOfEmployee(store, companyId, employeeId);
  const rule = store.regionRules.get(ruleId);
  if (!rule || rule.sipNumber !== number.number) throw ApiError.notFound(`region rule ${ruleId}`);
  return rule;
}

export function companyNumberOf(store: Store, companyId: number, id: number): CompanyNumber {
  const number = store.companyNumbers.get(id);
  if (!number || number.companyId !== companyId) throw ApiError.notFound(`company number ${id}`);
  return number;
}

/** Those of `numbers` that are not the company's (another company's look like nobody's). */
export function notCompanyNumbers(store: Store, companyId: number, numbers: string[]): string[] {
  return numbers.filter((n) => store.companyNumbers.getByNumber(n)?.companyId !== companyId);
}

/** A colleague named in a request body: another company's id is a bad field, not a 404. */
export function colleagueField(
  store: Store,
  companyId: number,
  field: string,
  id: number | null | undefined,
): number | null {
  if (id === null || id === undefined) return null;
  const employee = store.employees.get(id);
  if (!employee || employee.companyId !== companyId) {
    throw ApiError.badField(field, `no employee with id ${id} in this company`);
  }
  return employee.id;
}
