import { describe, expect, it } from 'vitest';
import { computeHa1, verifyAdminPassword } from '../directory';
import { openSqliteStore } from '../store';
import { DEMO_ADMIN_EMAIL, ensureDemoCompany, formatDemoCredentials } from './demo-company';

describe('ensureDemoCompany', () => {
  it('seeds an empty database once, with working credentials', async () => {
    const store = openSqliteStore(':memory:');
    const demo = ensureDemoCompany(store, 'pbx.test')!;
    expect(demo.admin.email).toBe(DEMO_ADMIN_EMAIL);
    expect(demo.employees.map((e) => e.name)).toEqual([
      'Anna Ivanova',
      'Boris Petrov',
      'Vera Sidorova',
    ]);
    for (const e of demo.employees) {
      expect(store.sipNumbers.get(e.sipNumber)?.ha1).toBe(
        computeHa1(e.sipNumber, 'pbx.test', e.password),
      );
    }
    expect(await verifyAdminPassword(store, DEMO_ADMIN_EMAIL, demo.admin.password)).not.toBeNull();

    expect(ensureDemoCompany(store, 'pbx.test')).toBeNull();
    expect(store.companies.count()).toBe(1);
    const companyId = store.companies.list()[0]!.id;
    expect(store.employees.count(companyId)).toBe(3);
    expect(
      store.companyNumbers.listByCompany(companyId).map((n) => [n.number, n.isDefault]),
    ).toEqual([
      ['+74952300000', false],
      ['+78123090000', true],
    ]);
    store.close();
  });

  it('leaves a database that already has a company alone', () => {
    const store = openSqliteStore(':memory:');
    store.companies.create({ name: 'Acme' });
    expect(ensureDemoCompany(store, 'pbx.test')).toBeNull();
    expect(store.admins.getByEmail(DEMO_ADMIN_EMAIL)).toBeUndefined();
    store.close();
  });

  it('formats every credential for the console', () => {
    const text = formatDemoCredentials({
      company: 'Demo Company',
      domain: 'pbx.local',
      admin: { email: DEMO_ADMIN_EMAIL, password: 'AdminPass' },
      employees: [
        { name: 'Anna Ivanova', sipNumber: '0462626', password: 'AnnaPass' },
        { name: 'Boris Petrov', sipNumber: '0123456', password: 'BorisPass' },
      ],
    });
    expect(text).toContain('admin@demo.example');
    expect(text).toContain('AdminPass');
    expect(text).toMatch(/Anna Ivanova\s+0462626\s+AnnaPass/);
    expect(text).toMatch(/Boris Petrov\s+0123456\s+BorisPass/);
  });
});
