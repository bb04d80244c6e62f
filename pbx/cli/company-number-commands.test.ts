import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPbxCli } from '../../test/support/cli';
import { computeHa1 } from '../directory';
import { openDataDirStore, type CompanyStore, type Store } from '../store';
import { runCompanyNumberCli } from './company-number-commands';

const SIP = '0462626';
const AT = Date.UTC(2026, 0, 5, 10, 0);

let root: string;
let dataDir: string;
let companyId: number;
let employeeId: number;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
  await withStore(async (store) => {
    companyId = (await store.companies.create({ name: 'Company' })).id;
    const company = store.forCompany(companyId);
    employeeId = (await company.employees.create({ name: 'Anna Ivanova' })).id;
    await company.sipNumbers.create({
      number: SIP,
      employeeId,
      ha1: computeHa1(SIP, 'pbx.local', 'secret-123'),
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

const company = <T>(fn: (c: CompanyStore) => Promise<T>) =>
  withStore((s) => fn(s.forCompany(companyId)));

const add = (...argv: string[]) =>
  runCompanyNumberCli(['company-number', 'add', ...argv, '--data-dir', dataDir], {
    env: {},
    now: () => AT,
  });

describe('pbx company-number add', () => {
  it('connects a number to the company: default, inbound to a SIP number, in a region', async () => {
    const r = await add(
      '+78121234567',
      '--default',
      '--assign',
      SIP,
      '--region',
      'санкт-петербург',
    );
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Added +78121234567.',
        '  Region         Санкт-Петербург',
        '  Default        yes',
        `  Inbound calls  Anna Ivanova (${SIP})`,
        '',
      ].join('\n'),
    });
    expect(await company((c) => c.companyNumbers.getByNumber('+78121234567'))).toMatchObject({
      companyId,
      region: 'Санкт-Петербург',
      enabled: true,
      isDefault: true,
      inboundEmployeeId: employeeId,
    });
  });

  it('with only the number: its number’s region, not the default, nobody; --json as the API shows it', async () => {
    const r = await add(' +74951234567 ', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({
      id: expect.any(Number) as unknown,
      number: '+74951234567',
      region: 'Москва',
      regionFromNumber: 'Москва',
      regionOverridden: false,
      enabled: true,
      isDefault: false,
      inboundEmployee: null,
    });
  });

  it('a new default takes over from the old one', async () => {
    await add('+78121234567', '--default');
    await add('+74951234567', '--default');
    expect(
      (await company((c) => c.companyNumbers.list())).map((n) => [n.number, n.isDefault]),
    ).toEqual([
      ['+74951234567', true],
      ['+78121234567', false],
    ]);
  });

  it("writes an audit entry with actor 'cli'", async () => {
    await add('+78121234567', '--region', 'Москва');
    const [entry, ...rest] = await company((c) => c.audit.list());
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      id: expect.any(Number) as unknown,
      companyId,
      actor: 'cli',
      action: 'company-number.create',
      target: '+78121234567',
      before: null,
      after: {
        id: expect.any(Number) as unknown,
        number: '+78121234567',
        region: 'Москва',
        regionFromNumber: 'Санкт-Петербург',
        regionOverridden: true,
        enabled: true,
        isDefault: false,
        inboundEmployee: null,
      },
      at: AT,
    });
  });

  it('asks which company when the data has more than one', async () => {
    await withStore((s) => s.companies.create({ name: 'Other' }));
    expect(await add('+78121234567')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: this data has 2 companies: say which with --company ID (npm run pbx -- company list shows them)\n',
    });
    expect(await company((c) => c.companyNumbers.getByNumber('+78121234567'))).toBeUndefined();
  });

  it('refuses a bad number, region or SIP number, and a number already connected', async () => {
    await add('+78121234567');
    const cases: [string[], string | RegExp][] = [
      [
        ['88121234567'],
        'error: "88121234567": must be a phone number in international format, like +78121234567',
      ],
      [['+78121234567'], 'error: +78121234567 is already connected'],
      [
        ['+74951234567', '--region', 'Petersburg'],
        'error: --region: there is no region named "Petersburg"',
      ],
      [['+74951234567', '--assign', '0999999'], 'error: --assign: no SIP number 0999999'],
      [
        ['+74951234567', '--assign', '462626'],
        'error: --assign: "462626" is not a SIP number (seven digits with a leading zero)',
      ],
      [[], /^error: missing required argument 'number'$/],
    ];
    for (const [argv, message] of cases) {
      const r = await add(...argv);
      const label = argv.join(' ');
      expect(r.code, label).toBe(1);
      expect(r.stdout, label).toBe('');
      if (typeof message === 'string') expect(r.stderr, label).toBe(`${message}\n`);
      else expect(r.stderr.trimEnd(), label).toMatch(message);
    }
    expect((await company((c) => c.companyNumbers.list())).map((n) => n.number)).toEqual([
      '+78121234567',
    ]);
    expect(await company((c) => c.audit.count())).toBe(1);
  });
});

describe('npm run pbx -- company-number add', () => {
  it('is registered in the pbx program', async () => {
    const r = await runPbxCli(['company-number', 'add', '+78121234567', '--data-dir', dataDir]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Added \+78121234567\.$/m);
  });
});

const setRegion = (...argv: string[]) =>
  runCompanyNumberCli(['company-number', 'region', ...argv, '--data-dir', dataDir], {
    env: {},
    now: () => AT,
  });

describe('pbx company-number region', () => {
  it('overrides the region (Russian or English), then goes back to the region of the number', async () => {
    expect((await add('+78121234567')).code).toBe(0);
    expect(await setRegion('+78121234567', 'Leningrad Oblast')).toEqual({
      code: 0,
      stderr: '',
      stdout: '+78121234567: region Ленинградская область (set by an admin).\n',
    });
    expect(await company((c) => c.companyNumbers.getByNumber('+78121234567'))).toMatchObject({
      region: 'Ленинградская область',
    });
    const cleared = await setRegion('+78121234567', '--from-number', '--json');
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({
      region: 'Санкт-Петербург',
      regionFromNumber: 'Санкт-Петербург',
      regionOverridden: false,
    });
    expect(await company((c) => c.companyNumbers.getByNumber('+78121234567'))).toMatchObject({
      region: null,
    });
    const audit = await company((c) => c.audit.list({ limit: 10 }));
    expect(audit.map((e) => [e.actor, e.action])).toContainEqual(['cli', 'company-number.update']);
  });

  it('refuses with one line: a bad number, an unknown region, both or neither, a number not the company’s', async () => {
    expect((await add('+78121234567')).code).toBe(0);
    const refusals: [string[], RegExp][] = [
      [['8121234567', '--from-number'], /^error: "8121234567": /],
      [['+78121234567', 'Petersburg'], /^error: there is no region named "Petersburg"\n$/],
      [['+78121234567', 'Москва', '--from-number'], /^error: name a region, or give --from-number/],
      [['+78121234567'], /^error: name a region, or give --from-number/],
      [
        ['+74951234567', '--from-number'],
        /^error: \+74951234567 is not one of the company's numbers\n$/,
      ],
    ];
    for (const [argv, message] of refusals) {
      const r = await setRegion(...argv);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(message);
    }
    expect(await company((c) => c.companyNumbers.getByNumber('+78121234567'))).toMatchObject({
      region: null,
    });
  });
});
