import type { Absence } from '../../../shared/api';
import type { ApiDeps } from '../deps';
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
export function addAbsence(
  deps: ApiDeps,
  by: SessionContext,
  employeeId: number,
  input: AbsenceInput,
): Absence {
  const { store } = deps;
  const view = store.transaction(() => {
    employeeOf(store, by.companyId, employeeId);
    const forwardTo = colleagueField(
      store,
      by.companyId,
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
    const clash = store.absences.overlapping(employeeId, from, to)[0];
    if (clash) {
      const existing = absenceView(store, clash);
      throw new ApiError(
        'conflict',
        `overlaps the absence from ${existing.from} to ${existing.to}`,
        [{ path: 'from', message: 'overlaps another absence period of this employee' }],
      );
    }
    const period = store.absences.create({
      companyId: by.companyId,
      employeeId,
      from,
      to,
      reason: input.reason,
      forwardToEmployeeId: forwardTo,
    });
    const created = absenceView(store, period);
    audit(deps, by, 'absence.create', `employee ${employeeId}`, null, created);
    return created;
  });
  deps.events.publish(by.companyId, { type: 'absences-changed', employeeId });
  return view;
}

export function removeAbsence(
  deps: ApiDeps,
  by: SessionContext,
  employeeId: number,
  absenceId: number,
): void {
  const { store } = deps;
  store.transaction(() => {
    const before = absenceView(store, absenceOf(store, by.companyId, employeeId, absenceId));
    store.absences.remove(absenceId);
    audit(deps, by, 'absence.delete', `employee ${employeeId}`, before, null);
  });
  deps.events.publish(by.companyId, { type: 'absences-changed', employeeId });
}
