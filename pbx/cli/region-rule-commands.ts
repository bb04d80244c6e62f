import type { Command } from 'commander';
import { e164Schema } from '../../shared/api';
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
  numbers: string;
  allow?: boolean;
  deny?: boolean;
  json?: boolean;
}

/**
 * Adds `region-rule add` to a program: allow only, or forbid, company numbers as a SIP number's
 * caller ID for calls into a region (SPEC §2). A running server uses it from the next call.
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
      .description('add a region restriction to a SIP number')
      .argument('<number>', 'the SIP number, e.g. 0462626')
      .requiredOption('--region <name>', 'the region as the numbering table names it')
      .requiredOption('--numbers <e164,...>', 'company numbers, comma-separated')
      .option('--allow', 'only these numbers may be shown to clients in the region')
      .option('--deny', 'these numbers may not be shown to clients in the region')
      .option('--json', 'print the rule as the Admin API shows it, one JSON line'),
    env,
  ).action((sipNumber: string, o: AddOptions) => {
    if (!SIP_NUMBER_PATTERN.test(sipNumber)) {
      return fail(
        `"${sipNumber}" is not a SIP number (seven digits with a leading zero, e.g. 0462626)`,
      );
    }
    if (o.allow === o.deny) return fail('give one of --allow or --deny');
    const numbers = parseNumbers(o.numbers);
    if (typeof numbers === 'string') return fail(numbers);
    return withData(o, async (store) => {
      const region =
        canonicalRegion(loadNumberingTable(o.dataDir).allRegions(), o.region) ??
        fail(`--region: there is no region named "${o.region.trim()}"`);
      const company = await companyOfData(store, o.company);
      const view = await company.withTransaction(async (tx) => {
        const owner = (await tx.sipNumbers.get(sipNumber)) ?? fail(`no SIP number ${sipNumber}`);
        const foreign = await notCompanyNumbers(tx, numbers);
        if (foreign.length > 0) {
          return fail(
            `--numbers: ${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not one of the company's numbers`,
          );
        }
        const created = regionRuleView(
          await tx.regionRules.create({
            sipNumber,
            region,
            numbers,
            effect: o.allow ? 'allow' : 'deny',
          }),
        );
        await tx.audit.append({
          actor: 'cli',
          action: 'region-rule.create',
          target: `employee ${owner.employeeId} (${sipNumber})`,
          before: null,
          after: created,
          at: now(),
        });
        return created;
      });
      if (o.json) return print(JSON.stringify(view));
      const see = view.effect === 'allow' ? 'see only' : 'never see';
      print(
        `Added rule ${view.id} to ${sipNumber}: clients in ${view.region} ${see} ${view.numbers.join(', ')}.`,
      );
    });
  });
}

/** `--numbers` as distinct E.164 numbers, or the one line saying what is wrong. */
function parseNumbers(text: string): string[] | string {
  const numbers: string[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const parsed = e164Schema.safeParse(part);
    if (!parsed.success) return `--numbers: "${part}": ${parsed.error.issues[0]!.message}`;
    if (!numbers.includes(parsed.data)) numbers.push(parsed.data);
  }
  return numbers.length > 0 ? numbers : '--numbers: name at least one company number';
}

/** Runs the region-rule commands on argv (without "node script") with output captured: for tests. */
export function runRegionRuleCli(
  argv: string[],
  ctx: RegionRuleCommandContext = {},
): Promise<CliRun> {
  return runCli(argv, (program) => registerRegionRuleCommands(program, ctx));
}
