import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operatorOfToken, verifyAdminPassword } from '../directory';
import { openDataDirStore } from '../store';
import { runCompanyCli } from './company-commands';
import { runOperatorCli } from './operator-commands';

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const AT = Date.UTC(2026, 0, 5);
const company = (...argv: string[]) =>
  runCompanyCli(['company', ...argv, '--data-dir', dataDir], { env: {}, now: () => AT });

describe('pbx company', () => {
  it('add --json prints the first admin’s password once; it signs in', async () => {
    const r = await company(
      'add',
      '--name',
      'Acme',
      '--admin-email',
      'Boss@Acme.example',
      '--json',
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const created = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(created)).toEqual(['companyId', 'adminEmail', 'password']);
    expect(created.adminEmail).toBe('boss@acme.example');
    const store = await openDataDirStore(dataDir);
    expect(
      await verifyAdminPassword(store, 'boss@acme.example', String(created.password)),
    ).not.toBeNull();
    await store.close();
  });

  it('lists, sets quotas, suspends, resumes and removes, saying what happened', async () => {
    await company('add', '--name', 'Acme', '--admin-email', 'a@acme.example', '--max-devices', '4');
    await company('add', '--name', 'Beta', '--admin-email', 'b@beta.example');
    expect((await company('list')).stdout).toBe(
      '   1  Acme  (active; 4 devices registered at once)\n   2  Beta  (active; no quotas)\n',
    );
    expect(
      (await company('set', '2', '--max-calls', '10', '--max-api-per-minute', '60')).stdout,
    ).toBe('   2  Beta  (active; 10 calls in progress at once, 60 API requests a minute)\n');
    expect((await company('set', '1', '--max-devices', 'none')).stdout).toContain('no quotas');
    expect((await company('suspend', '2')).stdout).toContain('(suspended;');
    expect((await company('resume', '2')).stdout).toContain('(active;');
    const removed = await company('remove', '2');
    expect(removed.stdout).toBe(
      'Removed company 2, Beta: its employees, SIP numbers, devices and admins are gone; its call records are kept until 2026-04-05.\n',
    );
    expect((await company('list')).stdout).not.toContain('Beta');
    expect((await company('list', '--all')).stdout).toContain(
      'Beta  (removed, call records kept until 2026-04-05',
    );
  });

  it('refuses bad input with one line', async () => {
    const cases: [string[], string][] = [
      [['suspend', '9'], 'error: there is no company 9\n'],
      [['suspend', 'x'], 'error: "x" is not a company id (company list shows them)\n'],
      [['set', '1'], 'error: nothing to change: give --name or a quota option\n'],
      [
        ['add', '--name', 'A', '--admin-email', 'a@a.example', '--max-employees', '-1'],
        'error: --max-employees: a whole number of 0 or more, or none\n',
      ],
      [
        ['add', '--name', 'A', '--admin-email', 'nope'],
        'error: email is not a valid e-mail address\n',
      ],
    ];
    for (const [argv, stderr] of cases) {
      expect(await company(...argv), argv.join(' ')).toMatchObject({ code: 1, stderr });
    }
  });
});

describe('pbx operator', () => {
  it('add prints a token once; only its hash is kept; remove stops it', async () => {
    const run = (...argv: string[]) =>
      runOperatorCli(['operator', ...argv, '--data-dir', dataDir], { env: {} });
    const added = await run('add', '--name', 'billing', '--json');
    const { token } = JSON.parse(added.stdout) as { token: string };
    expect(token).toMatch(/^pbxop_[\w-]{40,}$/);
    const store = await openDataDirStore(dataDir);
    expect((await operatorOfToken(store, token))?.name).toBe('billing');
    await store.close();
    expect((await run('add', '--name', 'billing')).stderr).toBe(
      'error: an operator named billing already exists\n',
    );
    expect((await run('list')).stdout).toMatch(/^billing {2}\(since \d{4}-\d\d-\d\d\)\n$/);
    expect((await run('remove', 'billing')).stdout).toBe('Removed operator billing.\n');
    expect((await run('remove', 'billing')).stderr).toBe(
      'error: there is no operator account billing\n',
    );
  });
});
