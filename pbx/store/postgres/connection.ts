import pg from 'pg';

/** BIGINT (int8) as a JS number: ids and epoch milliseconds stay far below 2^53. */
const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Client settings every connection of the store uses. */
export function clientConfig(url: string): pg.ClientConfig {
  return { connectionString: url, types, application_name: 'pbx' };
}

/** The pool the store's queries run on. */
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url), max, idleTimeoutMillis: 30_000 });
  // An idle connection that the server closed: the pool opens another on the next query.
  pool.on('error', () => undefined);
  return pool;
}

/** The database a URL names, without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/:@/, '@');
  } catch {
    // Not a URL: described without it, so no password can show.
    return 'the PostgreSQL database';
  }
}
