import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPbxCli } from '../../test/support/cli';
import { startTestPbx, type TestPbx } from '../../test/support/pbx';
import { RawSipClient, registerWithDigest } from '../../test/support/raw-sip-client';
import { computeHa1 } from '../directory';
import { openDataDirStore, type Store } from '../store';
import { runNumberCli } from './number-commands';

const NUMBER = '0462626';
const AT = Date.UTC(2026, 0, 5, 10, 0);

let root: string;
let dataDir: string;
let employeeId: number;
let companyId: number;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
  await withStore(async (store) => {
    await store.settings.set('domain', 'pbx.local');
    companyId = (await store.companies.create({ name: 'Company' })).id;
    const company = store.forCompany(companyId);
    employeeId = (await company.employees.create({ name: 'Anna Ivanova' })).id;
    await company.sipNumbers.create({
      number: NUMBER,
      employeeId,
      ha1: computeHa1(NUMBER, 'pbx.local', 'secret-123'),
      callerIdMode: 'fixed',
      fixedCallerId: '+78121234567',
      employeeMayChooseCallerId: true,
    });
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

/** The number as stored now. */
const stored = () => withStore(async (s) => (await s.sipNumbers.get(NUMBER))!);
const auditList = () => withStore((s) => s.forCompany(companyId).audit.list());
const auditCount = () => withStore((s) => s.forCompany(companyId).audit.count());

const NOTHING =
  'nothing to change: give --channels, --multiterminal, --newest-device-wins, --enabled, ' +
  '--caller-id-mode, --caller-id-number or --employee-may-change';

const run = (...argv: string[]) => runNumberCli(argv, { env: {}, now: () => AT });
const show = (...extra: string[]) => run('number', 'show', NUMBER, '--data-dir', dataDir, ...extra);
const set = (...options: string[]) =>
  run('number', 'set', NUMBER, '--data-dir', dataDir, ...options);

describe('pbx number show', () => {
  it('prints the settings as an aligned block', async () => {
    const changedAt = (await await stored()).passwordChangedAt;
    expect(await show()).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'SIP number 0462626',
        '  Employee             Anna Ivanova',
        '  Enabled              on',
        '  Multi-terminal       off',
        '  Newest device wins   off',
        '  Channels             1',
        '  Caller ID mode       fixed',
        '  Fixed caller ID      +78121234567',
        '  Employee may choose  yes',
        '  International calls  refused',
        '  Premium-rate calls   refused',
        `  Password changed at  ${new Date(changedAt).toISOString()}`,
        '',
      ].join('\n'),
    });
  });

  it('--json prints one JSON line, without the HA1', async () => {
    const r = await show('--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const ha1 = (await await stored()).ha1;
    expect(r.stdout).not.toContain(ha1);
    expect(r.stdout).not.toMatch(/ha1/i);
    expect(JSON.parse(lines[0]!)).toEqual({
      number: NUMBER,
      employeeName: 'Anna Ivanova',
      enabled: true,
      multiTerminal: false,
      newestDeviceWins: false,
      channels: 1,
      callerIdMode: 'fixed',
      fixedCallerId: '+78121234567',
      employeeMayChooseCallerId: true,
      internationalAllowed: false,
      premiumAllowed: false,
      passwordChangedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
  });

  it('reads the data directory from PBX_DATA_DIR when --data-dir is not given', async () => {
    const r = await runNumberCli(['number', 'show', NUMBER, '--json'], {
      env: { PBX_DATA_DIR: dataDir },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ number: NUMBER });
  });
});

describe('pbx number set', () => {
  it('--channels changes the channels and prints the result like show', async () => {
    const r = await set('--channels', '3');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect((await stored()).channels).toBe(3);
    expect(r.stdout).toMatch(/^ {2}Channels {13}3$/m);
    expect(r.stdout).toBe((await show()).stdout);
    expect((await set('--channels', '10')).code).toBe(0);
    expect((await stored()).channels).toBe(10);
  });

  it('--multiterminal on|off', async () => {
    expect((await set('--multiterminal', 'on')).stdout).toMatch(/^ {2}Multi-terminal {7}on$/m);
    expect((await stored()).multiTerminal).toBe(true);
    expect((await set('--multiterminal', 'off')).code).toBe(0);
    expect((await stored()).multiTerminal).toBe(false);
  });

  it('--newest-device-wins on|off', async () => {
    const on = await set('--newest-device-wins', 'on');
    expect(on.stdout).toMatch(/^ {2}Newest device wins {3}on$/m);
    expect((await stored()).newestDeviceWins).toBe(true);
    expect((await set('--newest-device-wins', 'off')).code).toBe(0);
    expect((await stored()).newestDeviceWins).toBe(false);
    expect((await set('--newest-device-wins', 'yes')).stderr).toBe(
      'error: --newest-device-wins: must be on or off\n',
    );
  });

  it('--enabled off|on', async () => {
    expect((await set('--enabled', 'off')).stdout).toMatch(/^ {2}Enabled {14}off$/m);
    expect((await stored()).enabled).toBe(false);
    expect((await set('--enabled', 'on')).code).toBe(0);
    expect((await stored()).enabled).toBe(true);
  });

  it('changes several options at once, with --json', async () => {
    const r = await set('--channels', '2', '--multiterminal', 'on', '--enabled', 'off', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({
      number: NUMBER,
      channels: 2,
      multiTerminal: true,
      enabled: false,
    });
    expect(await stored()).toMatchObject({ channels: 2, multiTerminal: true, enabled: false });
  });

  it('writes one audit entry with only the changed fields', async () => {
    await set('--channels', '4', '--enabled', 'off');
    const entries = await auditList();
    expect(entries).toEqual([
      {
        id: expect.any(Number) as unknown,
        companyId,
        actor: 'cli',
        action: 'sip-number.update',
        target: `employee ${employeeId} (${NUMBER})`,
        before: { channels: 1, enabled: true },
        after: { channels: 4, enabled: false },
        at: AT,
      },
    ]);
  });

  it('refuses bad input with one line naming the option, code 1, and changes nothing', async () => {
    const before = await stored();
    const cases: [string[], string | RegExp][] = [
      [['--channels', '0'], 'error: --channels: must be a whole number from 1 to 10'],
      [['--channels', '11'], 'error: --channels: must be a whole number from 1 to 10'],
      [['--channels', '2.5'], 'error: --channels: must be a whole number from 1 to 10'],
      [['--channels', '-1'], 'error: --channels: must be a whole number from 1 to 10'],
      [['--channels', 'two'], 'error: --channels: must be a whole number from 1 to 10'],
      [['--channels', ''], 'error: --channels: must be a whole number from 1 to 10'],
      [['--multiterminal', 'yes'], 'error: --multiterminal: must be on or off'],
      [['--multiterminal', 'ON'], 'error: --multiterminal: must be on or off'],
      [['--enabled', 'true'], 'error: --enabled: must be on or off'],
      [
        ['--channels', '2', '--enabled', 'no'],
        'error: --enabled: must be on or off', // nothing is applied when any option is bad
      ],
      [[], `error: ${NOTHING}`],
      [['--json'], `error: ${NOTHING}`],
      [['--channels'], /^error: option '--channels <n>' argument missing$/],
      [['--colour', 'red'], /^error: unknown option '--colour'$/],
    ];
    for (const [options, message] of cases) {
      const r = await set(...options);
      const label = options.join(' ') || '(no options)';
      expect(r.code, label).toBe(1);
      expect(r.stdout, label).toBe('');
      if (typeof message === 'string') expect(r.stderr, label).toBe(`${message}\n`);
      else expect(r.stderr.trimEnd(), label).toMatch(message);
    }
    expect(await stored()).toEqual(before);
    expect(await auditCount()).toBe(0);
  });

  it('refuses a bad or unknown number, and a missing data directory', async () => {
    const cases: [string[], string | RegExp][] = [
      [
        ['number', 'set', '0123456', '--data-dir', dataDir, '--channels', '2'],
        'error: no SIP number 0123456',
      ],
      [['number', 'show', '0123456', '--data-dir', dataDir], 'error: no SIP number 0123456'],
      [
        ['number', 'show', '462626', '--data-dir', dataDir],
        'error: "462626" is not a SIP number (seven digits with a leading zero, e.g. 0462626)',
      ],
      [['number', 'show', NUMBER], /^error: where is the data\? give --data-dir DIR or --database/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      if (typeof message === 'string') expect(r.stderr).toBe(`${message}\n`);
      else expect(r.stderr.trimEnd()).toMatch(message);
    }
    expect(await auditCount()).toBe(0);
  });
});

describe('pbx number set: caller ID', () => {
  const connect = (...numbers: string[]) =>
    withStore(async (s) => {
      for (const number of numbers) {
        await s.forCompany(companyId).companyNumbers.create({
          number,
          region: null,
          enabled: true,
          isDefault: false,
          inboundEmployeeId: null,
        });
      }
    });

  it('--caller-id-mode takes each mode and prints it like show', async () => {
    for (const mode of ['familiar', 'familiar-or-regional', 'random', 'random-regional', 'fixed']) {
      const r = await set('--caller-id-mode', mode);
      expect(r, mode).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout, mode).toMatch(new RegExp(`^ {2}Caller ID mode {7}${mode}$`, 'm'));
      expect((await stored()).callerIdMode).toBe(mode);
    }
  });

  it("--caller-id-number sets one of the company's numbers, none clears it", async () => {
    await connect('+74951234567');
    const r = await set('--caller-id-number', '+74951234567', '--employee-may-change', 'off');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^ {2}Fixed caller ID {6}\+74951234567$/m);
    expect(r.stdout).toMatch(/^ {2}Employee may choose {2}no$/m);
    expect(await stored()).toMatchObject({
      fixedCallerId: '+74951234567',
      employeeMayChooseCallerId: false,
    });
    expect((await set('--caller-id-number', 'none', '--employee-may-change', 'on')).code).toBe(0);
    expect(await stored()).toMatchObject({ fixedCallerId: null, employeeMayChooseCallerId: true });
  });

  it('writes one audit entry with the caller-ID fields it changed', async () => {
    await connect('+74951234567');
    await set('--caller-id-mode', 'random', '--caller-id-number', '+74951234567');
    expect(await auditList()).toEqual([
      {
        id: expect.any(Number) as unknown,
        companyId,
        actor: 'cli',
        action: 'sip-number.update',
        target: `employee ${employeeId} (${NUMBER})`,
        before: { callerIdMode: 'fixed', fixedCallerId: '+78121234567' },
        after: { callerIdMode: 'random', fixedCallerId: '+74951234567' },
        at: AT,
      },
    ]);
  });

  it("refuses a bad mode, a bad number and a number not the company's, changing nothing", async () => {
    await withStore(async (s) => {
      const other = await s.companies.create({ name: 'Other' });
      await s.forCompany(other.id).companyNumbers.create({
        number: '+74959876543',
        region: null,
        enabled: true,
        isDefault: false,
        inboundEmployeeId: null,
      });
    });
    const before = await stored();
    const cases: [string[], string][] = [
      [
        ['--caller-id-mode', 'sometimes'],
        'error: --caller-id-mode: must be one of fixed, familiar, familiar-or-regional, random, random-regional',
      ],
      [
        ['--caller-id-number', '8 812 123-45-67'],
        'error: --caller-id-number: must be a phone number in international format, like +78121234567',
      ],
      [
        ['--caller-id-number', '+74959876543'],
        "error: --caller-id-number: +74959876543 is not one of the company's numbers",
      ],
      [
        ['--caller-id-number', '+74950000000', '--channels', '2'],
        "error: --caller-id-number: +74950000000 is not one of the company's numbers",
      ],
      [['--employee-may-change', 'yes'], 'error: --employee-may-change: must be on or off'],
    ];
    for (const [options, message] of cases) {
      const r = await set('--company', String(companyId), ...options);
      expect(r.code, options.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr, options.join(' ')).toBe(`${message}\n`);
    }
    expect(await stored()).toEqual(before);
    expect(await auditCount()).toBe(0);
  });
});

describe('pbx number set on a running server', () => {
  let pbx: TestPbx | undefined;
  afterEach(async () => {
    await pbx?.stop();
    pbx = undefined;
  });

  it('--enabled off drops the devices the server holds for the number', async () => {
    const dir = mkdtempSync(join(root, 'live-'));
    pbx = await startTestPbx({}, join(dir, 'pbx.sqlite'));
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const phones = await Promise.all([
      RawSipClient.connect('udp', pbx.pbx.ports.sip),
      RawSipClient.connect('udp', pbx.pbx.ports.sip),
    ]);
    try {
      expect(await registerWithDigest(phones[0], anna.sipNumber, anna.password)).toBe(200);
      expect(await registerWithDigest(phones[1], boris.sipNumber, boris.password)).toBe(200);
      expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);

      const cli = await runPbxCli([
        'number',
        'set',
        anna.sipNumber,
        '--enabled',
        'off',
        '--data-dir',
        dir,
      ]);
      expect(cli).toMatchObject({ code: 0, stderr: '' });
      expect(cli.stdout).toMatch(/^ {2}Enabled {14}off$/m);

      const deadline = Date.now() + 15_000;
      while (pbx.pbx.bindings.list(anna.sipNumber).length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
      expect(pbx.pbx.bindings.list(boris.sipNumber)).toHaveLength(1);
      // The phone trying again is refused as disabled.
      expect(await registerWithDigest(phones[0], anna.sipNumber, anna.password)).toBe(403);
    } finally {
      for (const phone of phones) phone.close();
    }
  });
});
