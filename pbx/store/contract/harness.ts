import { afterEach, beforeEach } from 'vitest';
import { openStoreAt, type StoreLocation } from '../index';
import type { CompanyStore, Employee, Store } from '../store';

/** How a driver's contract test gets an empty store for each test. */
export type FreshLocation = () => Promise<StoreLocation>;

/** One test's store: an empty one with company "Acme", a clock that ticks per read. */
export interface ContractContext {
  readonly location: StoreLocation;
  readonly store: Store;
  readonly companyId: number;
  /** The store as company "Acme" sees it. */
  readonly acme: CompanyStore;
  /** Opens another store on the same data (another process's, say). */
  openAgain(): Promise<Store>;
  /** An employee with a SIP number, of Acme or of another company. */
  hire(name: string, number: string, company?: CompanyStore): Promise<Employee>;
  /** Another company. */
  other(name?: string): Promise<CompanyStore>;
}

/** Registers the hooks that give every test of the calling suite its own store. */
export function useContractStore(fresh: FreshLocation): ContractContext {
  let location: StoreLocation;
  let store: Store;
  let companyId: number;
  let clock = 1_000;
  const extra: Store[] = [];
  beforeEach(async () => {
    clock = 1_000;
    location = await fresh();
    store = await openStoreAt(location, { now: () => clock++ });
    companyId = (await store.companies.create({ name: 'Acme' })).id;
  });
  afterEach(async () => {
    for (const other of extra.splice(0)) await other.close();
    await store.close();
  });
  return {
    get location() {
      return location;
    },
    get store() {
      return store;
    },
    get companyId() {
      return companyId;
    },
    get acme() {
      return store.forCompany(companyId);
    },
    async openAgain() {
      const other = await openStoreAt(location);
      extra.push(other);
      return other;
    },
    async hire(name, number, company = store.forCompany(companyId)) {
      const employee = await company.employees.create({ name });
      await company.sipNumbers.create({ number, employeeId: employee.id, ha1: 'h' });
      return employee;
    },
    async other(name = 'Other') {
      return store.forCompany((await store.companies.create({ name })).id);
    },
  };
}

/** A constraint's refusal, in either dialect's words. */
export const CHECK = /CHECK|check constraint/i;
export const FOREIGN_KEY = /FOREIGN KEY|foreign key/i;
