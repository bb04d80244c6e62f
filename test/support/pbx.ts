import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPbx, type RunningPbx } from '../../pbx/server';
import { createEmployee } from '../../pbx/directory';
import { createLogger } from '../../pbx/log';
import { openSqliteStore, type Store } from '../../pbx/store';
import { DEFAULT_CONFIG } from '../../pbx/config';

export const TEST_DOMAIN = 'pbx.test';

export interface TestPbx {
  pbx: RunningPbx;
  store: Store;
  companyId: number;
  /** Creates an employee and returns their id, SIP number and password. */
  addEmployee(name: string, password?: string): { id: number; sipNumber: string; password: string };
  stop(): Promise<void>;
}

/** A PBX on 127.0.0.1 with ports the OS picks and an in-memory (or the given) database. */
export async function startTestPbx(
  overrides: Partial<Parameters<typeof startPbx>[0]> = {},
  databaseFile = ':memory:',
): Promise<TestPbx> {
  const store = openSqliteStore(databaseFile);
  const company = store.companies.create({ name: 'Test Company' });
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
  return {
    pbx,
    store,
    companyId: company.id,
    addEmployee(name, password) {
      const created = createEmployee(store, { companyId: company.id, name, password }, TEST_DOMAIN);
      return { id: created.employee.id, sipNumber: created.sipNumber, password: created.password };
    },
    async stop() {
      await pbx.stop();
      store.close();
    },
  };
}
