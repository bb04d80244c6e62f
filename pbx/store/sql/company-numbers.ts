import type { Selectable } from 'kysely';
import type { CompanyNumber, CompanyNumberPatch, NewCompanyNumber } from '../entities';
import type { CompanyNumberRepository } from '../store';
import { bool, type CompanyNumbersTable } from './schema';
import { definedOnly, type Db, type SqlContext } from './context';

export const companyNumber = (r: Selectable<CompanyNumbersTable>): CompanyNumber => ({
  id: r.id,
  companyId: r.company_id,
  number: r.number,
  region: r.region,
  enabled: bool(r.enabled),
  isDefault: bool(r.is_default),
  inboundEmployeeId: r.inbound_employee_id,
  createdAt: r.created_at,
});

const writeColumns = (n: Omit<NewCompanyNumber, 'companyId' | 'number'>) => ({
  region: n.region,
  enabled: n.enabled,
  is_default: n.isDefault,
  inbound_employee_id: n.inboundEmployeeId,
});

/**
 * One company's phone numbers. A company has at most one default number: making one the
 * default clears the flag on the others in the same transaction (a partial unique index backs
 * this up). The employee inbound calls go to is one of the company's.
 */
export function sqlCompanyNumbers(ctx: SqlContext, companyId: number): CompanyNumberRepository {
  const changed = (db: Db) =>
    ctx.emit(db, { entity: 'company-number', companyId, key: String(companyId) });
  const numbers = (db: Db) =>
    db.selectFrom('company_numbers').selectAll().where('company_id', '=', companyId);
  const clearDefault = (db: Db, keep: number | null) =>
    db
      .updateTable('company_numbers')
      .set({ is_default: false })
      .where('company_id', '=', companyId)
      .where('is_default', '=', true)
      .where('id', 'is distinct from', keep)
      .execute();
  const checkEmployee = async (db: Db, id: number | null | undefined) => {
    if (id === null || id === undefined) return;
    const found = await db
      .selectFrom('employees')
      .select('id')
      .where('id', '=', id)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    if (!found) throw new Error(`no employee ${id} in this company`);
  };
  return {
    create: (input) =>
      ctx.write(async (db) => {
        await checkEmployee(db, input.inboundEmployeeId);
        if (input.isDefault) await clearDefault(db, null);
        const row = await db
          .insertInto('company_numbers')
          .values({
            company_id: companyId,
            number: input.number,
            ...writeColumns(input),
            created_at: ctx.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db);
        return companyNumber(row);
      }),
    get: async (id) => {
      const row = await numbers(ctx.db).where('id', '=', id).executeTakeFirst();
      return row && companyNumber(row);
    },
    getByNumber: async (number) => {
      const row = await numbers(ctx.db).where('number', '=', number).executeTakeFirst();
      return row && companyNumber(row);
    },
    list: async () => (await numbers(ctx.db).orderBy('number').execute()).map(companyNumber),
    update: (id, patch: CompanyNumberPatch) =>
      ctx.write(async (db) => {
        const current = await numbers(db).where('id', '=', id).executeTakeFirst();
        if (!current) return undefined;
        await checkEmployee(db, patch.inboundEmployeeId);
        const next = { ...companyNumber(current), ...definedOnly(patch) };
        if (next.isDefault) await clearDefault(db, id);
        const row = await db
          .updateTable('company_numbers')
          .set(writeColumns(next))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db);
        return companyNumber(row);
      }),
    remove: (id) =>
      ctx.write(async (db) => {
        const gone = await db
          .deleteFrom('company_numbers')
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) === 0) return false;
        await changed(db);
        return true;
      }),
    isTaken: async (number) =>
      (await ctx.db
        .selectFrom('company_numbers')
        .select('id')
        .where('number', '=', number)
        .executeTakeFirst()) !== undefined,
  };
}
