import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

/** What every repository of this driver gets. */
export interface RepoContext {
  db: Db;
  now: () => number;
}

/** Page sizes: a sensible default and a hard ceiling, so no caller reads a whole table. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(Math.max(Math.trunc(limit), 1), 1000);
}

export const toBit = (value: boolean): number => (value ? 1 : 0);
