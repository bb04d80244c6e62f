import { sql } from 'kysely';
import type { Store } from './store';
import { connectionOf } from './sql/store';
import { DATA_TABLES, type Database } from './sql/schema';

type Table = (typeof DATA_TABLES)[number];

/** The column each table is read in order of, page by page. */
const KEY: Record<Table, string> = {
  settings: 'key',
  companies: 'id',
  operators: 'id',
  employees: 'id',
  sip_numbers: 'number',
  device_credentials: 'username',
  admins: 'id',
  company_numbers: 'id',
  region_rules: 'id',
  absence_periods: 'id',
  call_records: 'id',
  audit_log: 'id',
};

/** Rows per INSERT: 500 × the widest table's 19 columns stays under both databases' limits. */
const PAGE = 500;

export interface TableCount {
  table: Table;
  rows: number;
}

/**
 * Copies every table of `from` into `to`, which must hold no data: companies, employees with
 * their HA1, settings (the SIP domain), company numbers, rules, absences, call records, audit
 * and operators, ids kept. One transaction on the target: it has all of it or none. Counts
 * both sides after and fails when they differ. API sessions are not copied (sign in again).
 */
export async function copyStore(
  from: Store,
  to: Store,
  onTable?: (count: TableCount) => void,
): Promise<TableCount[]> {
  const source = connectionOf(from);
  const target = connectionOf(to);
  for (const table of DATA_TABLES) {
    const rows = await count(target, table);
    if (rows > 0) {
      throw new Error(
        `the target already has data (${rows} rows in ${table}): migrate only into an empty database`,
      );
    }
  }
  await target.transaction().execute(async (tx) => {
    for (const table of DATA_TABLES) {
      const key = KEY[table];
      let after: unknown;
      for (;;) {
        let query = source.selectFrom(table).selectAll().orderBy(sql.ref(key)).limit(PAGE);
        if (after !== undefined) query = query.where(sql.ref(key), '>', after);
        const rows = (await query.execute()) as Record<string, unknown>[];
        if (rows.length === 0) break;
        await tx
          .insertInto(table)
          .values(rows as never)
          .execute();
        after = rows[rows.length - 1]![key];
        if (rows.length < PAGE) break;
      }
      if (to.dialect === 'postgres' && KEY[table] === 'id') {
        // Identity columns go on after the highest id copied.
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), max(id)) from ${sql.table(table)} having max(id) is not null`.execute(
          tx,
        );
      }
    }
  });
  const counts: TableCount[] = [];
  for (const table of DATA_TABLES) {
    const [rows, copied] = [await count(source, table), await count(target, table)];
    if (rows !== copied) {
      throw new Error(`${table}: ${rows} rows in the source but ${copied} in the target`);
    }
    counts.push({ table, rows });
    onTable?.({ table, rows });
  }
  return counts;
}

async function count(db: ReturnType<typeof connectionOf>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
