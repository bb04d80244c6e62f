import type { Command } from 'commander';
import { e164Schema } from '../../shared/api';
import { canonicalRegion } from '../api/regions';
import { companyNumberView } from '../api/views';
import { SIP_NUMBER_PATTERN } from '../directory';
import { loadNumberingTable } from '../numbering';
import { parsedOrFail, runCli, type CliRun } from './command-io';
import {
  companyOfData,
  dataIo,
  dataOptions,
  type DataContext,
  type DataOptions,
} from './data-options';

export type CompanyNumberCommandContext = DataContext;

interface RegionOptions extends DataOptions {
  fromNumber?: boolean;
  json?: boolean;
}

interface AddOptions extends DataOptions {
  default?: boolean;
  assign?: string;
  region?: string;
  json?: boolean;
}

/**
 * Adds `company-number add` to a program: connects one of the carrier's numbers (a DID) to a
 * company (unique across the PBX). Output and errors go through the root command, one line, exit 1.
 */
export function registerCompanyNumberCommands(
  program: Command,
  ctx: CompanyNumberCommandContext = {},
): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withData, fail } = dataIo(program, ctx);

  const companyNumber = program
    .command('company-number')
    .description("the company's phone numbers: caller IDs and inbound calls");

  dataOptions(
    companyNumber
      .command('add')
      .description('connect a phone number to the company')
      .argument('<number>', 'the number in international format, e.g. +78121234567')
      .option('--default', 'the default caller ID (the fallback of every caller-ID mode)')
      .option('--assign <sip-number>', 'inbound calls to the number ring this SIP number')
      .option('--region <name>', 'the region as the numbering table names it, e.g. Санкт-Петербург')
      .option('--json', 'print the number as the Admin API shows it, one JSON line'),
    env,
  ).action((argument: string, o: AddOptions) => {
    const number = parsedOrFail(e164Schema, argument, fail);
    if (o.assign !== undefined && !SIP_NUMBER_PATTERN.test(o.assign)) {
      fail(`--assign: "${o.assign}" is not a SIP number (seven digits with a leading zero)`);
    }
    return withData(o, async (store) => {
      const table = loadNumberingTable(o.dataDir);
      const region = o.region === undefined ? null : tableRegion(table, o.region, '--region: ');
      const company = await companyOfData(store, o.company);
      const view = await company.withTransaction(async (tx) => {
        if (await tx.companyNumbers.isTaken(number)) fail(`${number} is already connected`);
        const owner = o.assign === undefined ? undefined : await tx.sipNumbers.get(o.assign);
        if (o.assign !== undefined && !owner) {
          return fail(`--assign: no SIP number ${o.assign}`);
        }
        const created = await companyNumberView(
          tx,
          await tx.companyNumbers.create({
            number,
            region,
            enabled: true,
            isDefault: o.default === true,
            inboundEmployeeId: owner?.employeeId ?? null,
          }),
          (e164) => table.regionsOf(e164),
        );
        await tx.audit.append({
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

  dataOptions(
    companyNumber
      .command('region')
      .description("set a number's region, or go back to the region of the number")
      .argument('<number>', 'the number in international format, e.g. +78121234567')
      .argument('[region]', 'the region as the numbering table names it, e.g. Санкт-Петербург')
      .option('--from-number', 'no override: the region comes from the number (its code or range)')
      .option('--json', 'print the number as the Admin API shows it, one JSON line'),
    env,
  ).action((argument: string, name: string | undefined, o: RegionOptions) => {
    const number = parsedOrFail(e164Schema, argument, fail);
    if ((name === undefined) === (o.fromNumber !== true)) {
      return fail('name a region, or give --from-number to use the region of the number');
    }
    return withData(o, async (store) => {
      const table = loadNumberingTable(o.dataDir);
      const region = name === undefined ? null : tableRegion(table, name, '');
      const company = await companyOfData(store, o.company);
      const view = await company.withTransaction(async (tx) => {
        const found = await tx.companyNumbers.getByNumber(number);
        if (!found) return fail(`${number} is not one of the company's numbers`);
        const regionsOf = (e164: string) => table.regionsOf(e164);
        const before = await companyNumberView(tx, found, regionsOf);
        const updated = (await tx.companyNumbers.update(found.id, { region }))!;
        const after = await companyNumberView(tx, updated, regionsOf);
        await tx.audit.append({
          actor: 'cli',
          action: 'company-number.update',
          target: after.number,
          before,
          after,
          at: now(),
        });
        return after;
      });
      if (o.json) return print(JSON.stringify(view));
      const source = view.regionOverridden ? 'set by an admin' : 'from the number';
      print(`${view.number}: region ${view.region ?? 'none'} (${source}).`);
    });
  });

  /** A region as the numbering table spells it; fails naming the name the table lacks. */
  function tableRegion(
    table: ReturnType<typeof loadNumberingTable>,
    name: string,
    label: string,
  ): string {
    const canonical = canonicalRegion(table.allRegions(), name);
    return canonical ?? fail(`${label}there is no region named "${name.trim()}"`);
  }
}

/** Runs the company-number commands on argv (without "node script") with output captured: for tests. */
export function runCompanyNumberCli(
  argv: string[],
  ctx: CompanyNumberCommandContext = {},
): Promise<CliRun> {
  return runCli(argv, (program) => registerCompanyNumberCommands(program, ctx));
}
