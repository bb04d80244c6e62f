import { createEmployee, createCompany } from '../directory';
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
 * Seeds new data so a first start can be tried at once: a company, its admin, three employees
 * and two company phone numbers. Returns their passwords (shown once), or null when a company
 * exists already.
 */
export async function ensureDemoCompany(
  store: Store,
  realm: string,
): Promise<DemoCredentials | null> {
  if ((await store.companies.list({ includeRemoved: true })).length > 0) return null;
  return store.withTransaction(async (tx) => {
    const { company, password } = await createCompany(tx, {
      name: 'Demo Company',
      adminEmail: DEMO_ADMIN_EMAIL,
    });
    const demo = tx.forCompany(company.id);
    const employees = [];
    for (const name of DEMO_EMPLOYEES) {
      const created = await createEmployee(demo, { name }, realm);
      employees.push({ name, sipNumber: created.sipNumber, password: created.password });
    }
    for (const number of DEMO_NUMBERS) {
      await demo.companyNumbers.create({ ...number, enabled: true, inboundEmployeeId: null });
    }
    return {
      company: company.name,
      domain: realm,
      admin: { email: DEMO_ADMIN_EMAIL, password },
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
