import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeHa1 } from '../directory';
import { openDataDirStore } from '../store';
import { runEmployeeCli } from './employee-commands';

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const env = {};
const run = (...argv: string[]) => runEmployeeCli(argv, { env });

describe('pbx employee', () => {
  it('add --json prints exactly one JSON line, and the password works for SIP', () => {
    const r = run('employee', 'add', '--data-dir', dataDir, '--name', 'Anna Ivanova', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual(['sipNumber', 'password']);
    expect(parsed.sipNumber).toMatch(/^0\d{6}$/);
    const store = openDataDirStore(dataDir);
    expect(store.companies.list().map((c) => c.name)).toEqual(['Company']);
    expect(store.sipNumbers.get(parsed.sipNumber!)?.ha1).toBe(
      computeHa1(parsed.sipNumber!, 'pbx.local', parsed.password!),
    );
    store.close();
  });

  it('add uses --domain, else PBX_DOMAIN, as the realm', () => {
    const withEnv = runEmployeeCli(
      [
        'employee',
        'add',
        '--data-dir',
        dataDir,
        '--name',
        'A',
        '--password',
        'secret-123',
        '--json',
      ],
      { env: { PBX_DOMAIN: 'env.example' } },
    );
    const a = JSON.parse(withEnv.stdout) as { sipNumber: string };
    const withFlag = run(
      'employee',
      'add',
      '--data-dir',
      dataDir,
      '--name',
      'B',
      '--password',
      'secret-123',
      '--domain',
      'flag.example',
      '--json',
    );
    const b = JSON.parse(withFlag.stdout) as { sipNumber: string };
    const store = openDataDirStore(dataDir);
    expect(store.sipNumbers.get(a.sipNumber)?.ha1).toBe(
      computeHa1(a.sipNumber, 'env.example', 'secret-123'),
    );
    expect(store.sipNumbers.get(b.sipNumber)?.ha1).toBe(
      computeHa1(b.sipNumber, 'flag.example', 'secret-123'),
    );
    store.close();
  });

  it('add without --json prints the number and the password for a person', () => {
    const r = run(
      'employee',
      'add',
      '--data-dir',
      dataDir,
      '--name',
      'Boris',
      '--email',
      'b@x.example',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SIP number\s+0\d{6}/);
    expect(r.stdout).toMatch(/Password\s+\S{16,}/);
  });

  it('list shows employees; remove deletes one; list --json reflects it', () => {
    const anna = JSON.parse(
      run('employee', 'add', '--data-dir', dataDir, '--name', 'Anna Ivanova', '--json').stdout,
    ) as { sipNumber: string };
    run(
      'employee',
      'add',
      '--data-dir',
      dataDir,
      '--name',
      'Boris Petrov',
      '--email',
      'b@x.example',
    );

    const list = run('employee', 'list', '--data-dir', dataDir);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${anna.sipNumber}  Anna Ivanova`);
    expect(list.stdout).toContain('b@x.example');
    expect(list.stdout).not.toMatch(/password/i);

    const removed = run('employee', 'remove', anna.sipNumber, '--data-dir', dataDir);
    expect(removed).toMatchObject({ code: 0, stderr: '' });
    expect(removed.stdout).toContain(`Removed Anna Ivanova (SIP number ${anna.sipNumber})`);

    const json = run('employee', 'list', '--data-dir', dataDir, '--json');
    const rows = JSON.parse(json.stdout) as { name: string; sipNumber: string }[];
    expect(rows.map((r) => r.name)).toEqual(['Boris Petrov']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['email', 'enabled', 'name', 'sipNumber']);
  });

  it('list on a fresh directory says there are no employees', () => {
    expect(run('employee', 'list', '--data-dir', dataDir).stdout).toBe('No employees.\n');
  });

  it('fails with one clear line and code 1', () => {
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
      [['employee', 'list'], /required option '--data-dir <dir>'/],
    ];
    for (const [argv, message] of cases) {
      const r = run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
    }
  });
});
