import type { Command } from 'commander';
import { createEmployee, removeEmployee, SIP_NUMBER_PATTERN } from '../directory';
import type { CompanyStore } from '../store';
import { runCli, type CliRun } from './command-io';
import {
  companyOfData,
  dataIo,
  dataOptions,
  domainOfData,
  type DataContext,
  type DataOptions,
} from './data-options';

export type EmployeeCommandContext = DataContext;

/**
 * Adds `employee add|list|remove` to a program. Call it after the program's configureOutput
 * and exitOverride: output and errors go through the root command, one line per error, exit 1.
 * A new password is hashed with the SIP domain stored with the data, never with another.
 */
export function registerEmployeeCommands(program: Command, ctx: EmployeeCommandContext = {}): void {
  const env = ctx.env ?? process.env;
  const { print, withData, fail } = dataIo(program, ctx);

  const employee = program.command('employee').description('manage employees and SIP numbers');

  dataOptions(
    employee
      .command('add')
      .description('create an employee with a new SIP number and print its password (once)')
      .requiredOption('--name <name>', "the employee's full name")
      .option('--email <address>', "the employee's e-mail")
      .option('--password <password>', 'set this password instead of a random one (min. 8)')
      .option('--json', 'print {"sipNumber","password"} as one JSON line'),
    env,
  ).action((o: DataOptions & { name: string; email?: string; password?: string; json?: boolean }) =>
    withData(o, async (store, location) => {
      const realm = await domainOfData(store, location);
      const company = await companyOfData(store, o.company);
      const created = await createEmployee(
        company,
        { name: o.name, email: o.email, password: o.password },
        realm,
      );
      if (o.json) {
        print(JSON.stringify({ sipNumber: created.sipNumber, password: created.password }));
        return;
      }
      print(
        [
          `Added ${created.employee.name}.`,
          `  SIP number  ${created.sipNumber}`,
          `  Password    ${created.password}`,
          `  Domain      ${realm}`,
          'The password is shown only now; only its hash is stored.',
        ].join('\n'),
      );
    }),
  );

  dataOptions(
    employee
      .command('list')
      .description("list the company's employees and their SIP numbers")
      .option('--json', 'print a JSON array on one line'),
    env,
  ).action((o: DataOptions & { json?: boolean }) =>
    withData(o, async (store) => {
      const rows = await allEmployees(await companyOfData(store, o.company));
      if (o.json) return print(JSON.stringify(rows));
      if (rows.length === 0) return print('No employees.');
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const r of rows) {
        const extra = [r.email, r.enabled === false ? 'disabled' : null].filter(Boolean);
        print(
          `${r.sipNumber ?? '-------'}  ${r.name.padEnd(width)}  ${extra.join('  ')}`.trimEnd(),
        );
      }
    }),
  );

  dataOptions(
    employee
      .command('remove')
      .description('delete an employee and its SIP number (call records keep the name)')
      .argument('<number>', 'the SIP number, e.g. 0462626'),
    env,
  ).action((number: string, o: DataOptions) => {
    if (!SIP_NUMBER_PATTERN.test(number)) {
      fail(`"${number}" is not a SIP number (seven digits with a leading zero, e.g. 0462626)`);
    }
    return withData(o, async (store) => {
      const removed = await removeEmployee(await companyOfData(store, o.company), number);
      print(`Removed ${removed.employee.name} (SIP number ${number}).`);
    });
  });
}

async function allEmployees(company: CompanyStore) {
  const rows = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await company.employees.list({ offset, limit: 1000 });
    rows.push(
      ...page.map(({ sipNumber, name, email, enabled }) => ({ sipNumber, name, email, enabled })),
    );
    if (page.length < 1000) return rows;
  }
}

/** Runs the employee commands on argv (without "node script") with output captured: for tests. */
export function runEmployeeCli(argv: string[], ctx: EmployeeCommandContext = {}): Promise<CliRun> {
  return runCli(argv, (program) => registerEmployeeCommands(program, ctx));
}
