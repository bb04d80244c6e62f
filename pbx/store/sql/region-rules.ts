import type { Selectable } from 'kysely';
import { COMPANY_RULES_KEY, type RegionRule } from '../entities';
import type { RegionRuleRepository } from '../store';
import type { RegionRulesTable } from './schema';
import type { Db, SqlContext } from './context';

export const regionRule = (r: Selectable<RegionRulesTable>): RegionRule => ({
  id: r.id,
  companyId: r.company_id,
  sipNumber: r.sip_number,
  region: r.region,
  numbers: JSON.parse(r.numbers) as string[],
  codes: JSON.parse(r.codes) as string[],
  numberRegions: JSON.parse(r.number_regions) as string[],
  effect: r.effect as RegionRule['effect'],
  createdAt: r.created_at,
});

/**
 * One company's region rules. A rule belongs to a SIP number of its own company (a composite
 * foreign key) and goes with it: deleting the number, or its employee, deletes its rules; a
 * rule with no SIP number is one of the company's defaults.
 */
export function sqlRegionRules(ctx: SqlContext, companyId: number): RegionRuleRepository {
  const changed = (db: Db, sipNumber: string | null) =>
    ctx.emit(db, { entity: 'region-rule', companyId, key: sipNumber ?? COMPANY_RULES_KEY });
  const rules = () =>
    ctx.db.selectFrom('region_rules').selectAll().where('company_id', '=', companyId);
  return {
    create: (input) =>
      ctx.write(async (db) => {
        const row = await db
          .insertInto('region_rules')
          .values({
            company_id: companyId,
            sip_number: input.sipNumber,
            region: input.region,
            numbers: JSON.stringify(input.numbers),
            codes: JSON.stringify(input.codes ?? []),
            number_regions: JSON.stringify(input.numberRegions ?? []),
            effect: input.effect,
            created_at: ctx.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, row.sip_number);
        return regionRule(row);
      }),
    get: async (id) => {
      const row = await rules().where('id', '=', id).executeTakeFirst();
      return row && regionRule(row);
    },
    listBySipNumber: async (sipNumber) =>
      (await rules().where('sip_number', '=', sipNumber).orderBy('id').execute()).map(regionRule),
    listCompanyWide: async () =>
      (await rules().where('sip_number', 'is', null).orderBy('id').execute()).map(regionRule),
    remove: (id) =>
      ctx.write(async (db) => {
        const row = await db
          .deleteFrom('region_rules')
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .returning('sip_number')
          .executeTakeFirst();
        if (!row) return false;
        await changed(db, row.sip_number);
        return true;
      }),
  };
}
