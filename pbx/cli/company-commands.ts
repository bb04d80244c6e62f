import type { Command } from 'commander';
import {
  companyOf,
  createCompany,
  purgedAfter,
  removeCompany,
  REMOVED_COMPANY_RETENTION_DAYS,
  setCompanyStatus,
  updateCompany,
} from '../directory';
import type { Company, CompanyQuotas, Store } from '../store';
import { runCli, type CliRun } from './command-io';
import { dataIo, dataOptions, type DataContext, type DataOptions } from './data-options';

export type CompanyCommandContext = DataContext;

/** The quota options (and commander's name for each), their quota, what `company list` calls them. */
const QUOTA_OPTIONS = [
  ['--max-employees <n>', 'maxEmployees', 'maxEmployees', 'employees'],
  ['--max-devices <n>', 'maxDevices', 'maxDevices', 'devices registered at once'],
  ['--max-calls <n>', 'maxCalls', 'maxConcurrentCalls', 'calls in progress at once'],
  [
    '--max-api-per-minute <n>',
    'maxApiPerMinute',
    'maxApiRequestsPerMinute',
    'API requests a minute',
  ],
] as const;

type QuotaOptions = Partial<Record<(typeof QUOTA_OPTIONS)[number][1], string>>;

function withQuotaOptions(cmd: Command): Command {
  for (const [flags, , , what] of QUOTA_OPTIONS) {
    cmd.option(flags, `most ${what} across the company; none lifts the limit`);
  }
  return cmd;
}

/** The quota options given, or the one line saying which is wrong. */
function parseQuotas(o: QuotaOptions): Partial<CompanyQuotas> | string {
  const quotas: Partial<CompanyQuotas> = {};
  for (const [flags, option, key] of QUOTA_OPTIONS) {
    const value = o[option];
    if (value === undefined) continue;
    if (value === 'none') quotas[key] = null;
    else if (/^\d{1,8}$/.test(value)) quotas[key] = Number(value);
    else return `${flags.split(' ')[0]}: a whole number of 0 or more, or none`;
  }
  return quotas;
}

const companyId = (text: string): number | undefined =>
  /^\d{1,12}$/.test(text) ? Number(text) : undefined;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function describeQuotas(quotas: CompanyQuotas): string {
  const limits = QUOTA_OPTIONS.filter(([, , key]) => quotas[key] !== null).map(
    ([, , key, what]) => `${quotas[key]} ${what}`,
  );
  return limits.length > 0 ? limits.join(', ') : 'no quotas';
}

/**
 * Adds `company add|list|set|suspend|resume|remove`: the operator's tenants. Output and errors
 * go through the root command, one line per error, exit 1.
 */
export function registerCompanyCommands(program: Command, ctx: CompanyCommandContext = {}): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withData, fail } = dataIo(program, ctx);
  const company = program
    .command('company')
    .description("the operator's companies (tenants): create, limit, suspend, remove");
  const withCompany = (
    id: string,
    o: DataOptions,
    fn: (store: Store, id: number) => Promise<void>,
  ) => {
    const parsed = companyId(id) ?? fail(`"${id}" is not a company id (company list shows them)`);
    return withData(o, (store) => fn(store, parsed));
  };

  dataOptions(
    withQuotaOptions(
      company
        .command('add')
        .description("create a company and its first admin; prints the admin's password once")
        .requiredOption('--name <name>', "the company's name")
        .requiredOption('--admin-email <address>', "the first admin's e-mail (their login)")
        .option('--json', 'print {"companyId","adminEmail","password"} as one JSON line'),
    ),
    env,
    { company: false },
  ).action(
    (o: DataOptions & QuotaOptions & { name: string; adminEmail: string; json?: boolean }) => {
      const quotas = parseQuotas(o);
      if (typeof quotas === 'string') return fail(quotas);
      return withData(o, async (store) => {
        const created = await createCompany(store, {
          name: o.name,
          adminEmail: o.adminEmail,
          quotas,
        });
        const { company: row, adminEmail, password } = created;
        if (o.json) return print(JSON.stringify({ companyId: row.id, adminEmail, password }));
        print(
          [
            `Added company ${row.id}, ${row.name} (${describeQuotas(row.quotas)}).`,
            `  Admin     ${adminEmail}`,
            `  Password  ${password}`,
            'The password is shown only now; only its hash is stored.',
          ].join('\n'),
        );
      });
    },
  );

  dataOptions(
    company
      .command('list')
      .description('list the companies: id, status, name, quotas')
      .option('--all', 'with removed companies whose call records are still kept')
      .option('--json', 'print a JSON array on one line'),
    env,
    { company: false },
  ).action((o: DataOptions & { all?: boolean; json?: boolean }) =>
    withData(o, async (store) => {
      const companies = await store.companies.list({ includeRemoved: o.all === true });
      if (o.json) return print(JSON.stringify(companies));
      if (companies.length === 0) return print('No companies.');
      for (const c of companies) print(describe(c));
    }),
  );

  dataOptions(
    withQuotaOptions(
      company
        .command('set')
        .description("change a company's name or quotas; a running server applies them at once")
        .argument('<id>', 'the company id (company list)')
        .option('--name <name>', 'a new name'),
    ),
    env,
    { company: false },
  ).action((id: string, o: DataOptions & QuotaOptions & { name?: string }) => {
    const quotas = parseQuotas(o);
    if (typeof quotas === 'string') return fail(quotas);
    if (o.name === undefined && Object.keys(quotas).length === 0) {
      return fail('nothing to change: give --name or a quota option');
    }
    return withCompany(id, o, async (store, parsed) =>
      print(describe(await updateCompany(store, parsed, { name: o.name, quotas }))),
    );
  });

  for (const [action, status, what] of [
    ['suspend', 'suspended', 'drop and refuse its devices; its admins may read, not change'],
    ['resume', 'active', 'let its devices and admins back in'],
  ] as const) {
    dataOptions(
      company
        .command(action)
        .description(`${action} a company: ${what}`)
        .argument('<id>', 'the company id (company list)'),
      env,
      { company: false },
    ).action((id: string, o: DataOptions) =>
      withCompany(id, o, async (store, parsed) =>
        print(describe(await setCompanyStatus(store, parsed, status))),
      ),
    );
  }

  dataOptions(
    company
      .command('remove')
      .description(
        `delete a company's employees, SIP numbers, admins and numbers; call records stay ${REMOVED_COMPANY_RETENTION_DAYS} days`,
      )
      .argument('<id>', 'the company id (company list)'),
    env,
    { company: false },
  ).action((id: string, o: DataOptions) =>
    withCompany(id, o, async (store, parsed) => {
      const row = await companyOf(store, parsed);
      const at = now();
      await removeCompany(store, parsed, at);
      print(
        `Removed company ${row.id}, ${row.name}: its employees, SIP numbers, devices and admins are gone; its call records are kept until ${day(purgedAfter(at))}.`,
      );
    }),
  );
}

function describe(c: Company): string {
  const status =
    c.status === 'removed' && c.removedAt !== null
      ? `removed, call records kept until ${day(purgedAfter(c.removedAt))}`
      : c.status;
  return `${String(c.id).padStart(4)}  ${c.name}  (${status}; ${describeQuotas(c.quotas)})`;
}

/** Runs the company commands on argv (without "node script") with output captured: for tests. */
export function runCompanyCli(argv: string[], ctx: CompanyCommandContext = {}): Promise<CliRun> {
  return runCli(argv, (program) => registerCompanyCommands(program, ctx));
}
