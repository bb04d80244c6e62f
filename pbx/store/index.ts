import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './store';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open';
import { openPostgresStore } from './postgres/open';

export * from './store';
export { openSqliteStore } from './sqlite/open';
export { openPostgresStore } from './postgres/open';
export { describeUrl } from './postgres/connection';

/** The database file inside a data directory. */
export const DATA_FILE_NAME = 'pbx.sqlite';

/** Where the data is: an SQLite file in a data directory, or a PostgreSQL database. */
export type StoreLocation = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; url: string };

/** `postgres://…` (or `postgresql://…`) names PostgreSQL; `sqlite:DIR` or a bare DIR, SQLite. */
export function parseStoreLocation(text: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', url: text };
  return { kind: 'sqlite', dir: text.replace(/^sqlite:/i, '') };
}

/**
 * Opens (creating when needed) the store of a data directory; the directory is private. The
 * server passes `checkpointInBackground` (sqlite/checkpointer.ts); CLI commands do not.
 */
export function openDataDirStore(dir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openSqliteStore(join(dir, DATA_FILE_NAME), options);
}

/** Opens the store a location names. */
export function openStoreAt(
  location: StoreLocation,
  options: SqliteStoreOptions = {},
): Promise<Store> {
  return location.kind === 'postgres'
    ? openPostgresStore(location.url, { now: options.now })
    : openDataDirStore(location.dir, options);
}
export {
  DEFAULT_MAX_PENDING_WRITES,
  WriteBehind,
  type QueuedWrite,
  type WriteQueue,
} from './write-behind';
export { StorageHealth, storageProblemOf, type StorageProblem, type StorageState } from './health';
export { copyStore, type TableCount } from './transfer';
