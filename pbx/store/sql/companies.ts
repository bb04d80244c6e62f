import type { Selectable } from 'kysely';
import type { Company, CompanyQuotas, CompanyStatus, Operator } from '../entities';
import type { CompanyRepository, OperatorRepository, SettingsRepository } from '../store';
import type { SqlContext } from './context';
import type { CompaniesTable, OperatorsTable } from './schema';

type CompanyRow = Selectable<CompaniesTable>;

export const company = (r: CompanyRow): Company => ({
  id: r.id,
  name: r.name,
  status: r.status as CompanyStatus,
  quotas: {
    maxEmployees: r.max_employees,
    maxDevices: r.max_devices,
    maxConcurrentCalls: r.max_calls,
    maxApiRequestsPerMinute: r.max_api_per_minute,
  },
  createdAt: r.created_at,
  removedAt: r.removed_at,
  returnCalls: { days: r.return_call_days, fallbackEmployeeId: r.fallback_employee_id },
  announcementLanguage: r.announcement_language,
});

/** The columns a quota patch writes; absent keys stay as they are, null lifts a limit. */
function quotaColumns(quotas: Partial<CompanyQuotas> = {}): Partial<CompanyRow> {
  const columns: Partial<CompanyRow> = {};
  if (quotas.maxEmployees !== undefined) columns.max_employees = quotas.maxEmployees;
  if (quotas.maxDevices !== undefined) columns.max_devices = quotas.maxDevices;
  if (quotas.maxConcurrentCalls !== undefined) columns.max_calls = quotas.maxConcurrentCalls;
  if (quotas.maxApiRequestsPerMinute !== undefined) {
    columns.max_api_per_minute = quotas.maxApiRequestsPerMinute;
  }
  return columns;
}

/**
 * Companies, the operator's tenants. Removing one deletes what it owns at once and keeps its
 * call records (and audit log) for the retention period, after which `purgeRemoved` deletes
 * the company row and, by cascade, them.
 */
export function sqlCompanies(ctx: SqlContext): CompanyRepository {
  const changed = (db: SqlContext['db'], id: number) =>
    ctx.emit(db, { entity: 'company', companyId: id, key: String(id) });
  return {
    create: ({ name, quotas }) =>
      ctx.write(async (db) => {
        const row = await db
          .insertInto('companies')
          .values({
            name,
            max_employees: null,
            max_devices: null,
            max_calls: null,
            max_api_per_minute: null,
            ...quotaColumns(quotas),
            created_at: ctx.now(),
            removed_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, row.id);
        return company(row);
      }),
    get: async (id) => {
      const row = await ctx.db
        .selectFrom('companies')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && company(row);
    },
    list: async ({ includeRemoved = false } = {}) => {
      let query = ctx.db.selectFrom('companies').selectAll().orderBy('id');
      if (!includeRemoved) query = query.where('status', '<>', 'removed');
      return (await query.execute()).map(company);
    },
    count: async () => {
      const row = await ctx.db
        .selectFrom('companies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '<>', 'removed')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    update: (id, patch) =>
      ctx.write(async (db) => {
        const columns: Partial<CompanyRow> = quotaColumns(patch.quotas);
        if (patch.name !== undefined) columns.name = patch.name;
        if (patch.status !== undefined) columns.status = patch.status;
        if (patch.announcementLanguage !== undefined) {
          columns.announcement_language = patch.announcementLanguage;
        }
        if (patch.returnCalls?.days !== undefined)
          columns.return_call_days = patch.returnCalls.days;
        if (patch.returnCalls?.fallbackEmployeeId !== undefined) {
          columns.fallback_employee_id = patch.returnCalls.fallbackEmployeeId;
        }
        const query = db.updateTable('companies').where('id', '=', id);
        const row =
          Object.keys(columns).length === 0
            ? await db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst()
            : await query
                .set(columns)
                .where('status', '<>', 'removed')
                .returningAll()
                .executeTakeFirst();
        if (!row || row.status === 'removed') return undefined;
        await changed(db, id);
        return company(row);
      }),
    remove: (id, at) =>
      ctx.write(async (db) => {
        const marked = await db
          .updateTable('companies')
          .set({ status: 'removed', removed_at: at })
          .where('id', '=', id)
          .where('status', '<>', 'removed')
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) === 0) return false;
        // Company numbers first: their inbound employee would otherwise be nulled row by row.
        for (const table of ['company_numbers', 'api_sessions', 'admins', 'employees'] as const) {
          await db.deleteFrom(table).where('company_id', '=', id).execute();
        }
        await changed(db, id);
        return true;
      }),
    purgeRemoved: (before) =>
      ctx.write(async (db) => {
        const gone = await db
          .deleteFrom('companies')
          .where('status', '=', 'removed')
          .where('removed_at', '<', before)
          .executeTakeFirst();
        return Number(gone.numDeletedRows);
      }),
  };
}

const operator = (r: Selectable<OperatorsTable>): Operator => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
});

export function sqlOperators(ctx: SqlContext): OperatorRepository {
  return {
    create: ({ name, tokenHash }) =>
      ctx.write(async (db) =>
        operator(
          await db
            .insertInto('operators')
            .values({ name, token_hash: tokenHash, created_at: ctx.now() })
            .returningAll()
            .executeTakeFirstOrThrow(),
        ),
      ),
    getByTokenHash: async (tokenHash) => {
      const row = await ctx.db
        .selectFrom('operators')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && operator(row);
    },
    list: async () =>
      (await ctx.db.selectFrom('operators').selectAll().orderBy('name').execute()).map(operator),
    remove: (name) =>
      ctx.write(async (db) => {
        const gone = await db.deleteFrom('operators').where('name', '=', name).executeTakeFirst();
        return Number(gone.numDeletedRows) > 0;
      }),
  };
}

export function sqlSettings(ctx: SqlContext): SettingsRepository {
  return {
    get: async (key) =>
      (
        await ctx.db
          .selectFrom('settings')
          .select('value')
          .where('key', '=', key)
          .executeTakeFirst()
      )?.value,
    set: (key, value) =>
      ctx.write(async (db) => {
        await db
          .insertInto('settings')
          .values({ key, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
        await ctx.emit(db, { entity: 'settings', companyId: null, key });
      }),
  };
}
