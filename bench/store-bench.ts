/**
 * `npm run bench -- --store [--database sqlite|postgres|both]`: the store's figures for each
 * driver (issue 19, bench/README.md "Store"): a directory of 100,000 SIP numbers of 1,000
 * companies (start-up and memory), commit-to-effect delay, write-behind lag at 1,000 calls/s.
 * PostgreSQL runs on a throwaway cluster with PostgreSQL's durable defaults. Prints a table,
 * adds `store` to bench/results/latest.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDataDirStore, openPostgresStore, type Store } from '../pbx/store';
import { STORE_PLAN } from './config';
import { startPbxProcess, type Effect, type PbxDataOptions } from './pbx';
import { startBenchPostgres, type BenchPostgres } from './postgres';
import { mergeIntoResults } from './report';
import { seedCompanies } from './seed';
import { measureEffects } from './store-effect';
import {
  storeTable,
  type DirectoryFigures,
  type Driver,
  type DriverFigures,
} from './store-figures';
import { measureWriteBehind } from './store-writes';

type Plan = typeof STORE_PLAN;
const MB = 1024 * 1024;
const seconds = (ms: number) => Math.round(ms / 100) / 10;

export function driversOf(args: readonly string[]): Driver[] {
  const at = args.indexOf('--database');
  const which = at >= 0 ? args[at + 1] : 'both';
  if (which === 'sqlite' || which === 'postgres') return [which];
  if (which === 'both') return ['sqlite', 'postgres'];
  throw new Error(`--database takes sqlite, postgres or both, not ${which}`);
}

function planOf(args: readonly string[]): Plan {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: Object.fromEntries(
      ['numbers', 'companies', 'seconds', 'effect-seconds', 'rate'].map((k) => [
        k,
        { type: 'string' as const },
      ]),
    ),
  });
  const num = (key: string, fallback: number) =>
    typeof values[key] === 'string' ? Number(values[key]) : fallback;
  const numbers = num('numbers', STORE_PLAN.numbers);
  return {
    ...STORE_PLAN,
    numbers,
    companies: Math.min(numbers, num('companies', STORE_PLAN.companies)),
    callSeconds: num('seconds', STORE_PLAN.callSeconds),
    effectSeconds: num('effect-seconds', STORE_PLAN.effectSeconds),
    callRate: num('rate', STORE_PLAN.callRate),
  };
}

export async function runStoreBench(args: readonly string[]): Promise<number> {
  const plan = planOf(args);
  const drivers = driversOf(args);
  const postgres = drivers.includes('postgres') ? await startBenchPostgres() : undefined;
  const figures: DriverFigures[] = [];
  try {
    for (const driver of drivers) {
      console.log(`store: ${driver}`);
      figures.push(await measureDriver(driver, plan, postgres));
    }
  } finally {
    postgres?.stop();
  }
  console.log(`\n${storeTable(figures)}`);
  const file = mergeIntoResults('store', { plan, drivers: figures });
  console.log(`\nDetails: ${file}`);
  return 0;
}

async function measureDriver(
  driver: Driver,
  plan: Plan,
  postgres: BenchPostgres | undefined,
): Promise<DriverFigures> {
  const database = async () => (postgres ? { database: await postgres.newDatabase() } : {});
  const empty = await startPbxProcess(0, {}, { ...(await database()), seed: seed(0, 1) });
  const emptyMemory = await empty.memory();
  const emptyReadyMs = empty.readyMs;
  await empty.stop();

  const effects: Effect[] = [];
  const perCompany = Math.floor(plan.numbers / plan.companies);
  const data: PbxDataOptions = {
    ...(await database()),
    seed: seed(perCompany, plan.companies),
    onEffect: (effect) => effects.push(effect),
  };
  const pbx = await startPbxProcess(0, {}, data);
  const memory = await pbx.memory();
  const directory: DirectoryFigures = {
    numbers: perCompany * plan.companies,
    companies: plan.companies,
    seedSeconds: seconds(pbx.preparedMs),
    readySeconds: seconds(pbx.readyMs),
    emptyReadySeconds: seconds(emptyReadyMs),
    rssMb: Math.round((memory.rss - emptyMemory.rss) / MB),
    heapMb: Math.round((memory.heapUsed - emptyMemory.heapUsed) / MB),
  };
  console.log(`  directory: ${JSON.stringify(directory)}`);
  const writer = await openStore(data.database ?? pbx.dir);
  let effect;
  try {
    effect = await measureEffects(writer, pbx.numbers, effects, plan);
  } finally {
    await writer.close();
    await pbx.stop();
  }
  console.log(`  commit -> directory: ${JSON.stringify(effect)}`);

  const dir = mkdtempSync(join(tmpdir(), 'pbx-bench-writes-'));
  const store = await openStore((await database()).database ?? dir);
  let writes;
  try {
    writes = await measureWriteBehind(store, plan);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  write-behind: ${JSON.stringify(writes)}`);
  return { driver, effect, writes, directory };
}

function seed(perCompany: number, companies: number) {
  return (store: Store) => seedCompanies(store, companies, perCompany);
}

/** A postgres:// URL, or a data directory (SQLite). */
function openStore(where: string): Promise<Store> {
  return where.startsWith('postgres://') ? openPostgresStore(where) : openDataDirStore(where);
}
