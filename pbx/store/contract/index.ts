import { describe } from 'vitest';
import { callsContract } from './calls';
import { changesContract } from './changes';
import { companyDataContract } from './company-data';
import { deviceCredentialsContract } from './device-credentials';
import { useContractStore, type FreshLocation } from './harness';
import { peopleContract } from './people';
import { tenantsContract } from './tenants';
import { transactionsContract } from './transactions';

export type { FreshLocation } from './harness';

/**
 * The store contract (pbx/store/store.ts) as tests, run against each driver: every
 * repository, tenant isolation, transactions that roll back, unique constraints, the change
 * stream, and concurrent writers from two processes. `fresh` gives each test an empty store.
 */
export function describeStoreContract(driver: string, fresh: FreshLocation): void {
  describe(`store contract (${driver})`, () => {
    const t = useContractStore(fresh);
    tenantsContract(t);
    peopleContract(t);
    companyDataContract(t);
    deviceCredentialsContract(t);
    callsContract(t);
    transactionsContract(t);
    changesContract(t);
  });
}
