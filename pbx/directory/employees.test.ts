import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDirStore, type CompanyStore, type Store } from '../store';
import { createEmployee, removeEmployee, resetSipPassword } from './employees';
import { DirectoryError, QuotaError } from './errors';
import { computeHa1 } from './ha1';
import { allocateSipNumber } from './sip-number';

const REALM = 'pbx.test';
let dir: string;
let store: Store;
let acme: CompanyStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-directory-'));
  store = await openDataDirStore(dir);
  acme = store.forCompany((await store.companies.create({ name: 'Acme' })).id);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A random source that replays the given values. */
const replay =
  (...values: number[]) =>
  () => {
    const next = values.shift();
    if (next === undefined) throw new Error('random source exhausted');
    return next;
  };

describe('createEmployee', () => {
  it('allocates a SIP number, stores only the HA1 and returns the password once', async () => {
    const created = await createEmployee(acme, { name: '  Anna Ivanova ' }, REALM);
    expect(created.employee.name).toBe('Anna Ivanova');
    expect(created.sipNumber).toMatch(/^0\d{6}$/);
    expect(created.password.length).toBeGreaterThanOrEqual(16);
    const sip = (await store.sipNumbers.get(created.sipNumber))!;
    expect(sip.ha1).toBe(computeHa1(created.sipNumber, REALM, created.password));
    expect(sip.employeeName).toBe('Anna Ivanova');
  });

  it('never writes the password to disk', async () => {
    const { password } = await createEmployee(
      acme,
      { name: 'Anna', password: 'provisioned-secret-42' },
      REALM,
    );
    const generated = (await createEmployee(acme, { name: 'Boris' }, REALM)).password;
    await store.close();
    const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
    expect(bytes.some((b) => b.includes(Buffer.from('Boris')))).toBe(true);
    for (const secret of [password, generated]) {
      for (const b of bytes) {
        expect(b.includes(Buffer.from(secret))).toBe(false);
      }
    }
    store = await openDataDirStore(dir);
  });

  it('validates name, e-mail and password, naming the field', async () => {
    const bad = async (input: object, field: string, company = acme) => {
      const error: unknown = await createEmployee(company, { name: 'Anna', ...input }, REALM).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DirectoryError);
      expect((error as DirectoryError).field).toBe(field);
    };
    await bad({ name: '   ' }, 'name');
    await bad({ name: 'x'.repeat(201) }, 'name');
    await bad({ email: 'not-an-email' }, 'email');
    await bad({ password: 'short' }, 'password');
    await bad({}, 'companyId', store.forCompany(999));
    expect(await acme.employees.count()).toBe(0);
    const ok = await createEmployee(acme, { name: 'Anna', email: 'a@acme.example' }, REALM);
    expect(ok.employee.email).toBe('a@acme.example');
  });

  it("refuses one more employee than the company's quota, with its token", async () => {
    await store.companies.update(acme.companyId, { quotas: { maxEmployees: 2 } });
    await createEmployee(acme, { name: 'Anna' }, REALM);
    await createEmployee(acme, { name: 'Boris' }, REALM);
    const refused = await createEmployee(acme, { name: 'Vera' }, REALM).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QuotaError);
    expect(refused).toMatchObject({ token: 'employee-quota' });
    expect((refused as Error).message).toMatch(/2 employees/);
    expect(await acme.employees.count()).toBe(2);
  });
});

const callNaming = (number: string) => ({
  callId: 'c',
  callerNumber: number,
  callerName: 'Gone',
  calleeNumber: '+78121234567',
  calleeName: null,
  callerDevice: 'softphone-desktop',
  startedAt: 1,
});

describe('allocateSipNumber', () => {
  it('retries on a collision with a live number and with a number in call history', async () => {
    const first = await createEmployee(acme, { name: 'Anna' }, REALM, replay(462626));
    expect(first.sipNumber).toBe('0462626');
    await store.callRecords.insert({ ...callNaming('0000042'), companyId: acme.companyId });
    expect(await allocateSipNumber(acme, replay(462626, 42, 7))).toBe('0000007');
  });

  it('does not reuse a removed employee’s number while a call record names it', async () => {
    const anna = await createEmployee(acme, { name: 'Anna' }, REALM, replay(111111));
    await store.callRecords.insert({ ...callNaming(anna.sipNumber), companyId: acme.companyId });
    await removeEmployee(acme, anna.sipNumber);
    const next = await createEmployee(acme, { name: 'Vera' }, REALM, replay(111111, 333333));
    expect(next.sipNumber).toBe('0333333');
  });

  it('gives up with a DirectoryError when every try collides', async () => {
    await createEmployee(acme, { name: 'Anna' }, REALM, replay(5));
    await expect(allocateSipNumber(acme, () => 5)).rejects.toBeInstanceOf(DirectoryError);
  });
});

describe('removeEmployee and resetSipPassword', () => {
  it('removes by SIP number or id, and says so when there is nobody', async () => {
    const a = await createEmployee(acme, { name: 'Anna' }, REALM);
    const b = await createEmployee(acme, { name: 'Boris' }, REALM);
    expect(await removeEmployee(acme, a.sipNumber)).toMatchObject({ sipNumber: a.sipNumber });
    expect((await removeEmployee(acme, b.employee.id)).employee.name).toBe('Boris');
    expect(await store.sipNumbers.get(b.sipNumber)).toBeUndefined();
    await expect(removeEmployee(acme, a.sipNumber)).rejects.toThrow(/no employee with SIP number/);
    await expect(removeEmployee(acme, 'abc')).rejects.toBeInstanceOf(DirectoryError);
  });

  it("never reaches another company's employee", async () => {
    const a = await createEmployee(acme, { name: 'Anna' }, REALM);
    const other = store.forCompany((await store.companies.create({ name: 'Other' })).id);
    await expect(removeEmployee(other, a.sipNumber)).rejects.toThrow(/no employee/);
    await expect(removeEmployee(other, a.employee.id)).rejects.toThrow(/no employee/);
    await expect(resetSipPassword(other, a.sipNumber, REALM)).rejects.toThrow(/no SIP number/);
    expect((await store.sipNumbers.get(a.sipNumber))?.ha1).toBe(
      computeHa1(a.sipNumber, REALM, a.password),
    );
  });

  it('replaces the HA1 with one for the new password', async () => {
    const a = await createEmployee(acme, { name: 'Anna' }, REALM);
    const next = await resetSipPassword(acme, a.sipNumber, REALM);
    expect(next).not.toBe(a.password);
    expect((await store.sipNumbers.get(a.sipNumber))!.ha1).toBe(
      computeHa1(a.sipNumber, REALM, next),
    );
    await expect(resetSipPassword(acme, '0999999', REALM)).rejects.toBeInstanceOf(DirectoryError);
  });
});
