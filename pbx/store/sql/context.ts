import type { Kysely } from 'kysely';
import type { Change } from '../changes';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/**
 * What every repository gets: the connection (or the open transaction), the dialect where the
 * two differ, the clock, and how a write is made atomic with the changes it announces.
 */
export interface SqlContext {
  readonly db: Db;
  readonly dialect: 'sqlite' | 'postgres';
  readonly now: () => number;
  /** Runs fn in the open transaction, or in a new one (then the change feed is told). */
  write<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Announces a change inside the write that makes it (a change-log row, or NOTIFY). */
  emit(db: Db, change: Omit<Change, 'origin'>): Promise<void>;
}

/** Page sizes: a sensible default and a hard ceiling, so no caller reads a whole table. */
export function clampLimit(limit: number | undefined, fallback = 100): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), 1000);
}

/** A page offset both databases accept: a whole number, never negative. */
export function clampOffset(offset: number | undefined): number {
  if (offset === undefined || !Number.isFinite(offset)) return 0;
  return Math.max(0, Math.trunc(offset));
}

/** Drops keys whose value is undefined, so a patch never overwrites with "nothing". */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Lower-cased with Unicode rules ("Анна" → "анна"), as search and ordering compare names. */
export const fold = (text: string | null | undefined): string => (text ?? '').toLowerCase();

/** A LIKE pattern that finds `needle` anywhere, its own % and _ taken literally. */
export const containsPattern = (needle: string): string =>
  `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Numbers (counts, ids) as either driver answers them. */
export const num = (value: number | bigint | string): number => Number(value);
