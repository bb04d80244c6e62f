/**
 * Bulk seeding for the store benchmark (bench/store-bench.ts): companies through the store,
 * then employees and their SIP numbers in multi-row INSERTs of PAGE rows in one transaction
 * (100,000 one by one through `createEmployee` took minutes; this takes seconds). Typed Kysely
 * queries on the store's own connection: the bench's only write around the repositories.
 */
import type { Store } from '../pbx/store';
import { computeHa1, computeHa1Sha256 } from '../pbx/directory';
import { fold } from '../pbx/store/sql/context';
import { connectionOf } from '../pbx/store/sql/store';
import { BENCH_DOMAIN, BENCH_PASSWORD } from './config';

const PAGE = 500;

/** The SIP number of the i-th seeded employee (0-based): a leading zero and six digits. */
export const seededNumber = (i: number): string => `0${100_000 + i}`;

/**
 * `companies` companies of `perCompany` employees each, one SIP number apiece (channels 10,
 * the bench password); the store must be fresh. Returns the SIP numbers.
 */
export async function seedCompanies(
  store: Store,
  companies: number,
  perCompany: number,
): Promise<string[]> {
  const companyIds: number[] = [];
  for (let c = 0; c < companies; c++) {
    companyIds.push((await store.companies.create({ name: `Bench Company ${c + 1}` })).id);
  }
  const total = companies * perCompany;
  const numbers = Array.from({ length: total }, (_, i) => seededNumber(i));
  const at = Date.now();
  await connectionOf(store)
    .transaction()
    .execute(async (db) => {
      for (let start = 0; start < total; start += PAGE) {
        const ids = Array.from({ length: Math.min(PAGE, total - start) }, (_, k) => start + k);
        const companyOf = (i: number) => companyIds[Math.floor(i / perCompany)]!;
        await db
          .insertInto('employees')
          .values(
            ids.map((i) => ({
              id: i + 1,
              company_id: companyOf(i),
              name: `Employee ${i + 1}`,
              email: null,
              name_key: fold(`Employee ${i + 1}`),
              email_key: '',
              created_at: at,
            })),
          )
          .execute();
        await db
          .insertInto('sip_numbers')
          .values(ids.map((i) => sipNumberRow(numbers[i]!, companyOf(i), i + 1, at)))
          .execute();
      }
    });
  return numbers;
}

function sipNumberRow(number: string, companyId: number, employeeId: number, at: number) {
  return {
    number,
    company_id: companyId,
    employee_id: employeeId,
    ha1: computeHa1(number, BENCH_DOMAIN, BENCH_PASSWORD),
    ha1_sha256: computeHa1Sha256(number, BENCH_DOMAIN, BENCH_PASSWORD),
    enabled: true,
    multi_terminal: false,
    newest_device_wins: false,
    channels: 10,
    caller_id_mode: 'fixed',
    fixed_caller_id: null,
    employee_may_choose_caller_id: false,
    created_at: at,
    password_changed_at: at,
    chosen_caller_id: null,
    international_allowed: false,
    premium_allowed: false,
  };
}
