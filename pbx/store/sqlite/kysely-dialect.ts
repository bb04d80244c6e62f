import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

/** Prepared statements kept per SQL text; past this many the cache starts again. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 as Kysely's SQLite dialect wants it, with three changes: statements are
 * prepared once per SQL text (Kysely prepares every query anew), booleans are bound as 1/0
 * (better-sqlite3 refuses them), and transactions begin IMMEDIATE, taking the write lock at
 * once, so a transaction that reads and then writes never fails with SQLITE_BUSY because
 * another process (the CLI) wrote in between: it waits (busy_timeout) instead.
 */
export function sqliteDialect(db: BetterSqlite3.Database): SqliteDialect {
  const statements = new Map<string, SqliteStatement>();
  const prepare = (sql: string): SqliteStatement => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = bindingBooleans(db.prepare(sql));
      statements.set(sql, statement);
    }
    return statement;
  };
  const database: SqliteDatabase = { close: () => db.close(), prepare };
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new ImmediateSqliteDriver({ database }, db);
    }
  })({ database });
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly raw: BetterSqlite3.Database,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * SQLite itself rolls back a transaction that failed with SQLITE_FULL or SQLITE_IOERR; a
   * ROLLBACK then fails ("no transaction is active") and would hide the error that matters.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.raw.inTransaction) await super.rollbackTransaction(connection);
  }
}

const toSqlite = (parameters: readonly unknown[]): unknown[] =>
  parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));

function bindingBooleans(statement: BetterSqlite3.Statement): SqliteStatement {
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(toSqlite(parameters)),
    run: (parameters) => statement.run(toSqlite(parameters)),
    iterate: (parameters) => statement.iterate(toSqlite(parameters)),
  };
}
