import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPbxCli } from '../../test/support/cli';
import { openDataDirStore, type Store } from '../store';
import { runRegionRuleCli } from './region-rule-commands';

const SIP = '0462626';
const SPB = '+78121234567';
const MSK = '+74951234567';
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
    await company.sipNumbers.create({ number: SIP, employeeId, ha1: 'h' });
    for (const number of [SPB, MSK]) {
      await company.companyNumbers.create({
        number,
        region: null,
        enabled: true,
        isDefault: false,
        inboundEmployeeId: null,
      });
    }
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

const add = (...argv: string[]) =>
  runRegionRuleCli(
    ['region-rule', 'add', ...argv, '--data-dir', dataDir, '--company', String(companyId)],
    {
      env: {},
      now: () => AT,
    },
  );
const rules = () => withStore((s) => s.forCompany(companyId).regionRules.listBySipNumber(SIP));

describe('pbx region-rule add', () => {
  it('--allow: only these numbers for the region, in the table’s spelling', async () => {
    const r = await add(
      SIP,
      '--region',
      'санкт-петербург',
      '--numbers',
      `${SPB}, ${SPB}`,
      '--allow',
    );
    const [rule] = await rules();
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `Added rule ${rule!.id} to ${SIP}: clients in Санкт-Петербург see only ${SPB}.\n`,
    });
    expect(await rules()).toEqual([
      {
        id: rule!.id,
        companyId,
        sipNumber: SIP,
        region: 'Санкт-Петербург',
        numbers: [SPB],
        codes: [],
        numberRegions: [],
        effect: 'allow',
        createdAt: expect.any(Number) as unknown,
      },
    ]);
  });

  it('--deny with several numbers, --json as the API shows it', async () => {
    const r = await add(
      SIP,
      '--region',
      'Москва',
      '--numbers',
      `${SPB},${MSK}`,
      '--deny',
      '--json',
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({
      id: (await rules())[0]!.id,
      region: 'Москва',
      numbers: [SPB, MSK],
      codes: [],
      numberRegions: [],
      effect: 'deny',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
  });

  it("writes an audit entry with actor 'cli'", async () => {
    await add(SIP, '--region', 'Москва', '--numbers', MSK, '--deny');
    expect(await withStore((s) => s.forCompany(companyId).audit.list())).toEqual([
      {
        id: expect.any(Number) as unknown,
        companyId,
        actor: 'cli',
        action: 'region-rule.create',
        target: `employee ${employeeId} (${SIP})`,
        before: null,
        after: {
          id: (await rules())[0]!.id,
          region: 'Москва',
          numbers: [MSK],
          codes: [],
          numberRegions: [],
          effect: 'deny',
          createdAt: expect.any(String) as unknown,
        },
        at: AT,
      },
    ]);
  });

  it('refuses bad input with one line, code 1, and adds nothing', async () => {
    const other = await withStore(async (s) => {
      const id = (await s.companies.create({ name: 'Other' })).id;
      await s.forCompany(id).companyNumbers.create({
        number: '+74959876543',
        region: null,
        enabled: true,
        isDefault: false,
        inboundEmployeeId: null,
      });
      return id;
    });
    const valid = ['--region', 'Москва', '--numbers', MSK];
    const cases: [string[], string | RegExp][] = [
      [[SIP, ...valid], 'error: give one of --allow or --deny'],
      [[SIP, ...valid, '--allow', '--deny'], 'error: give one of --allow or --deny'],
      [
        ['462626', ...valid, '--allow'],
        'error: "462626" is not a SIP number (seven digits with a leading zero, e.g. 0462626)',
      ],
      [['0999999', ...valid, '--allow'], 'error: no SIP number 0999999'],
      [
        [SIP, '--region', 'Atlantis', '--numbers', MSK, '--allow'],
        'error: --region: there is no region named "Atlantis"',
      ],
      [
        [SIP, '--region', 'Москва', '--numbers', `${MSK},8 812 123`, '--allow'],
        'error: --numbers: "8 812 123": must be a phone number in international format, like +78121234567',
      ],
      [
        [SIP, '--region', 'Москва', '--numbers', ' , ', '--allow'],
        'error: --numbers: name at least one company number, area code or region',
      ],
      [[...valid, '--allow'], 'error: give either a SIP number or --company-wide'],
      [
        [SIP, ...valid, '--company-wide', '--allow'],
        'error: give either a SIP number or --company-wide',
      ],
      [
        [SIP, '--region', 'Москва', '--codes', '812,81', '--allow'],
        'error: --codes: "81": an area code is three digits, like 812',
      ],
      [
        [SIP, '--region', 'Москва', '--number-region', 'Atlantis', '--allow'],
        'error: --number-region: there is no region named "Atlantis"',
      ],
      [
        [SIP, '--region', 'Москва', '--numbers', '+74959876543', '--allow'],
        "error: --numbers: +74959876543 is not one of the company's numbers",
      ],
      [
        [SIP, '--region', 'Москва', '--numbers', `${MSK},+74950000000,+74959876543`, '--deny'],
        "error: --numbers: +74950000000, +74959876543 are not one of the company's numbers",
      ],
      [
        [SIP, '--numbers', MSK, '--allow'],
        /^error: required option '--region <name>' not specified$/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await add(...argv);
      const label = argv.join(' ');
      expect(r.code, label).toBe(1);
      expect(r.stdout, label).toBe('');
      if (typeof message === 'string') expect(r.stderr, label).toBe(`${message}\n`);
      else expect(r.stderr.trimEnd(), label).toMatch(message);
    }
    expect(await rules()).toEqual([]);
    expect(
      await withStore(
        async (s) =>
          (await s.forCompany(companyId).audit.count()) + (await s.forCompany(other).audit.count()),
      ),
    ).toBe(0);
  });
});

describe('pbx region-rule add by code, by region, company-wide', () => {
  const companyRules = () =>
    withStore((s) => s.forCompany(companyId).regionRules.listCompanyWide());

  it('--company-wide --codes: the company default, for numbers with that code', async () => {
    const r = await add(
      '--company-wide',
      '--region',
      'Saint Petersburg',
      '--codes',
      '812',
      '--allow',
    );
    const [rule] = await companyRules();
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `Added rule ${rule!.id} to the company: clients in Санкт-Петербург see only numbers with code 812.\n`,
    });
    expect(rule).toMatchObject({ sipNumber: null, codes: ['812'], numbers: [], effect: 'allow' });
    expect(await rules()).toEqual([]);
    const [entry] = await withStore((s) => s.forCompany(companyId).audit.list());
    expect(entry).toMatchObject({ actor: 'cli', target: 'company', action: 'region-rule.create' });
  });

  it('--number-region (repeatable, either language) for one SIP number', async () => {
    const r = await add(
      SIP,
      '--region',
      'Москва',
      '--number-region',
      'moscow',
      '--number-region',
      'Москва',
      '--deny',
      '--json',
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ numberRegions: ['Москва'], effect: 'deny' });
  });
});

describe('npm run pbx -- region-rule add', () => {
  it('is registered in the pbx program', async () => {
    const r = await runPbxCli([
      'region-rule',
      'add',
      SIP,
      '--region',
      'Москва',
      '--numbers',
      MSK,
      '--allow',
      '--data-dir',
      dataDir,
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(
      /^Added rule \d+ to 0462626: clients in Москва see only \+74951234567\.$/m,
    );
  });
});
