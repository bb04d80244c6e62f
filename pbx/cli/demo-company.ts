import { createAdmin, createEmployee, generatePassword } from '../directory';
import type { Store } from '../store';

export interface DemoCredentials {
  company: string;
  domain: string;
  admin: { email: string; password: string };
  employees: { name: string; sipNumber: string; password: string }[];
}

export const DEMO_ADMIN_EMAIL = 'admin@demo.example';
const DEMO_EMPLOYEES = ['Anna Ivanova', 'Boris Petrov', 'Vera Sidorova'];
/** Fictional carrier numbers, so caller-ID settings have something to choose from. */
const DEMO_NUMBERS = [
  { number: '+78123090000', region: 'Санкт-Петербург', isDefault: true },
  { number: '+74952300000', region: 'Москва', isDefault: false },
];

/**
 * Seeds an empty database so a first start can be tried at once: a company, its admin,
 * three employees and two company phone numbers. Returns their passwords (shown once), or null when a company already exists.
 */
export function ensureDemoCompany(store: Store, realm: string): DemoCredentials | null {
  if (store.companies.count() > 0) return null;
  const adminPassword = generatePassword();
  return store.transaction(() => {
    if (store.companies.count() > 0) return null;
    const company = store.companies.create({ name: 'Demo Company' });
    createAdmin(store, { companyId: company.id, email: DEMO_ADMIN_EMAIL, password: adminPassword });
    const employees = DEMO_EMPLOYEES.map((name) => {
      const created = createEmployee(store, { companyId: company.id, name }, realm);
      return { name, sipNumber: created.sipNumber, password: created.password };
    });
    for (const number of DEMO_NUMBERS) {
      store.companyNumbers.create({
        ...number,
        companyId: company.id,
        enabled: true,
        inboundEmployeeId: null,
      });
    }
    return {
      company: company.name,
      domain: realm,
      admin: { email: DEMO_ADMIN_EMAIL, password: adminPassword },
      employees,
    };
  });
}

/** The console block printed once after seeding; passwords cannot be shown again later. */
export function formatDemoCredentials(c: DemoCredentials): string {
  const width = Math.max(...c.employees.map((e) => e.name.length));
  return [
    `Created "${c.company}" on ${c.domain}. Save these passwords now: they are not stored.`,
    '',
    `  Admin (Admin tab)   ${c.admin.email}   password ${c.admin.password}`,
    '',
    '  Employees (softphone sign-in: SIP number and password)',
    ...c.employees.map((e) => `    ${e.name.padEnd(width)}   ${e.sipNumber}   ${e.password}`),
    '',
  ].join('\n');
}
