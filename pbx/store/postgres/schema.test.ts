import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../../test/support/postgres';
import { openDataDirStore, openPostgresStore } from '../index';

type Columns = Record<string, string[]>;

/** Every table's columns as `name not-null?`, SQLite's change log aside (PostgreSQL notifies). */
function sqliteColumns(file: string): Columns {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'change_log'",
    )
    .pluck()
    .all() as string[];
  const columns: Columns = {};
  for (const table of tables) {
    const rows = db.pragma(`table_info(${table})`) as {
      name: string;
      notnull: number;
      pk: number;
    }[];
    columns[table] = rows.map((r) => `${r.name}${r.notnull || r.pk ? ' not null' : ''}`).sort();
  }
  db.close();
  return columns;
}

async function postgresColumns(url: string): Promise<Columns> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    is_nullable: string;
  }>(
    "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  );
  await client.end();
  const columns: Columns = {};
  for (const r of rows) {
    (columns[r.table_name] ??= []).push(
      `${r.column_name}${r.is_nullable === 'NO' ? ' not null' : ''}`,
    );
  }
  for (const list of Object.values(columns)) list.sort();
  return columns;
}

it('both drivers hold the same tables, columns and NOT NULLs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-schema-'));
  try {
    await (await openDataDirStore(dir)).close();
    const url = await freshPostgresDatabase();
    await (await openPostgresStore(url)).close();
    const sqlite = sqliteColumns(join(dir, 'pbx.sqlite'));
    expect(Object.keys(sqlite).length).toBeGreaterThan(10);
    expect(await postgresColumns(url)).toEqual(sqlite);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
