import type { Command } from 'commander';
import { copyStore, parseStoreLocation, type StoreLocation } from '../store';
import { describeLocation, runCli, type CliRun } from './command-io';
import { dataIo, type DataContext } from './data-options';

export type MigrateCommandContext = DataContext;

/**
 * `pbx migrate --from sqlite:DIR --to postgres://…`: moves an installation's data to another
 * database, counting every table on both sides. Stop the server first: what it writes during
 * the copy would be left behind.
 */
export function registerMigrateCommand(program: Command, ctx: MigrateCommandContext = {}): void {
  const { print, withStore, fail } = dataIo(program, ctx);
  program
    .command('migrate')
    .description(
      'copy all data into an empty database (stop the server first): companies, employees with their password hashes, the SIP domain, numbers, rules, absences, call records, audit',
    )
    .requiredOption('--from <location>', 'sqlite:DIR (a data directory) or postgres://…')
    .requiredOption('--to <location>', 'postgres://… or sqlite:DIR; it must hold no data')
    .action((o: { from: string; to: string }) => {
      const from = parseStoreLocation(o.from);
      const to = parseStoreLocation(o.to);
      if (sameLocation(from, to)) fail('--from and --to are the same place');
      return withStore(from, (source) =>
        withStore(to, async (target) => {
          print(`Copying ${describeLocation(from)} to ${describeLocation(to)}.`);
          const counts = await copyStore(source, target);
          const width = Math.max(...counts.map((c) => c.table.length));
          for (const { table, rows } of counts) {
            print(`  ${table.padEnd(width)}  ${rows} rows, the same on both sides`);
          }
          print('Done. Start the server with --database on the new location.');
        }),
      );
    });
}

function sameLocation(a: StoreLocation, b: StoreLocation): boolean {
  return a.kind === 'sqlite' && b.kind === 'sqlite'
    ? a.dir === b.dir
    : a.kind === 'postgres' && b.kind === 'postgres' && a.url === b.url;
}

/** Runs the migrate command on argv (without "node script") with output captured: for tests. */
export function runMigrateCli(argv: string[], ctx: MigrateCommandContext = {}): Promise<CliRun> {
  return runCli(argv, (program) => registerMigrateCommand(program, ctx));
}
