import { describe, expect, it } from 'vitest';
import { computeHa1, verifyAdminPassword } from '../directory';
import { openSqliteStore } from '../store';
import { DEMO_ADMIN_EMAIL, ensureDemoCompany, formatDemoCredentials } from './demo-company';

describe('ensureDemoCompany', () => {
  it('seeds an empty database once, with working credentials', async () => {
    const store = await openSqliteStore(':memory:');
    const demo = (await ensureDemoCompany(store, 'pbx.test'))!;
    expect(demo.admin.email).toBe(DEMO_ADMIN_EMAIL);
    expect(demo.employees.map((e) => e.name)).toEqual([
      'Anna Ivanova',
      'Boris Petrov',
      'Vera Sidorova',
    ]);
    for (const e of demo.employees) {
      expect((await store.sipNumbers.get(e.sipNumber))?.ha1).toBe(
        computeHa1(e.sipNumber, 'pbx.test', e.password),
      );
    }
    expect(await verifyAdminPassword(store, DEMO_ADMIN_EMAIL, demo.admin.password)).not.toBeNull();

    expect(await ensureDemoCompany(store, 'pbx.test')).toBeNull();
    expect(await store.companies.count()).toBe(1);
    const demoCompany = store.forCompany((await store.companies.list())[0]!.id);
    expect(await demoCompany.employees.count()).toBe(3);
    expect((await demoCompany.companyNumbers.list()).map((n) => [n.number, n.isDefault])).toEqual([
      ['+74952300000', false],
      ['+78123090000', true],
    ]);
    await store.close();
  });

  it('leaves a database that already has (or had) a company alone', async () => {
    const store = await openSqliteStore(':memory:');
    const acme = await store.companies.create({ name: 'Acme' });
    await store.companies.remove(acme.id, Date.now());
    expect(await ensureDemoCompany(store, 'pbx.test')).toBeNull();
    expect(await store.admins.getByEmail(DEMO_ADMIN_EMAIL)).toBeUndefined();
    await store.close();
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
