import type { Command } from 'commander';
import { e164Schema } from '../../shared/api';
import { canonicalRegion } from '../api/regions';
import { companyNumberView } from '../api/views';
import { SIP_NUMBER_PATTERN } from '../directory';
import { loadNumberingTable } from '../numbering';
import { openDataDirStore, type Company, type Store } from '../store';
import { commandIo, runCli, type CliRun } from './command-io';

export interface CompanyNumberCommandContext {
  /** Defaults to the SQLite file in the data directory. */
  openStore?: (dataDir: string) => Store;
  /** Where PBX_DATA_DIR is read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The audit entry's time; defaults to Date.now. */
  now?: () => number;
}

interface AddOptions {
  dataDir: string;
  default?: boolean;
  assign?: string;
  region?: string;
  json?: boolean;
}

/**
 * Adds `company-number add` to a program: connects one of the carrier's numbers (a DID) to the
 * data directory's company. Output and errors go through the root command, one line, exit 1.
 */
export function registerCompanyNumberCommands(
  program: Command,
  ctx: CompanyNumberCommandContext = {},
): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withStore, fail } = commandIo(program, ctx.openStore ?? openDataDirStore);

  const companyNumber = program
    .command('company-number')
    .description("the company's phone numbers: caller IDs and inbound calls");

  companyNumber
    .command('add')
    .description('connect a phone number to the company')
    .argument('<number>', 'the number in international format, e.g. +78121234567')
    .option('--default', 'the default caller ID (the fallback of every caller-ID mode)')
    .option('--assign <sip-number>', 'inbound calls to the number ring this SIP number')
    .option('--region <name>', 'the region as the numbering table names it, e.g. Санкт-Петербург')
    .requiredOption(
      '--data-dir <dir>',
      'data directory holding pbx.sqlite (env PBX_DATA_DIR)',
      env.PBX_DATA_DIR,
    )
    .option('--json', 'print the number as the Admin API shows it, one JSON line')
    .action((argument: string, o: AddOptions) => {
      const parsed = e164Schema.safeParse(argument);
      if (!parsed.success) return fail(`"${argument}": ${parsed.error.issues[0]!.message}`);
      const number = parsed.data;
      if (o.assign !== undefined && !SIP_NUMBER_PATTERN.test(o.assign)) {
        fail(`--assign: "${o.assign}" is not a SIP number (seven digits with a leading zero)`);
      }
      withStore(o.dataDir, (store) => {
        let region: string | null = null;
        if (o.region !== undefined) {
          region =
            canonicalRegion(loadNumberingTable(o.dataDir).allRegions(), o.region) ??
            fail(`--region: there is no region named "${o.region.trim()}"`);
        }
        const view = store.transaction(() => {
          const company = onlyCompany(store);
          if (store.companyNumbers.getByNumber(number)) fail(`${number} is already connected`);
          const owner = o.assign === undefined ? undefined : store.sipNumbers.get(o.assign);
          if (o.assign !== undefined && owner?.companyId !== company.id) {
            return fail(`--assign: no SIP number ${o.assign}`);
          }
          const created = companyNumberView(
            store,
            store.companyNumbers.create({
              companyId: company.id,
              number,
              region,
              enabled: true,
              isDefault: o.default === true,
              inboundEmployeeId: owner?.employeeId ?? null,
            }),
          );
          store.audit.append({
            companyId: company.id,
            actor: 'cli',
            action: 'company-number.create',
            target: number,
            before: null,
            after: created,
            at: now(),
          });
          return created;
        });
        if (o.json) return print(JSON.stringify(view));
        const rows: [string, string][] = [
          ['Region', view.region ?? 'none'],
          ['Default', view.isDefault ? 'yes' : 'no'],
          [
            'Inbound calls',
            view.inboundEmployee ? `${view.inboundEmployee.name} (${o.assign})` : 'nobody',
          ],
        ];
        print(
          [
            `Added ${view.number}.`,
            ...rows.map(([label, value]) => `  ${label.padEnd(13)}  ${value}`),
          ].join('\n'),
        );
      });
    });
}

/** The data directory's one company, created ("Company") when there is none, as `employee add` does. */
function onlyCompany(store: Store): Company {
  const companies = store.companies.list();
  if (companies.length > 1) {
    throw new Error(`the data directory has ${companies.length} companies; use the Admin tab`);
  }
  return companies[0] ?? store.companies.create({ name: 'Company' });
}

/** Runs the company-number commands on argv (without "node script") with output captured: for tests. */
export function runCompanyNumberCli(argv: string[], ctx: CompanyNumberCommandContext = {}): CliRun {
  return runCli(argv, (program) => registerCompanyNumberCommands(program, ctx));
}
