import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Store } from '../store';
import type { Database } from '../sql/schema';
import { sqlStore } from '../sql/store';
import { changePayload, CHANGE_CHANNEL, PostgresChangeFeed } from './change-feed';
import { createPool, describeUrl } from './connection';
import { migratePostgres } from './migrate';
import { PG_MIGRATIONS } from './migrations';

export interface PostgresStoreOptions {
  now?: () => number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/**
 * Opens the PostgreSQL driver on `url` (`postgres://user:password@host:port/database`): a
 * pool for queries, one more connection for LISTEN once something subscribes to changes, and
 * the schema migrated first.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const pool = createPool(url, options.poolSize);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, PG_MIGRATIONS);
    } finally {
      client.release();
    }
  } catch (error) {
    // The open failed already: that is the error to report, not the pool's on closing.
    await pool.end().catch(() => undefined);
    throw new Error(`cannot open ${describeUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const origin = randomBytes(8).toString('hex');
  const feed = new PostgresChangeFeed(origin, url, async (payload) => {
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${payload})`.execute(db);
  });
  let closed = false;
  return sqlStore({
    dialect: 'postgres',
    db,
    now: options.now ?? Date.now,
    emit: async (tx, change) => {
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${changePayload({ ...change, origin })})`.execute(
        tx,
      );
    },
    committed: () => undefined,
    changes: () => feed,
    close: async () => {
      if (closed) return;
      closed = true;
      feed.close();
      await db.destroy();
    },
  });
}
