import type { RegionRule, RegionRuleRepository } from '../store';
import type { RepoContext } from './common';

interface RegionRuleRow {
  id: number;
  company_id: number;
  sip_number: string;
  region: string;
  /** A JSON array of E.164 strings. */
  numbers: string;
  effect: string;
  created_at: number;
}

const regionRule = (r: RegionRuleRow): RegionRule => ({
  id: r.id,
  companyId: r.company_id,
  sipNumber: r.sip_number,
  region: r.region,
  numbers: JSON.parse(r.numbers) as string[],
  effect: r.effect as RegionRule['effect'],
  createdAt: r.created_at,
});

/**
 * A rule belongs to a SIP number of its own company (a composite foreign key) and goes with
 * it: deleting the number, or its employee, deletes its rules.
 */
export function sqliteRegionRules({ db, now }: RepoContext): RegionRuleRepository {
  const insert = db.prepare<[Omit<RegionRuleRow, 'id'>], RegionRuleRow>(
    `INSERT INTO region_rules (company_id, sip_number, region, numbers, effect, created_at)
     VALUES (:company_id, :sip_number, :region, :numbers, :effect, :created_at)
     RETURNING *`,
  );
  const byId = db.prepare<[number], RegionRuleRow>('SELECT * FROM region_rules WHERE id = ?');
  const bySipNumber = db.prepare<[string], RegionRuleRow>(
    'SELECT * FROM region_rules WHERE sip_number = ? ORDER BY id',
  );
  const del = db.prepare<[number]>('DELETE FROM region_rules WHERE id = ?');
  return {
    create: (input) =>
      regionRule(
        insert.get({
          company_id: input.companyId,
          sip_number: input.sipNumber,
          region: input.region,
          numbers: JSON.stringify(input.numbers),
          effect: input.effect,
          created_at: now(),
        })!,
      ),
    get: (id) => {
      const row = byId.get(id);
      return row && regionRule(row);
    },
    listBySipNumber: (sipNumber) => bySipNumber.all(sipNumber).map(regionRule),
    remove: (id) => del.run(id).changes > 0,
  };
}
