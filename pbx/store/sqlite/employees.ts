import type { Employee, EmployeeListItem, EmployeeRepository } from '../store';
import { clampLimit, clampOffset, type RepoContext } from './common';

interface EmployeeRow {
  id: number;
  company_id: number;
  name: string;
  email: string | null;
  created_at: number;
}

interface ListRow extends EmployeeRow {
  sip_number: string | null;
  enabled: number | null;
}

const employee = (r: EmployeeRow): Employee => ({
  id: r.id,
  companyId: r.company_id,
  name: r.name,
  email: r.email,
  createdAt: r.created_at,
});

const listItem = (r: ListRow): EmployeeListItem => ({
  ...employee(r),
  sipNumber: r.sip_number,
  enabled: r.enabled === null ? null : r.enabled === 1,
});

/**
 * `pbx_fold` (registered in open.ts) lower-cases with Unicode rules, so a search for "анна"
 * finds "Анна"; SQLite's own LIKE folds ASCII only. An empty needle matches everything.
 */
const MATCH = `(instr(pbx_fold(e.name), :q) > 0 OR instr(pbx_fold(coalesce(e.email, '')), :q) > 0
  OR instr(coalesce(s.number, ''), :q) > 0)`;

export function sqliteEmployees({ db, now }: RepoContext): EmployeeRepository {
  const insert = db.prepare<[number, string, string | null, number], EmployeeRow>(
    'INSERT INTO employees (company_id, name, email, created_at) VALUES (?, ?, ?, ?) RETURNING *',
  );
  const byId = db.prepare<[number], EmployeeRow>('SELECT * FROM employees WHERE id = ?');
  const bySip = db.prepare<[string], EmployeeRow>(
    `SELECT e.* FROM employees e JOIN sip_numbers s ON s.employee_id = e.id WHERE s.number = ?`,
  );
  const page = db.prepare<[{ c: number; q: string; limit: number; offset: number }], ListRow>(
    `SELECT e.*, s.number AS sip_number, s.enabled AS enabled
       FROM employees e LEFT JOIN sip_numbers s ON s.employee_id = e.id
      WHERE e.company_id = :c AND ${MATCH}
      ORDER BY pbx_fold(e.name), e.id LIMIT :limit OFFSET :offset`,
  );
  const count = db.prepare<[{ c: number; q: string }], { n: number }>(
    `SELECT count(*) AS n FROM employees e LEFT JOIN sip_numbers s ON s.employee_id = e.id
      WHERE e.company_id = :c AND ${MATCH}`,
  );
  const write = db.prepare<[string, string | null, number], EmployeeRow>(
    'UPDATE employees SET name = ?, email = ? WHERE id = ? RETURNING *',
  );
  const del = db.prepare<[number]>('DELETE FROM employees WHERE id = ?');
  const fold = (s: string | undefined) => (s ?? '').trim().toLowerCase();
  return {
    create: ({ companyId, name, email }) =>
      employee(insert.get(companyId, name, email ?? null, now())!),
    get: (id) => {
      const row = byId.get(id);
      return row && employee(row);
    },
    getBySipNumber: (number) => {
      const row = bySip.get(number);
      return row && employee(row);
    },
    list: (companyId, query = {}) =>
      page
        .all({
          c: companyId,
          q: fold(query.search),
          limit: clampLimit(query.limit),
          offset: clampOffset(query.offset),
        })
        .map(listItem),
    count: (companyId, search) => count.get({ c: companyId, q: fold(search) })!.n,
    update: (id, patch) => {
      const current = byId.get(id);
      if (!current) return undefined;
      const email = patch.email === undefined ? current.email : patch.email;
      return employee(write.get(patch.name ?? current.name, email, id)!);
    },
    remove: (id) => del.run(id).changes > 0,
  };
}
