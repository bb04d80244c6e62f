import Database from 'better-sqlite3';
import type { Store } from '../store';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { sqliteAbsences } from './absences';
import { sqliteApiSessions } from './api-sessions';
import { sqliteAudit } from './audit';
import { sqliteCallRecords } from './call-records';
import { sqliteAdmins, sqliteCompanies } from './companies';
import { sqliteCompanyNumbers } from './company-numbers';
import { sqliteEmployees } from './employees';
import { migrate } from './migrate';
import { withNumberCache } from './number-cache';
import { MIGRATIONS } from './migrations';
import { sqliteRegionRules } from './region-rules';
import { sqliteSipNumbers } from './sip-numbers';

export interface SqliteStoreOptions {
  /** Clock for createdAt and passwordChangedAt; tests pass a fixed one. */
  now?: () => number;
  /** WAL checkpoints on a worker thread, never inside a commit (the server: checkpointer.ts). */
  checkpointInBackground?: boolean;
}

/**
 * Opens the SQLite driver: WAL (the server reads while the CLI writes), a 5 s busy timeout,
 * foreign keys on, and the schema migrated before anything else runs.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.function('pbx_fold', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    );
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  let checkpointer: Checkpointer | undefined;
  if (options.checkpointInBackground && file !== ':memory:') {
    db.pragma('wal_autocheckpoint = 0');
    const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
    checkpointer = startCheckpointer({
      file,
      changes: () => totalChanges.get()!,
      onFailure: () => {
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
      },
    });
  }
  const ctx = { db, now: options.now ?? Date.now };
  const dataVersionQuery = db.prepare<[], number>('PRAGMA data_version').pluck();
  const { sipNumbers, employees, absences, dataVersion } = withNumberCache(
    sqliteSipNumbers(ctx),
    sqliteEmployees(ctx),
    sqliteAbsences(ctx),
    () => dataVersionQuery.get()!,
  );
  return {
    companies: sqliteCompanies(ctx),
    employees,
    sipNumbers,
    admins: sqliteAdmins(ctx),
    callRecords: sqliteCallRecords(ctx),
    absences,
    companyNumbers: sqliteCompanyNumbers(ctx),
    audit: sqliteAudit(ctx),
    apiSessions: sqliteApiSessions(ctx),
    regionRules: sqliteRegionRules(ctx),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    dataVersion,
    close: () => {
      void checkpointer?.stop();
      db.close();
    },
  };
}
