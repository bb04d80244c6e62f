import pg from 'pg';
import { describeStoreContract } from '../contract';
import { freshPostgresDatabase } from '../../../test/support/postgres';

let url: string | undefined;

/** One database for the file, emptied before each test (faster than a database each). */
describeStoreContract('PostgreSQL', async () => {
  if (!url) {
    url = await freshPostgresDatabase();
    return { kind: 'postgres', url };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    await client.query(
      `TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
  } finally {
    await client.end();
  }
  return { kind: 'postgres', url };
});
