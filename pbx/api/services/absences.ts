import type { Absence } from '../../../shared/api';
import type { CompanyDeps } from '../deps';
import { ApiError } from '../errors';
import { absenceOf, colleagueField, employeeOf } from '../scoped';
import type { SessionContext } from '../sessions';
import { absenceView } from '../views';
import { audit } from './audit';

export interface AbsenceInput {
  from: string;
  to: string;
  reason: string;
  forwardToEmployeeId?: number | null;
}

/** Adds an absence period; one that overlaps another of the employee's is a `409`. */
export async function addAbsence(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  input: AbsenceInput,
): Promise<Absence> {
  const view = await deps.company.withTransaction(async (company) => {
    await employeeOf(company, employeeId);
    const forwardTo = await colleagueField(
      company,
      'forwardToEmployeeId',
      input.forwardToEmployeeId,
    );
    if (forwardTo === employeeId) {
      throw ApiError.badField(
        'forwardToEmployeeId',
        'calls cannot be forwarded to the absent employee',
      );
    }
    const from = Date.parse(input.from);
    const to = Date.parse(input.to);
    const clash = (await company.absences.overlapping(employeeId, from, to))[0];
    if (clash) {
      const existing = await absenceView(company, clash);
      throw new ApiError(
        'conflict',
        `overlaps the absence from ${existing.from} to ${existing.to}`,
        [{ path: 'from', message: 'overlaps another absence period of this employee' }],
      );
    }
    const period = await company.absences.create({
      employeeId,
      from,
      to,
      reason: input.reason,
      forwardToEmployeeId: forwardTo,
    });
    const created = await absenceView(company, period);
    await audit(
      { ...deps, company },
      by,
      'absence.create',
      `employee ${employeeId}`,
      null,
      created,
    );
    return created;
  });
  deps.events.publish(by.companyId, { type: 'absences-changed', employeeId });
  return view;
}

export async function removeAbsence(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  absenceId: number,
): Promise<void> {
  await deps.company.withTransaction(async (company) => {
    const before = await absenceView(company, await absenceOf(company, employeeId, absenceId));
    await company.absences.remove(absenceId);
    await audit({ ...deps, company }, by, 'absence.delete', `employee ${employeeId}`, before, null);
  });
  deps.events.publish(by.companyId, { type: 'absences-changed', employeeId });
}
