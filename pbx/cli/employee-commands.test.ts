import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeHa1 } from '../directory';
import { openDataDirStore, type Store } from '../store';
import { runEmployeeCli } from './employee-commands';

let root: string;
let dataDir: string;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
  // Data as `serve --domain corp.example` leaves it, with the company an operator made.
  await withStore(async (store) => {
    await store.settings.set('domain', 'corp.example');
    await store.companies.create({ name: 'Company' });
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openDataDirStore(dataDir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

// PBX_DOMAIN in the environment must not matter any more: the data's domain does.
const env = { PBX_DOMAIN: 'env.example' };
const run = (...argv: string[]) => runEmployeeCli(argv, { env });

describe('pbx employee', () => {
  it('add --json prints one JSON line; the password is hashed with the data’s own domain', async () => {
    const r = await run(
      'employee',
      'add',
      '--data-dir',
      dataDir,
      '--name',
      'Anna Ivanova',
      '--json',
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual(['sipNumber', 'password']);
    expect(parsed.sipNumber).toMatch(/^0\d{6}$/);
    await withStore(async (store) => {
      expect((await store.sipNumbers.get(parsed.sipNumber!))?.ha1).toBe(
        computeHa1(parsed.sipNumber!, 'corp.example', parsed.password!),
      );
    });
  });

  it('add takes no --domain: the domain belongs to the data', async () => {
    const r = await run('employee', 'add', '--data-dir', dataDir, '--name', 'A', '--domain', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown option '--domain'/);
  });

  it('add says how to give data its domain when it has none yet', async () => {
    const fresh = join(root, 'fresh');
    const r = await run('employee', 'add', '--data-dir', fresh, '--name', 'A');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/has no SIP domain stored yet: start the server on it once/);
    expect(r.stderr).toContain(`serve --data-dir ${fresh} --domain NAME`);
  });

  it('takes --company where the data has more than one, and says so when it is missing', async () => {
    const beta = await withStore(
      async (store) => (await store.companies.create({ name: 'Beta' })).id,
    );
    const without = await run('employee', 'add', '--data-dir', dataDir, '--name', 'A');
    expect(without.code).toBe(1);
    expect(without.stderr).toBe(
      'error: this data has 2 companies: say which with --company ID (npm run pbx -- company list shows them)\n',
    );
    const added = await run(
      ...['employee', 'add', '--data-dir', dataDir, '--name', 'Olga', '--json'],
      ...['--company', String(beta)],
    );
    expect(added.code).toBe(0);
    const listed = await run('employee', 'list', '--data-dir', dataDir, '--company', String(beta));
    expect(listed.stdout).toContain('Olga');
    const unknown = await run('employee', 'list', '--data-dir', dataDir, '--company', '99');
    expect(unknown.stderr).toMatch(/--company: there is no company 99/);
  });

  it('says in one sentence that there is no company yet', async () => {
    const empty = join(root, 'empty');
    const store = await openDataDirStore(empty);
    await store.settings.set('domain', 'corp.example');
    await store.close();
    const r = await run('employee', 'list', '--data-dir', empty);
    expect(r.stderr).toBe(
      'error: there is no company yet: create one with npm run pbx -- company add --name NAME --admin-email ADDRESS\n',
    );
  });

  it('add without --json prints the number and the password for a person', async () => {
    const r = await run(
      ...['employee', 'add', '--data-dir', dataDir, '--name', 'Boris'],
      ...['--email', 'b@x.example'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SIP number\s+0\d{6}/);
    expect(r.stdout).toMatch(/Password\s+\S{16,}/);
    expect(r.stdout).toMatch(/Domain\s+corp\.example/);
  });

  it('list shows employees; remove deletes one; list --json reflects it', async () => {
    const anna = JSON.parse(
      (await run('employee', 'add', '--data-dir', dataDir, '--name', 'Anna Ivanova', '--json'))
        .stdout,
    ) as { sipNumber: string };
    await run(
      ...['employee', 'add', '--data-dir', dataDir, '--name', 'Boris Petrov'],
      ...['--email', 'b@x.example'],
    );
    const list = await run('employee', 'list', '--data-dir', dataDir);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${anna.sipNumber}  Anna Ivanova`);
    expect(list.stdout).toContain('b@x.example');
    expect(list.stdout).not.toMatch(/password/i);

    const removed = await run('employee', 'remove', anna.sipNumber, '--data-dir', dataDir);
    expect(removed).toMatchObject({ code: 0, stderr: '' });
    expect(removed.stdout).toContain(`Removed Anna Ivanova (SIP number ${anna.sipNumber})`);

    const json = await run('employee', 'list', '--data-dir', dataDir, '--json');
    const rows = JSON.parse(json.stdout) as { name: string; sipNumber: string }[];
    expect(rows.map((r) => r.name)).toEqual(['Boris Petrov']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['email', 'enabled', 'name', 'sipNumber']);
  });

  it('list of a company without employees says so', async () => {
    expect((await run('employee', 'list', '--data-dir', dataDir)).stdout).toBe('No employees.\n');
  });

  it('fails with one clear line and code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['employee', 'add', '--data-dir', dataDir], /required option '--name <name>'/],
      [['employee', 'add', '--data-dir', dataDir, '--name', '  '], /name is required/],
      [['employee', 'add', '--data-dir', dataDir, '--name', 'A', '--email', 'x'], /e-mail/],
      [['employee', 'add', '--data-dir', dataDir, '--name', 'A', '--password', 'short'], /8/],
      [
        ['employee', 'remove', '0999999', '--data-dir', dataDir],
        /no employee with SIP number 0999999/,
      ],
      [['employee', 'remove', '12', '--data-dir', dataDir], /not a SIP number/],
      [
        ['employee', 'list', '--database', 'mysql://x'],
        /--database: "mysql:\/\/x" is not a postgres/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
    }
  });
});
