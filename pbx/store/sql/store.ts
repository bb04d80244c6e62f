import type { Change, ChangeFeed } from '../changes';
import type { CompanyStore, Store } from '../store';
import { sqlAbsences } from './absences';
import { sqlAdminLookup, sqlAdmins } from './admins';
import { sqlApiSessions } from './api-sessions';
import { sqlAudit } from './audit';
import { sqlCallRecords, sqlCompanyCallRecords } from './call-records';
import { sqlCompanies, sqlOperators, sqlSettings } from './companies';
import { sqlCompanyNumbers } from './company-numbers';
import type { Db, SqlContext } from './context';
import { sqlDeviceCredentialLookup, sqlDeviceCredentials } from './device-credentials';
import { sqlDirectorySource } from './directory-source';
import { sqlEmployees } from './employees';
import { storeError } from './errors';
import { sqlRegionRules } from './region-rules';
import { sqlSipNumberLookup, sqlSipNumbers } from './sip-numbers';
import { sqlUdpBindings } from './udp-bindings';

/** What a driver brings: its connection, how it announces changes, its change feed. */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Db;
  readonly now: () => number;
  emit(db: Db, change: Omit<Change, 'origin'>): Promise<void>;
  /** A transaction of this process committed (SQLite's feed then reads the change log). */
  committed(): void;
  changes(): ChangeFeed;
  close(): Promise<void>;
}

/** The connection behind a store this module made: for copying whole tables (../transfer.ts). */
const connections = new WeakMap<Store, Db>();

export function connectionOf(store: Store): Db {
  const db = connections.get(store);
  if (!db) throw new Error('not a store of this program');
  return db;
}

/**
 * The one implementation of the store contract over Kysely, for both dialects. A write outside
 * a transaction runs in one of its own, so a row and the change it announces commit together.
 */
export function sqlStore(driver: SqlDriver): Store {
  const inNewTransaction = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    try {
      const result = await driver.db.transaction().execute(fn);
      driver.committed();
      return result;
    } catch (error) {
      throw storeError(error);
    }
  };
  const context = (db: Db, inTransaction: boolean): SqlContext => ({
    db,
    dialect: driver.dialect,
    now: driver.now,
    emit: driver.emit,
    write: inTransaction
      ? (fn) =>
          fn(db).catch((error: unknown) => {
            throw storeError(error);
          })
      : inNewTransaction,
  });

  const build = (db: Db, inTransaction: boolean): Store => {
    const ctx = context(db, inTransaction);
    const store: Store = {
      dialect: driver.dialect,
      companies: sqlCompanies(ctx),
      operators: sqlOperators(ctx),
      settings: sqlSettings(ctx),
      apiSessions: sqlApiSessions(ctx),
      callRecords: sqlCallRecords(ctx),
      udpBindings: sqlUdpBindings(ctx),
      admins: sqlAdminLookup(ctx),
      sipNumbers: sqlSipNumberLookup(ctx),
      deviceCredentials: sqlDeviceCredentialLookup(ctx),
      directorySource: sqlDirectorySource(ctx),
      forCompany: (companyId) => companyStore(store, ctx, companyId, inTransaction),
      withTransaction: inTransaction
        ? (fn) => fn(store)
        : (fn) => inNewTransaction((tx) => fn(build(tx, true))),
      changes: () => driver.changes(),
      close: () => driver.close(),
    };
    return store;
  };
  const store = build(driver.db, false);
  connections.set(store, driver.db);
  return store;
}

function companyStore(
  store: Store,
  ctx: SqlContext,
  companyId: number,
  inTransaction: boolean,
): CompanyStore {
  const scoped: CompanyStore = {
    companyId,
    company: () => store.companies.get(companyId),
    setReturnCalls: async (patch) => {
      const fallback = patch.fallbackEmployeeId;
      // Scoped: another company's employee is not found. One deleted meanwhile fails the
      // foreign key, and never names someone else.
      if (typeof fallback === 'number' && !(await scoped.employees.get(fallback))) return false;
      return store.companies.update(companyId, { returnCalls: patch });
    },
    setAnnouncementLanguage: (announcementLanguage) =>
      store.companies.update(companyId, { announcementLanguage }),
    lock: async () => {
      // SQLite's write transactions (BEGIN IMMEDIATE) are serial already.
      if (ctx.dialect !== 'postgres' || !inTransaction) return;
      await ctx.db
        .selectFrom('companies')
        .select('id')
        .where('id', '=', companyId)
        .forUpdate()
        .execute();
    },
    employees: sqlEmployees(ctx, companyId),
    sipNumbers: sqlSipNumbers(ctx, companyId),
    admins: sqlAdmins(ctx, companyId),
    absences: sqlAbsences(ctx, companyId),
    companyNumbers: sqlCompanyNumbers(ctx, companyId),
    regionRules: sqlRegionRules(ctx, companyId),
    deviceCredentials: sqlDeviceCredentials(ctx, companyId),
    callRecords: sqlCompanyCallRecords(ctx, companyId),
    audit: sqlAudit(ctx, companyId),
    withTransaction: inTransaction
      ? (fn) => fn(scoped)
      : (fn) => store.withTransaction((tx) => fn(tx.forCompany(companyId))),
  };
  return scoped;
}
