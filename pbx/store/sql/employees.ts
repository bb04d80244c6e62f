import { sql, type Selectable } from 'kysely';
import type { Employee, EmployeeListItem } from '../entities';
import type { EmployeeRepository } from '../store';
import { bool, type EmployeesTable } from './schema';
import {
  clampLimit,
  clampOffset,
  containsPattern,
  fold,
  type Db,
  type SqlContext,
} from './context';

const employee = (r: Selectable<EmployeesTable>): Employee => ({
  id: r.id,
  companyId: r.company_id,
  name: r.name,
  email: r.email,
  createdAt: r.created_at,
});

/**
 * One company's employees. Search and order use name and e-mail lower-cased by the program
 * (`name_key`, `email_key`), so "анна" finds "Анна" in both databases alike (SQLite's own LIKE
 * folds ASCII only; PostgreSQL's lower() follows the server's locale).
 */
export function sqlEmployees(ctx: SqlContext, companyId: number): EmployeeRepository {
  const changed = (db: Db, id: number) =>
    ctx.emit(db, { entity: 'employee', companyId, key: String(id) });
  const listed = (db: Db, search: string | undefined) => {
    const query = db
      .selectFrom('employees as e')
      .leftJoin('sip_numbers as s', 's.employee_id', 'e.id')
      .where('e.company_id', '=', companyId);
    const needle = fold(search).trim();
    if (needle === '') return query;
    const like = containsPattern(needle);
    return query.where((eb) =>
      eb.or([
        sql<boolean>`${eb.ref('e.name_key')} like ${like} escape '\\'`,
        sql<boolean>`${eb.ref('e.email_key')} like ${like} escape '\\'`,
        sql<boolean>`${eb.ref('s.number')} like ${like} escape '\\'`,
      ]),
    );
  };
  const get = async (db: Db, id: number) => {
    const row = await db
      .selectFrom('employees')
      .selectAll()
      .where('id', '=', id)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return row && employee(row);
  };
  return {
    create: ({ name, email }) =>
      ctx.write(async (db) => {
        const row = await db
          .insertInto('employees')
          .values({
            company_id: companyId,
            name,
            email: email ?? null,
            name_key: fold(name),
            email_key: fold(email),
            created_at: ctx.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, row.id);
        return employee(row);
      }),
    get: (id) => get(ctx.db, id),
    getBySipNumber: async (number) => {
      const row = await ctx.db
        .selectFrom('employees as e')
        .innerJoin('sip_numbers as s', 's.employee_id', 'e.id')
        .selectAll('e')
        .where('s.number', '=', number)
        .where('e.company_id', '=', companyId)
        .executeTakeFirst();
      return row && employee(row);
    },
    list: async (query = {}) => {
      const rows = await listed(ctx.db, query.search)
        .selectAll('e')
        .select(['s.number as sip_number', 's.enabled as enabled'])
        .orderBy('e.name_key')
        .orderBy('e.id')
        .limit(clampLimit(query.limit))
        .offset(clampOffset(query.offset))
        .execute();
      return rows.map((r): EmployeeListItem => ({
        ...employee(r),
        sipNumber: r.sip_number,
        enabled: r.enabled === null ? null : bool(r.enabled),
      }));
    },
    count: async (search) => {
      const row = await listed(ctx.db, search)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    update: (id, patch) =>
      ctx.write(async (db) => {
        const current = await get(db, id);
        if (!current) return undefined;
        const name = patch.name ?? current.name;
        const email = patch.email === undefined ? current.email : patch.email;
        const row = await db
          .updateTable('employees')
          .set({ name, email, name_key: fold(name), email_key: fold(email) })
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, id);
        return employee(row);
      }),
    remove: (id) =>
      ctx.write(async (db) => {
        const gone = await db
          .deleteFrom('employees')
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) === 0) return false;
        await changed(db, id);
        return true;
      }),
  };
}
