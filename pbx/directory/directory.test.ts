import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../test/support/postgres';
import { openStoreAt, type CompanyStore, type Store, type StoreLocation } from '../store';
import { Directory, type DirectoryUpdate } from './directory';

const WRITER = fileURLToPath(new URL('../store/contract/writer-process.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const drivers: [string, () => Promise<StoreLocation>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pbx-directory-'));
      dirs.push(dir);
      return { kind: 'sqlite', dir };
    },
  ],
  ['PostgreSQL', async () => ({ kind: 'postgres', url: await freshPostgresDatabase() })],
];

/** Waits for a change made elsewhere, with a generous deadline: never a time asserted. */
async function eventually(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(drivers)('the directory (%s)', (_name, fresh) => {
  let location: StoreLocation;
  let store: Store;
  let acme: CompanyStore;
  let directory: Directory;
  const updates: DirectoryUpdate[] = [];

  const hire = async (name: string, number: string, company = acme) => {
    const employee = await company.employees.create({ name });
    await company.sipNumbers.create({ number, employeeId: employee.id, ha1: `ha1-${number}` });
    return employee;
  };

  beforeEach(async () => {
    location = await fresh();
    store = await openStoreAt(location);
    acme = store.forCompany((await store.companies.create({ name: 'Acme' })).id);
    updates.length = 0;
  });
  afterEach(async () => {
    directory?.close();
    await store.close();
  });

  const open = async () => {
    directory = await Directory.open(store);
    directory.onUpdate((update) => updates.push(update));
  };

  it('loads what the store holds', async () => {
    await store.settings.set('domain', 'corp.example');
    const anna = await hire('Anna', '0000001');
    await hire('Boris', '0000002');
    await acme.absences.create({
      employeeId: anna.id,
      from: 0,
      to: 4_000_000_000_000,
      reason: 'leave',
      forwardToEmployeeId: null,
    });
    await acme.companyNumbers.create({
      number: '+74951111111',
      region: 'Москва',
      enabled: true,
      isDefault: true,
      inboundEmployeeId: anna.id,
    });
    await acme.regionRules.create({
      sipNumber: '0000001',
      region: 'Москва',
      numbers: ['+74951111111'],
      effect: 'allow',
    });
    const call = await store.callRecords.insert({
      callId: 'c',
      companyId: acme.companyId,
      callerNumber: '0000001',
      callerName: 'Anna',
      calleeNumber: '+78121234567',
      calleeName: null,
      callerDevice: 'web',
      startedAt: 1,
      clientNumber: '+78121234567',
      companyNumber: '+74951111111',
    });
    await store.callRecords.markAnswered(call, 2, 'web');
    await open();
    expect(directory.domain).toBe('corp.example');
    expect(directory.size).toBe(2);
    expect(directory.sipNumbers.get('0000001')).toMatchObject({
      employeeName: 'Anna',
      ha1: 'ha1-0000001',
    });
    expect(directory.sipNumbers.getByEmployee(anna.id)?.number).toBe('0000001');
    expect(directory.absences.current(anna.id, Date.now())?.reason).toBe('leave');
    expect(directory.companyNumbers.getByNumber('+74951111111')?.inboundEmployeeId).toBe(anna.id);
    expect(directory.companyNumbers.listByCompany(acme.companyId)).toHaveLength(1);
    expect(directory.regionRules.listBySipNumber('0000001')[0]?.effect).toBe('allow');
    expect(directory.callRecords.latestAnsweredWithClient(acme.companyId, '+78121234567')).toEqual({
      companyNumber: '+74951111111',
      answeredAt: 2,
    });
    expect(directory.companies.get(acme.companyId)?.status).toBe('active');
  });

  it("follows this process's writes once synced, and says which numbers they touch", async () => {
    const anna = await hire('Anna', '0000001');
    await open();
    await acme.sipNumbers.updateSettings('0000001', { enabled: false, channels: 3 });
    await acme.employees.update(anna.id, { name: 'Anna I.' });
    await directory.sync();
    expect(directory.sipNumbers.get('0000001')).toMatchObject({
      enabled: false,
      channels: 3,
      employeeName: 'Anna I.',
    });
    const other = store.forCompany((await store.companies.create({ name: 'Other' })).id);
    await hire('Olga', '0000009', other);
    await store.companies.update(other.companyId, {
      status: 'suspended',
      quotas: { maxDevices: 3 },
    });
    await directory.sync();
    expect(directory.companies.get(other.companyId)).toMatchObject({
      status: 'suspended',
      quotas: { maxDevices: 3 },
    });
    expect(updates.at(-1)?.sipNumbers).toEqual(['0000009']);
    await acme.employees.remove(anna.id);
    await directory.sync();
    expect(directory.sipNumbers.get('0000001')).toBeUndefined();
    expect(directory.sipNumbers.getByEmployee(anna.id)).toBeUndefined();
    expect(updates.at(-1)?.sipNumbers).toEqual(['0000001']);
    await store.companies.remove(other.companyId, Date.now());
    await directory.sync();
    expect(directory.sipNumbers.get('0000009')).toBeUndefined();
    expect(directory.companies.get(other.companyId)).toBeUndefined();
    expect(directory.numbersOf(other.companyId)).toEqual([]);
  });

  it('follows company numbers, rules, absences and familiar numbers', async () => {
    const anna = await hire('Anna', '0000001');
    await open();
    const number = await acme.companyNumbers.create({
      number: '+74951111111',
      region: null,
      enabled: true,
      isDefault: false,
      inboundEmployeeId: null,
    });
    const rule = await acme.regionRules.create({
      sipNumber: '0000001',
      region: 'Москва',
      numbers: [],
      effect: 'deny',
    });
    const period = await acme.absences.create({
      employeeId: anna.id,
      from: 0,
      to: 4_000_000_000_000,
      reason: 'sick',
      forwardToEmployeeId: null,
    });
    const call = await store.callRecords.insert({
      callId: 'c',
      companyId: acme.companyId,
      callerNumber: '+78121234567',
      callerName: null,
      calleeNumber: '0000001',
      calleeName: 'Anna',
      callerDevice: 'carrier',
      startedAt: 1,
      direction: 'incoming',
      clientNumber: '+78121234567',
      companyNumber: '+74951111111',
    });
    await store.callRecords.markAnswered(call, 5, 'web');
    await directory.sync();
    expect(directory.companyNumbers.getByNumber('+74951111111')?.enabled).toBe(true);
    expect(directory.regionRules.listBySipNumber('0000001')).toHaveLength(1);
    expect(directory.absences.current(anna.id, Date.now())?.reason).toBe('sick');
    expect(
      directory.callRecords.latestAnsweredWithClient(acme.companyId, '+78121234567')?.answeredAt,
    ).toBe(5);
    await acme.companyNumbers.update(number.id, { enabled: false });
    await acme.regionRules.remove(rule.id);
    await acme.absences.remove(period.id);
    await directory.sync();
    expect(directory.companyNumbers.getByNumber('+74951111111')?.enabled).toBe(false);
    expect(directory.regionRules.listBySipNumber('0000001')).toEqual([]);
    expect(directory.absences.current(anna.id, Date.now())).toBeUndefined();
    await acme.companyNumbers.remove(number.id);
    await directory.sync();
    expect(directory.companyNumbers.getByNumber('+74951111111')).toBeUndefined();
    expect(directory.companyNumbers.listByCompany(acme.companyId)).toEqual([]);
  });

  it('takes in what another process commits', async () => {
    await open();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WRITER, JSON.stringify(location), String(acme.companyId), '7', '3'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await eventually(
      () => ['0700000', '0700001', '0700002'].every((n) => directory.sipNumbers.get(n)),
      'the three SIP numbers another process created reaching the directory',
    );
    expect(await exited).toBe(0);
    expect(directory.sipNumbers.get('0700002')?.employeeName).toBe('Employee 3');
  });
});
