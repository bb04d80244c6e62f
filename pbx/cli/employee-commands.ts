import type { Command } from 'commander';
import { createEmployee, removeEmployee, SIP_NUMBER_PATTERN } from '../directory';
import { openDataDirStore, type Company, type Store } from '../store';
import { commandIo, runCli, type CliRun } from './command-io';
import { resolveDomain } from './defaults';

export interface EmployeeCommandContext {
  /** Defaults to the SQLite file in the data directory. */
  openStore?: (dataDir: string) => Store;
  /** Where PBX_DOMAIN is read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

interface DataDirOptions {
  dataDir: string;
}

/**
 * Adds `employee add|list|remove` to a program. Call it after the program's configureOutput
 * and exitOverride: output and errors go through the root command, one line per error, exit 1.
 */
export function registerEmployeeCommands(program: Command, ctx: EmployeeCommandContext = {}): void {
  const { print, withStore, fail } = commandIo(program, ctx.openStore ?? openDataDirStore);

  const employee = program.command('employee').description('manage employees and SIP numbers');

  employee
    .command('add')
    .description('create an employee with a new SIP number and print its password (once)')
    .requiredOption('--data-dir <dir>', 'data directory holding pbx.sqlite')
    .requiredOption('--name <name>', "the employee's full name")
    .option('--email <address>', "the employee's e-mail")
    .option('--password <password>', 'set this password instead of a random one (min. 8)')
    .option('--domain <name>', 'PBX domain, the SIP realm (default: $PBX_DOMAIN or pbx.local)')
    .option('--json', 'print {"sipNumber","password"} as one JSON line')
    .action(
      (
        o: DataDirOptions & {
          name: string;
          email?: string;
          password?: string;
          domain?: string;
          json?: boolean;
        },
      ) =>
        withStore(o.dataDir, (store) => {
          const realm = resolveDomain(o.domain, ctx.env);
          const created = store.transaction(() =>
            createEmployee(
              store,
              {
                companyId: theCompany(store, true).id,
                name: o.name,
                email: o.email,
                password: o.password,
              },
              realm,
            ),
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

  employee
    .command('list')
    .description("list the company's employees and their SIP numbers")
    .requiredOption('--data-dir <dir>', 'data directory holding pbx.sqlite')
    .option('--json', 'print a JSON array on one line')
    .action((o: DataDirOptions & { json?: boolean }) =>
      withStore(o.dataDir, (store) => {
        const company = theCompany(store, false);
        const rows = company ? allEmployees(store, company.id) : [];
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

  employee
    .command('remove')
    .description('delete an employee and its SIP number (call records keep the name)')
    .argument('<number>', 'the SIP number, e.g. 0462626')
    .requiredOption('--data-dir <dir>', 'data directory holding pbx.sqlite')
    .action((number: string, o: DataDirOptions) => {
      if (!SIP_NUMBER_PATTERN.test(number)) {
        fail(`"${number}" is not a SIP number (seven digits with a leading zero, e.g. 0462626)`);
      }
      withStore(o.dataDir, (store) => {
        const removed = removeEmployee(store, number);
        print(`Removed ${removed.employee.name} (SIP number ${number}).`);
      });
    });
}

/** The data directory's one company; `add` creates it ("Company") when there is none. */
function theCompany(store: Store, create: true): Company;
function theCompany(store: Store, create: false): Company | undefined;
function theCompany(store: Store, create: boolean): Company | undefined {
  const companies = store.companies.list();
  if (companies.length > 1) {
    throw new Error(`the data directory has ${companies.length} companies; use the Admin tab`);
  }
  if (companies[0] || !create) return companies[0];
  return store.companies.create({ name: 'Company' });
}

function allEmployees(store: Store, companyId: number) {
  const rows = [];
  for (let offset = 0; ; offset += 1000) {
    const page = store.employees.list(companyId, { offset, limit: 1000 });
    rows.push(
      ...page.map(({ sipNumber, name, email, enabled }) => ({ sipNumber, name, email, enabled })),
    );
    if (page.length < 1000) return rows;
  }
}

/** Runs the employee commands on argv (without "node script") with output captured: for tests. */
export function runEmployeeCli(argv: string[], ctx: EmployeeCommandContext = {}): CliRun {
  return runCli(argv, (program) => registerEmployeeCommands(program, ctx));
}
