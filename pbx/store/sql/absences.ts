import type { Selectable } from 'kysely';
import type { AbsencePeriod } from '../entities';
import type { AbsenceRepository } from '../store';
import type { AbsencePeriodsTable } from './schema';
import type { Db, SqlContext } from './context';

export const absence = (r: Selectable<AbsencePeriodsTable>): AbsencePeriod => ({
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
 * One company's absence periods. Periods are half-open, [from, to): one that ends exactly when
 * the next starts does not overlap it, and at its `to` it is no longer in force.
 */
export function sqlAbsences(ctx: SqlContext, companyId: number): AbsenceRepository {
  const changed = (db: Db, employeeId: number) =>
    ctx.emit(db, { entity: 'absence', companyId, key: String(employeeId) });
  const periods = () =>
    ctx.db.selectFrom('absence_periods').selectAll().where('company_id', '=', companyId);
  return {
    create: (input) =>
      ctx.write(async (db) => {
        if (input.forwardToEmployeeId !== null) {
          const colleague = await db
            .selectFrom('employees')
            .select('id')
            .where('id', '=', input.forwardToEmployeeId)
            .where('company_id', '=', companyId)
            .executeTakeFirst();
          if (!colleague)
            throw new Error(`no employee ${input.forwardToEmployeeId} in this company`);
        }
        const row = await db
          .insertInto('absence_periods')
          .values({
            company_id: companyId,
            employee_id: input.employeeId,
            from_at: input.from,
            to_at: input.to,
            reason: input.reason,
            forward_to_employee_id: input.forwardToEmployeeId,
            created_at: ctx.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, row.employee_id);
        return absence(row);
      }),
    get: async (id) => {
      const row = await periods().where('id', '=', id).executeTakeFirst();
      return row && absence(row);
    },
    listByEmployee: async (employeeId) =>
      (
        await periods()
          .where('employee_id', '=', employeeId)
          .orderBy('from_at')
          .orderBy('id')
          .execute()
      ).map(absence),
    overlapping: async (employeeId, from, to) =>
      (
        await periods()
          .where('employee_id', '=', employeeId)
          .where('from_at', '<', to)
          .where('to_at', '>', from)
          .orderBy('from_at')
          .orderBy('id')
          .execute()
      ).map(absence),
    current: async (employeeId, at) => {
      const row = await periods()
        .where('employee_id', '=', employeeId)
        .where('from_at', '<=', at)
        .where('to_at', '>', at)
        .orderBy('from_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && absence(row);
    },
    remove: (id) =>
      ctx.write(async (db) => {
        const row = await db
          .deleteFrom('absence_periods')
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .returning('employee_id')
          .executeTakeFirst();
        if (!row) return false;
        await changed(db, row.employee_id);
        return true;
      }),
  };
}
