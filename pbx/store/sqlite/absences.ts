import type { AbsencePeriod, AbsenceRepository } from '../store';
import type { RepoContext } from './common';

interface AbsenceRow {
  id: number;
  company_id: number;
  employee_id: number;
  from_at: number;
  to_at: number;
  reason: string;
  forward_to_employee_id: number | null;
  created_at: number;
}

const absence = (r: AbsenceRow): AbsencePeriod => ({
  id: r.id,
  companyId: r.company_id,
  employeeId: r.employee_id,
  from: r.from_at,
  to: r.to_at,
  reason: r.reason,
  forwardToEmployeeId: r.forward_to_employee_id,
  createdAt: r.created_at,
});

/**
 * Periods are half-open, [from, to): one that ends exactly when the next starts does not
 * overlap it, and at its `to` it is no longer in force.
 */
export function sqliteAbsences({ db, now }: RepoContext): AbsenceRepository {
  const insert = db.prepare<[Omit<AbsenceRow, 'id'>], AbsenceRow>(
    `INSERT INTO absence_periods (company_id, employee_id, from_at, to_at, reason,
       forward_to_employee_id, created_at)
     VALUES (:company_id, :employee_id, :from_at, :to_at, :reason, :forward_to_employee_id,
       :created_at)
     RETURNING *`,
  );
  const byId = db.prepare<[number], AbsenceRow>('SELECT * FROM absence_periods WHERE id = ?');
  const byEmployee = db.prepare<[number], AbsenceRow>(
    'SELECT * FROM absence_periods WHERE employee_id = ? ORDER BY from_at, id',
  );
  const overlapping = db.prepare<[{ e: number; from: number; to: number }], AbsenceRow>(
    `SELECT * FROM absence_periods
      WHERE employee_id = :e AND from_at < :to AND to_at > :from
      ORDER BY from_at, id`,
  );
  const current = db.prepare<[{ e: number; at: number }], AbsenceRow>(
    `SELECT * FROM absence_periods
      WHERE employee_id = :e AND from_at <= :at AND to_at > :at
      ORDER BY from_at DESC, id DESC LIMIT 1`,
  );
  const del = db.prepare<[number]>('DELETE FROM absence_periods WHERE id = ?');
  return {
    create: (input) =>
      absence(
        insert.get({
          company_id: input.companyId,
          employee_id: input.employeeId,
          from_at: input.from,
          to_at: input.to,
          reason: input.reason,
          forward_to_employee_id: input.forwardToEmployeeId,
          created_at: now(),
        })!,
      ),
    get: (id) => {
      const row = byId.get(id);
      return row && absence(row);
    },
    listByEmployee: (employeeId) => byEmployee.all(employeeId).map(absence),
    overlapping: (employeeId, from, to) =>
      overlapping.all({ e: employeeId, from, to }).map(absence),
    current: (employeeId, at) => {
      const row = current.get({ e: employeeId, at });
      return row && absence(row);
    },
    remove: (id) => del.run(id).changes > 0,
  };
}
