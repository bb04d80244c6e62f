import type pg from 'pg';
import type { Migration } from '../sqlite/migrations';

/** One lock id for every node of the PBX: two nodes starting at once migrate one after the other. */
const MIGRATION_LOCK = 0x70627831;

/**
 * Brings the schema up to date in one transaction under an advisory lock, so two processes
 * starting at once apply each step exactly once. Returns the versions it applied.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: readonly Migration[],
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const result = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations',
    );
    const have = result.rows[0]?.v ?? 0;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (have > latest) {
      throw new Error(`database schema version ${have} is newer than this program (${latest})`);
    }
    const pending = migrations
      .filter((m) => m.version > have)
      .sort((a, b) => a.version - b.version);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [m.version, m.name, Date.now()],
      );
    }
    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (error) {
    // The migration's own error is the one thrown; a failed ROLLBACK ends with the connection.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
