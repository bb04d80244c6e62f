import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPbx, type RunningPbx } from '../../pbx/server';
import { createEmployee } from '../../pbx/directory';
import { createLogger } from '../../pbx/log';
import {
  openSqliteStore,
  openStoreAt,
  type CompanyStore,
  type Store,
  type StoreLocation,
} from '../../pbx/store';
import { DEFAULT_CONFIG } from '../../pbx/config';

export const TEST_DOMAIN = 'pbx.test';

export interface TestEmployee {
  id: number;
  sipNumber: string;
  password: string;
}

export interface TestPbx {
  pbx: RunningPbx;
  store: Store;
  companyId: number;
  /**
   * The test company's store as a test writes it: each write resolves once the running PBX's
   * directory has it, so the next SIP request sees it (as an API change would be).
   */
  company: CompanyStore;
  /** Creates an employee and returns their id, SIP number and password. */
  addEmployee(name: string, password?: string): Promise<TestEmployee>;
  /** Another company on the same PBX, with the same helpers. */
  addCompany(name: string): Promise<TestCompany>;
  /** Call records written and every change in the directory: what a test reads next is there. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestCompany {
  companyId: number;
  company: CompanyStore;
  addEmployee(name: string, password?: string): Promise<TestEmployee>;
}

/**
 * A PBX on 127.0.0.1 with ports the OS picks and an in-memory SQLite database (or the given
 * SQLite file, or a store location such as a PostgreSQL database), with one company.
 */
export async function startTestPbx(
  overrides: Partial<Parameters<typeof startPbx>[0]> = {},
  database: string | StoreLocation = ':memory:',
): Promise<TestPbx> {
  const store =
    typeof database === 'string' ? await openSqliteStore(database) : await openStoreAt(database);
  await store.settings.set('domain', TEST_DOMAIN);
  const pbx = await startPbx({
    ...DEFAULT_CONFIG,
    domain: TEST_DOMAIN,
    listenHost: '127.0.0.1',
    httpPort: 0,
    sipPort: 0,
    sipTlsPort: 0,
    httpsPort: 0,
    store,
    logger: createLogger(process.env.PBX_TEST_LOG ?? 'silent'),
    outboxDir: mkdtempSync(join(tmpdir(), 'pbx-outbox-')),
    ...overrides,
  });
  const tenant = async (name: string): Promise<TestCompany> => {
    const { id } = await store.companies.create({ name });
    await pbx.directory.sync();
    const company = syncedCompany(store.forCompany(id), () => pbx.directory.sync());
    return {
      companyId: id,
      company,
      async addEmployee(employeeName, password) {
        const created = await createEmployee(
          store.forCompany(id),
          { name: employeeName, password },
          TEST_DOMAIN,
        );
        await pbx.directory.sync();
        const { employee, sipNumber } = created;
        return { id: employee.id, sipNumber, password: created.password };
      },
    };
  };
  const first = await tenant('Test Company');
  return {
    pbx,
    store,
    companyId: first.companyId,
    company: first.company,
    addEmployee: first.addEmployee,
    addCompany: tenant,
    async settle() {
      await pbx.dialogs.flush();
      await pbx.directory.sync();
    },
    async stop() {
      await pbx.stop();
      await store.close();
    },
  };
}

/** A company's store whose every write resolves only once `synced` has. */
function syncedCompany(company: CompanyStore, synced: () => Promise<void>): CompanyStore {
  const wrap = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
          await synced();
          return result;
        };
      },
    });
  return {
    ...company,
    employees: wrap(company.employees),
    sipNumbers: wrap(company.sipNumbers),
    admins: wrap(company.admins),
    absences: wrap(company.absences),
    companyNumbers: wrap(company.companyNumbers),
    regionRules: wrap(company.regionRules),
    audit: wrap(company.audit),
  };
}
