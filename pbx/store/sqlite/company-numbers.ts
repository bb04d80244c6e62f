import type {
  CompanyNumber,
  CompanyNumberPatch,
  CompanyNumberRepository,
  NewCompanyNumber,
} from '../store';
import { definedOnly, toBit, type RepoContext } from './common';

interface CompanyNumberRow {
  id: number;
  company_id: number;
  number: string;
  region: string | null;
  enabled: number;
  is_default: number;
  inbound_employee_id: number | null;
  created_at: number;
}

const companyNumber = (r: CompanyNumberRow): CompanyNumber => ({
  id: r.id,
  companyId: r.company_id,
  number: r.number,
  region: r.region,
  enabled: r.enabled === 1,
  isDefault: r.is_default === 1,
  inboundEmployeeId: r.inbound_employee_id,
  createdAt: r.created_at,
});

type WriteParams = Pick<
  CompanyNumberRow,
  'region' | 'enabled' | 'is_default' | 'inbound_employee_id'
>;

const writeParams = (n: NewCompanyNumber): WriteParams => ({
  region: n.region,
  enabled: toBit(n.enabled),
  is_default: toBit(n.isDefault),
  inbound_employee_id: n.inboundEmployeeId,
});

/**
 * A company has at most one default number: making one the default clears the flag on the
 * others in the same transaction (a partial unique index backs this up).
 */
export function sqliteCompanyNumbers({ db, now }: RepoContext): CompanyNumberRepository {
  const insert = db.prepare<
    [WriteParams & { company_id: number; number: string; created_at: number }],
    CompanyNumberRow
  >(
    `INSERT INTO company_numbers (company_id, number, region, enabled, is_default,
       inbound_employee_id, created_at)
     VALUES (:company_id, :number, :region, :enabled, :is_default, :inbound_employee_id,
       :created_at)
     RETURNING *`,
  );
  const byId = db.prepare<[number], CompanyNumberRow>('SELECT * FROM company_numbers WHERE id = ?');
  const byNumber = db.prepare<[string], CompanyNumberRow>(
    'SELECT * FROM company_numbers WHERE number = ?',
  );
  const byCompany = db.prepare<[number], CompanyNumberRow>(
    'SELECT * FROM company_numbers WHERE company_id = ? ORDER BY number',
  );
  const write = db.prepare<[WriteParams & { id: number }], CompanyNumberRow>(
    `UPDATE company_numbers SET region = :region, enabled = :enabled, is_default = :is_default,
       inbound_employee_id = :inbound_employee_id
     WHERE id = :id RETURNING *`,
  );
  const clearDefault = db.prepare<[{ c: number; keep: number | null }]>(
    `UPDATE company_numbers SET is_default = 0
      WHERE company_id = :c AND is_default = 1 AND id IS NOT :keep`,
  );
  const del = db.prepare<[number]>('DELETE FROM company_numbers WHERE id = ?');

  const create = db.transaction((input: NewCompanyNumber): CompanyNumber => {
    if (input.isDefault) clearDefault.run({ c: input.companyId, keep: null });
    const row = insert.get({
      ...writeParams(input),
      company_id: input.companyId,
      number: input.number,
      created_at: now(),
    });
    return companyNumber(row!);
  });
  const update = db.transaction((id: number, patch: CompanyNumberPatch) => {
    const current = byId.get(id);
    if (!current) return undefined;
    const next = { ...companyNumber(current), ...definedOnly(patch) };
    if (next.isDefault) clearDefault.run({ c: next.companyId, keep: id });
    return companyNumber(write.get({ ...writeParams(next), id })!);
  });

  return {
    create: (input) => create(input),
    get: (id) => {
      const row = byId.get(id);
      return row && companyNumber(row);
    },
    getByNumber: (number) => {
      const row = byNumber.get(number);
      return row && companyNumber(row);
    },
    listByCompany: (companyId) => byCompany.all(companyId).map(companyNumber),
    update: (id, patch) => update(id, patch),
    remove: (id) => del.run(id).changes > 0,
  };
}
