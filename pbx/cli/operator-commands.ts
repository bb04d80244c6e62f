import type { Command } from 'commander';
import { createOperator } from '../directory';
import { runCli, type CliRun } from './command-io';
import { dataIo, dataOptions, type DataContext, type DataOptions } from './data-options';

export type OperatorCommandContext = DataContext;

/**
 * Adds `operator add|list|remove`: accounts of the operator API (`/api/v1/operator/…`) for
 * provisioning systems. A token is printed once; only its SHA-256 is stored.
 */
export function registerOperatorCommands(program: Command, ctx: OperatorCommandContext = {}): void {
  const env = ctx.env ?? process.env;
  const { print, withData, fail } = dataIo(program, ctx);
  const operator = program
    .command('operator')
    .description('operator API accounts (bearer tokens for /api/v1/operator/…)');

  dataOptions(
    operator
      .command('add')
      .description('create an operator account and print its token (once)')
      .requiredOption('--name <name>', 'what the account is for, e.g. billing')
      .option('--json', 'print {"name","token"} as one JSON line'),
    env,
    { company: false },
  ).action((o: DataOptions & { name: string; json?: boolean }) =>
    withData(o, async (store) => {
      const { operator: created, token } = await createOperator(store, o.name);
      if (o.json) return print(JSON.stringify({ name: created.name, token }));
      print(
        [
          `Added operator ${created.name}.`,
          `  Token  ${token}`,
          'Send it as "Authorization: Bearer TOKEN" to /api/v1/operator/…; it is shown only now.',
        ].join('\n'),
      );
    }),
  );

  dataOptions(operator.command('list').description('list the operator accounts'), env, {
    company: false,
  }).action((o: DataOptions) =>
    withData(o, async (store) => {
      const operators = await store.operators.list();
      if (operators.length === 0) return print('No operator accounts.');
      for (const op of operators) {
        print(`${op.name}  (since ${new Date(op.createdAt).toISOString().slice(0, 10)})`);
      }
    }),
  );

  dataOptions(
    operator
      .command('remove')
      .description('delete an operator account: its token stops working at once')
      .argument('<name>', 'the account name'),
    env,
    { company: false },
  ).action((name: string, o: DataOptions) =>
    withData(o, async (store) => {
      if (!(await store.operators.remove(name))) fail(`there is no operator account ${name}`);
      print(`Removed operator ${name}.`);
    }),
  );
}

/** Runs the operator commands on argv (without "node script") with output captured: for tests. */
export function runOperatorCli(argv: string[], ctx: OperatorCommandContext = {}): Promise<CliRun> {
  return runCli(argv, (program) => registerOperatorCommands(program, ctx));
}
