import type { Command } from 'commander';
import type { z } from 'zod';
import { newRegionRuleSchema } from '../../shared/api';
import { canonicalRegion } from '../api/regions';
import { notCompanyNumbers } from '../api/scoped';
import { regionRuleView } from '../api/views';
import { SIP_NUMBER_PATTERN } from '../directory';
import { loadNumberingTable } from '../numbering';
import { runCli, type CliRun } from './command-io';
import {
  companyOfData,
  dataIo,
  dataOptions,
  type DataContext,
  type DataOptions,
} from './data-options';

export type RegionRuleCommandContext = DataContext;

interface AddOptions extends DataOptions {
  region: string;
  numbers?: string;
  codes?: string;
  numberRegion: string[];
  companyWide?: boolean;
  allow?: boolean;
  deny?: boolean;
  json?: boolean;
}

/** The option a field of the API's rule names, for the CLI's one-line errors. */
const OPTION_OF: Record<string, string> = {
  region: '--region',
  numbers: '--numbers',
  codes: '--codes',
  numberRegions: '--number-region',
};

const collect = (value: string, previous: string[]) => [...previous, value];
const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * Adds `region-rule add` to a program: allow only, or forbid, company numbers as caller ID for
 * calls into a region (SPEC §2), for one SIP number or as the company's defaults. Numbers are
 * named one by one, by area code or by region (numbers connected later follow the last two).
 * Validated by the Admin API's own schema. A running server uses it from the next call.
 */
export function registerRegionRuleCommands(
  program: Command,
  ctx: RegionRuleCommandContext = {},
): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withData, fail } = dataIo(program, ctx);

  const regionRule = program
    .command('region-rule')
    .description('region restrictions: which company numbers a region may see as caller ID');

  dataOptions(
    regionRule
      .command('add')
      .description('add a region restriction to a SIP number, or to the whole company')
      .argument('[number]', 'the SIP number, e.g. 0462626 (or --company-wide)')
      .requiredOption('--region <name>', "the clients' region, in Russian or English")
      .option('--numbers <e164,...>', 'company numbers, comma-separated')
      .option('--codes <code,...>', 'area codes of company numbers, e.g. 812 (later ones too)')
      .option('--number-region <name>', 'company numbers in this region (repeatable)', collect, [])
      .option('--company-wide', "the company's default, which a SIP number's own rules refine")
      .option('--allow', 'only these numbers may be shown to clients in the region')
      .option('--deny', 'these numbers may not be shown to clients in the region')
      .option('--json', 'print the rule as the Admin API shows it, one JSON line'),
    env,
  ).action((sipNumber: string | undefined, o: AddOptions) => {
    if (Boolean(o.companyWide) === (sipNumber !== undefined)) {
      return fail('give either a SIP number or --company-wide');
    }
    if (sipNumber !== undefined && !SIP_NUMBER_PATTERN.test(sipNumber)) {
      return fail(
        `"${sipNumber}" is not a SIP number (seven digits with a leading zero, e.g. 0462626)`,
      );
    }
    if (o.allow === o.deny) return fail('give one of --allow or --deny');
    const parsed = newRegionRuleSchema.safeParse({
      region: o.region,
      numbers: list(o.numbers),
      codes: list(o.codes),
      numberRegions: o.numberRegion,
      effect: o.allow ? 'allow' : 'deny',
    });
    if (!parsed.success) return fail(describeIssue(parsed.error.issues[0]!, o));
    const input = parsed.data;
    return withData(o, async (store) => {
      const regions = loadNumberingTable(o.dataDir).allRegions();
      const regionOf = (option: string, name: string) =>
        canonicalRegion(regions, name) ?? fail(`${option}: there is no region named "${name}"`);
      const region = regionOf('--region', input.region);
      const numberRegions = [
        ...new Set(input.numberRegions.map((name) => regionOf('--number-region', name))),
      ];
      const numbers = [...new Set(input.numbers)];
      const company = await companyOfData(store, o.company);
      const view = await company.withTransaction(async (tx) => {
        const owner =
          sipNumber === undefined
            ? undefined
            : ((await tx.sipNumbers.get(sipNumber)) ?? fail(`no SIP number ${sipNumber}`));
        const foreign = await notCompanyNumbers(tx, numbers);
        if (foreign.length > 0) {
          return fail(
            `--numbers: ${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not one of the company's numbers`,
          );
        }
        const created = regionRuleView(
          await tx.regionRules.create({
            sipNumber: sipNumber ?? null,
            region,
            numbers,
            codes: [...new Set(input.codes)],
            numberRegions,
            effect: input.effect,
          }),
        );
        await tx.audit.append({
          actor: 'cli',
          action: 'region-rule.create',
          target: owner ? `employee ${owner.employeeId} (${sipNumber})` : 'company',
          before: null,
          after: created,
          at: now(),
        });
        return created;
      });
      if (o.json) return print(JSON.stringify(view));
      const see = view.effect === 'allow' ? 'see only' : 'never see';
      const named = [
        ...view.numbers,
        ...view.codes.map((code) => `numbers with code ${code}`),
        ...view.numberRegions.map((name) => `numbers in ${name}`),
      ];
      print(
        `Added rule ${view.id} to ${sipNumber ?? 'the company'}: clients in ${view.region} ${see} ${named.join(', ')}.`,
      );
    });
  });
}

/** A schema issue as the CLI says it: the option, the value when there is one, the message. */
function describeIssue(issue: z.core.$ZodIssue, o: AddOptions): string {
  const [field, index] = issue.path;
  const option = OPTION_OF[String(field)] ?? `--${String(field)}`;
  const values: Record<string, string[]> = {
    numbers: list(o.numbers),
    codes: list(o.codes),
    numberRegions: o.numberRegion,
  };
  const value = typeof index === 'number' ? values[String(field)]?.[index] : undefined;
  return value === undefined
    ? `${option}: ${issue.message}`
    : `${option}: "${value}": ${issue.message}`;
}

/** Runs the region-rule commands on argv (without "node script") with output captured: for tests. */
export function runRegionRuleCli(
  argv: string[],
  ctx: RegionRuleCommandContext = {},
): Promise<CliRun> {
  return runCli(argv, (program) => registerRegionRuleCommands(program, ctx));
}
