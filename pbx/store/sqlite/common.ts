import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

/** What every repository of this driver gets. */
export interface RepoContext {
  db: Db;
  now: () => number;
}

/** Page sizes: a sensible default and a hard ceiling, so no caller reads a whole table. */
export function clampLimit(limit: number | undefined, fallback = 100): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), 1000);
}

/** A page offset SQLite accepts: a whole number, never negative. */
export function clampOffset(offset: number | undefined): number {
  if (offset === undefined || !Number.isFinite(offset)) return 0;
  return Math.max(0, Math.trunc(offset));
}

export const toBit = (value: boolean): number => (value ? 1 : 0);

/** Drops keys whose value is undefined, so a patch never overwrites with "nothing". */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
