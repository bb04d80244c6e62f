import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './store';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open';

export * from './store';
export { openSqliteStore } from './sqlite/open';
export { watchExternalChanges } from './watch';

/** The database file inside a data directory. */
export const DATA_FILE_NAME = 'pbx.sqlite';

/**
 * Opens (creating when needed) the store of a data directory; the directory is private. The
 * server passes `checkpointInBackground` (sqlite/checkpointer.ts); CLI commands do not.
 */
export function openDataDirStore(dir: string, options: SqliteStoreOptions = {}): Store {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openSqliteStore(join(dir, DATA_FILE_NAME), options);
}
