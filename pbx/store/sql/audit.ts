import type { Selectable } from 'kysely';
import type { AuditEntry } from '../entities';
import type { AuditRepository } from '../store';
import type { AuditLogTable } from './schema';
import { clampLimit, clampOffset, type SqlContext } from './context';

/** Null (and undefined) stay SQL NULL; anything else is stored as JSON text. */
const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
const fromJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

const auditEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: r.id,
  companyId: r.company_id,
  actor: r.actor,
  action: r.action,
  target: r.target,
  before: fromJson(r.before_json),
  after: fromJson(r.after_json),
  at: r.at,
});

/** Audit pages are shorter than the other lists by default. */
const AUDIT_PAGE = 50;

/** One company's audit log. */
export function sqlAudit(ctx: SqlContext, companyId: number): AuditRepository {
  return {
    append: (entry) =>
      ctx.write(async (db) =>
        auditEntry(
          await db
            .insertInto('audit_log')
            .values({
              company_id: companyId,
              actor: entry.actor,
              action: entry.action,
              target: entry.target,
              before_json: toJson(entry.before),
              after_json: toJson(entry.after),
              at: entry.at,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        ),
      ),
    list: async (query = {}) =>
      (
        await ctx.db
          .selectFrom('audit_log')
          .selectAll()
          .where('company_id', '=', companyId)
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(clampLimit(query.limit, AUDIT_PAGE))
          .offset(clampOffset(query.offset))
          .execute()
      ).map(auditEntry),
    count: async () => {
      const row = await ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('company_id', '=', companyId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
