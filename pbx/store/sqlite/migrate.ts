import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './migrations';

/**
 * Brings the schema up to date in one IMMEDIATE transaction, so two processes opening the
 * same file at once apply each step exactly once. Returns the versions it applied.
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = db.prepare<[], { v: number | null }>(
    'SELECT max(version) AS v FROM schema_migrations',
  );
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction((): number[] => {
    const have = current.get()?.v ?? 0;
    if (have > latest) {
      throw new Error(`database schema version ${have} is newer than this program (${latest})`);
    }
    const pending = migrations
      .filter((m) => m.version > have)
      .sort((a, b) => a.version - b.version);
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
    return pending.map((m) => m.version);
  });
  return run.immediate();
}
