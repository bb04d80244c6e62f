import type { Admin, AdminRepository, Company, CompanyRepository } from '../store';
import type { RepoContext } from './common';

interface CompanyRow {
  id: number;
  name: string;
  created_at: number;
}

const company = (r: CompanyRow): Company => ({ id: r.id, name: r.name, createdAt: r.created_at });

export function sqliteCompanies({ db, now }: RepoContext): CompanyRepository {
  const insert = db.prepare<[string, number], CompanyRow>(
    'INSERT INTO companies (name, created_at) VALUES (?, ?) RETURNING *',
  );
  const byId = db.prepare<[number], CompanyRow>('SELECT * FROM companies WHERE id = ?');
  const all = db.prepare<[], CompanyRow>('SELECT * FROM companies ORDER BY id');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM companies');
  return {
    create: ({ name }) => company(insert.get(name, now())!),
    get: (id) => {
      const row = byId.get(id);
      return row && company(row);
    },
    list: () => all.all().map(company),
    count: () => count.get()!.n,
  };
}

interface AdminRow {
  id: number;
  company_id: number;
  email: string;
  password_hash: string;
  created_at: number;
}

const admin = (r: AdminRow): Admin => ({
  id: r.id,
  companyId: r.company_id,
  email: r.email,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});

export function sqliteAdmins({ db, now }: RepoContext): AdminRepository {
  const insert = db.prepare<[number, string, string, number], AdminRow>(
    `INSERT INTO admins (company_id, email, password_hash, created_at)
     VALUES (?, ?, ?, ?) RETURNING *`,
  );
  const byId = db.prepare<[number], AdminRow>('SELECT * FROM admins WHERE id = ?');
  const byEmail = db.prepare<[string], AdminRow>('SELECT * FROM admins WHERE email = ?');
  const byCompany = db.prepare<[number], AdminRow>(
    'SELECT * FROM admins WHERE company_id = ? ORDER BY email',
  );
  const setHash = db.prepare<[string, number]>('UPDATE admins SET password_hash = ? WHERE id = ?');
  const del = db.prepare<[number]>('DELETE FROM admins WHERE id = ?');
  return {
    create: ({ companyId, email, passwordHash }) =>
      admin(insert.get(companyId, email.toLowerCase(), passwordHash, now())!),
    get: (id) => {
      const row = byId.get(id);
      return row && admin(row);
    },
    getByEmail: (email) => {
      const row = byEmail.get(email);
      return row && admin(row);
    },
    listByCompany: (companyId) => byCompany.all(companyId).map(admin),
    setPasswordHash: (id, hash) => setHash.run(hash, id).changes > 0,
    remove: (id) => del.run(id).changes > 0,
  };
}
