import { StoreConflictError } from '../store';

/** A unique constraint refused the write: SQLite's and PostgreSQL's codes alike. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** The error a caller of the store sees: a unique violation as StoreConflictError, else as is. */
export function storeError(error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  const detail = (error as Error).message;
  return new StoreConflictError(`already taken (${detail})`);
}
