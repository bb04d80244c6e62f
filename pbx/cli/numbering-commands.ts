import type { Command } from 'commander';
import { parseDialled } from '../../shared/phone-numbers';
import {
  formatProblem,
  importRegistry,
  loadNumberingTable,
  type ImportResult,
  type NumberingTable,
} from '../numbering';
import { commandIo, messageOf, runCli, type CliRun } from './command-io';

export interface NumberingCommandContext {
  /** Where PBX_DATA_DIR is read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

interface ImportOptions {
  dataDir: string;
  skipBad?: boolean;
}

interface LookupOptions {
  dataDir?: string;
  json?: boolean;
}

/**
 * Adds `numbering import|lookup` to a program: the region table of SPEC §3. `import` reads newer
 * registry files into the data directory, whose table then wins over the shipped one.
 */
export function registerNumberingCommands(
  program: Command,
  ctx: NumberingCommandContext = {},
): void {
  const env = ctx.env ?? process.env;
  const { print, fail } = commandIo(program, () =>
    Promise.reject(new Error('the numbering commands use no store')),
  );
  const printError = (text: string): void => {
    let root = program;
    while (root.parent) root = root.parent;
    const write = root.configureOutput().writeErr ?? ((s: string) => process.stderr.write(s));
    write(`${text}\n`);
  };

  const numbering = program
    .command('numbering')
    .description('regions of Russian numbers: import the official registry, look numbers up');

  numbering
    .command('import')
    .description(
      'build the region table from registry files (CSV in UTF-8 or Windows-1251, any year) ' +
        'into the data directory; codes the files do not name keep the ranges in force',
    )
    .argument('<file...>', 'registry files, e.g. ABC-3xx.csv ABC-4xx.csv ABC-8xx.csv DEF-9xx.csv')
    .requiredOption(
      '--data-dir <dir>',
      'data directory the table is written to (env PBX_DATA_DIR)',
      env.PBX_DATA_DIR,
    )
    .option('--skip-bad', 'import the good rows even when some rows are bad')
    .action((files: string[], o: ImportOptions) => {
      let result: ImportResult;
      try {
        result = importRegistry(files, o.dataDir, { skipBad: o.skipBad });
      } catch (error) {
        return fail(messageOf(error));
      }
      for (const file of result.files) {
        const kind = file.wholeCodes ? 'whole codes' : `${file.columns.length} columns`;
        print(`${file.file}: ${file.rows.length} rows (${file.encoding}, ${kind})`);
      }
      for (const problem of result.problems) printError(formatProblem(problem));
      const bad = result.problems.length;
      if (result.outcome === 'refused: bad rows') {
        fail(
          `${bad} bad ${bad === 1 ? 'row' : 'rows'}, nothing imported (--skip-bad imports the good rows)`,
        );
      }
      if (result.outcome === 'refused: no rows') fail('no good rows, nothing imported');
      if (bad > 0) print(`Skipped ${bad} bad ${bad === 1 ? 'row' : 'rows'}`);
      if (result.keptCodes.length > 0) {
        const from = result.base === 'imported' ? 'earlier import' : 'shipped table';
        print(`Kept ${result.keptCodes.length} codes the files do not name from the ${from}`);
      }
      print(`Imported ${result.rows} rows: ${result.data.starts.length} ranges in ${result.path}`);
    });

  numbering
    .command('lookup')
    .description(
      "print the region of phone numbers, from the data directory's table or the shipped one",
    )
    .argument('<number...>', 'phone numbers as people write them: 8 812 300-30-19, +79161234567')
    .option(
      '--data-dir <dir>',
      'data directory with an imported table (env PBX_DATA_DIR)',
      env.PBX_DATA_DIR,
    )
    .option('--json', 'print one JSON line per number')
    .action((numbers: string[], o: LookupOptions) => {
      let table: NumberingTable;
      try {
        table = loadNumberingTable(o.dataDir);
      } catch (error) {
        return fail(messageOf(error));
      }
      for (const text of numbers) {
        const target = parseDialled(text);
        if (target.kind !== 'phone') {
          const why =
            target.kind === 'invalid'
              ? target.reason
              : target.kind === 'sip'
                ? 'a SIP number'
                : 'an emergency number';
          return fail(`"${text}" is not a phone number (${why})`);
        }
        const regions = table.regionsOf(target.e164);
        print(
          o.json
            ? JSON.stringify({ number: target.e164, regions })
            : `${target.e164}  ${regions.join(', ') || 'no region'}`,
        );
      }
    });
}

/** Runs the numbering commands on argv (without "node script") with output captured: for tests. */
export function runNumberingCli(
  argv: string[],
  ctx: NumberingCommandContext = {},
): Promise<CliRun> {
  return runCli(argv, (program) => registerNumberingCommands(program, ctx));
}
