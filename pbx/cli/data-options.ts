import type { Command } from 'commander';
import {
  openStoreAt,
  parseStoreLocation,
  type CompanyStore,
  type Store,
  type StoreLocation,
} from '../store';
import { commandIo, describeLocation, messageOf, type CommandIo } from './command-io';

/** What every command on the data takes: where the data is, and which company. */
export interface DataOptions {
  dataDir?: string;
  database?: string;
  company?: string;
}

/** What tests inject: another store opener, another environment. */
export interface DataContext {
  openStore?: (location: StoreLocation) => Promise<Store>;
  /** Where PBX_DATA_DIR and PBX_DATABASE_URL are read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The audit entry's time; defaults to Date.now. */
  now?: () => number;
}

/** Adds --data-dir, --database and (for a company's data) --company to a command. */
export function dataOptions(
  cmd: Command,
  env: NodeJS.ProcessEnv,
  { company = true }: { company?: boolean } = {},
): Command {
  cmd
    .option(
      '--data-dir <dir>',
      'data directory holding pbx.sqlite (env PBX_DATA_DIR)',
      env.PBX_DATA_DIR,
    )
    .option(
      '--database <url>',
      'postgres://user:password@host/database instead of the data directory (env PBX_DATABASE_URL)',
      env.PBX_DATABASE_URL,
    );
  if (company) {
    cmd.option('--company <id>', 'the company, where the data has more than one (company list)');
  }
  return cmd;
}

/** Where the options say the data is: the database URL, else the data directory. */
export function dataLocation(o: DataOptions): StoreLocation {
  if (o.database) {
    const location = parseStoreLocation(o.database);
    if (location.kind !== 'postgres') {
      throw new Error(`--database: "${o.database}" is not a postgres:// URL`);
    }
    return location;
  }
  if (!o.dataDir) {
    throw new Error(
      'where is the data? give --data-dir DIR or --database postgres://… (or PBX_DATA_DIR, PBX_DATABASE_URL)',
    );
  }
  return { kind: 'sqlite', dir: o.dataDir };
}

export const openData = (ctx: DataContext) => ctx.openStore ?? openStoreAt;

/**
 * The company a data command works on: --company, or the only one there is. With several and
 * no --company, or none at all, one sentence says what to do.
 */
export async function companyOfData(
  store: Store,
  option: string | undefined,
): Promise<CompanyStore> {
  if (option !== undefined) {
    const id = /^\d+$/.test(option) ? Number(option) : NaN;
    const company = Number.isSafeInteger(id) ? await store.companies.get(id) : undefined;
    if (!company || company.status === 'removed') {
      throw new Error(
        `--company: there is no company ${option} (npm run pbx -- company list shows them)`,
      );
    }
    return store.forCompany(company.id);
  }
  const companies = await store.companies.list();
  if (companies.length === 1) return store.forCompany(companies[0]!.id);
  if (companies.length === 0) {
    throw new Error(
      'there is no company yet: create one with npm run pbx -- company add --name NAME --admin-email ADDRESS',
    );
  }
  throw new Error(
    `this data has ${companies.length} companies: say which with --company ID (npm run pbx -- company list shows them)`,
  );
}

/**
 * The SIP domain stored with the data: every HA1 is made with it, so no command takes another.
 * Data made before the domain was stored has none until the server has run once.
 */
export async function domainOfData(store: Store, location: StoreLocation): Promise<string> {
  const domain = await store.settings.get('domain');
  if (domain) return domain;
  const where = location.kind === 'sqlite' ? `--data-dir ${location.dir}` : '--database URL';
  throw new Error(
    `the ${describeLocation(location)} has no SIP domain stored yet: start the server on it once (npm run pbx -- serve ${where} --domain NAME, with the domain its devices use)`,
  );
}

/** commandIo, plus `withData`: the store the options name, or one line saying why not. */
export function dataIo(
  program: Command,
  ctx: DataContext,
): CommandIo & {
  withData: (
    o: DataOptions,
    fn: (store: Store, location: StoreLocation) => Promise<void>,
  ) => Promise<void>;
} {
  const io = commandIo(program, openData(ctx));
  return {
    ...io,
    withData: (o, fn) => {
      let location: StoreLocation;
      try {
        location = dataLocation(o);
      } catch (error) {
        return io.fail(messageOf(error));
      }
      return io.withStore(location, (store) => fn(store, location));
    },
  };
}
