import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Store } from '../store';
import type { Database as Tables } from '../sql/schema';
import { sqlStore } from '../sql/store';
import { SqliteChangeFeed } from './change-feed';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { sqliteDialect } from './kysely-dialect';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export interface SqliteStoreOptions {
  /** Clock for createdAt and passwordChangedAt; tests pass a fixed one. */
  now?: () => number;
  /** WAL checkpoints on a worker thread, never inside a commit (the server: checkpointer.ts). */
  checkpointInBackground?: boolean;
  /** How often a subscribed change feed looks at `data_version` (default 25 ms). */
  changePollMs?: number;
}

/**
 * Opens the SQLite driver: WAL (the server reads while the CLI writes), a 5 s busy timeout,
 * foreign keys on, and the schema migrated before anything else runs. better-sqlite3 itself
 * is synchronous; the store contract is not, so the same code serves PostgreSQL.
 */
export async function openSqliteStore(
  file: string,
  options: SqliteStoreOptions = {},
): Promise<Store> {
  const raw = new Database(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
    raw.function('pbx_fold', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    );
    migrate(raw, MIGRATIONS);
  } catch (error) {
    raw.close();
    throw error;
  }
  let checkpointer: Checkpointer | undefined;
  if (options.checkpointInBackground && file !== ':memory:') {
    raw.pragma('wal_autocheckpoint = 0');
    const totalChanges = raw.prepare<[], number>('SELECT total_changes()').pluck();
    checkpointer = startCheckpointer({
      file,
      changes: () => totalChanges.get()!,
      emptyWal: () => {
        // Readers of other processes get a moment, not the 5 s a write would wait.
        raw.pragma('busy_timeout = 100');
        try {
          raw.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          raw.pragma('busy_timeout = 5000');
        }
      },
      onFailure: () => {
        if (raw.open) raw.pragma('wal_autocheckpoint = 1000');
      },
    });
  }
  const db = new Kysely<Tables>({ dialect: sqliteDialect(raw) });
  const origin = randomBytes(8).toString('hex');
  const feed = new SqliteChangeFeed(origin, raw, db, options.changePollMs ?? 25);
  const now = options.now ?? Date.now;
  let closed = false;
  return sqlStore({
    dialect: 'sqlite',
    db,
    now,
    emit: async (tx, change) => {
      await tx
        .insertInto('change_log')
        .values({
          origin,
          entity: change.entity,
          company_id: change.companyId,
          key: change.key,
          data: change.data === undefined ? null : JSON.stringify(change.data),
          at: Date.now(),
        })
        .execute();
    },
    committed: () => feed.committed(),
    changes: () => feed,
    close: async () => {
      if (closed) return;
      closed = true;
      void checkpointer?.stop();
      await db.destroy();
    },
  });
}
