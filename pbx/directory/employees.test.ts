import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDirStore, type Store } from '../store';
import { createEmployee, removeEmployee, resetSipPassword } from './employees';
import { DirectoryError } from './errors';
import { computeHa1 } from './ha1';
import { allocateSipNumber } from './sip-number';

const REALM = 'pbx.test';
let dir: string;
let store: Store;
let companyId: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-directory-'));
  store = openDataDirStore(dir);
  companyId = store.companies.create({ name: 'Acme' }).id;
});
afterEach(() => {
  store.close();
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
  it('allocates a SIP number, stores only the HA1 and returns the password once', () => {
    const created = createEmployee(store, { companyId, name: '  Anna Ivanova ' }, REALM);
    expect(created.employee.name).toBe('Anna Ivanova');
    expect(created.sipNumber).toMatch(/^0\d{6}$/);
    expect(created.password.length).toBeGreaterThanOrEqual(16);
    const sip = store.sipNumbers.get(created.sipNumber)!;
    expect(sip.ha1).toBe(computeHa1(created.sipNumber, REALM, created.password));
    expect(sip.employeeName).toBe('Anna Ivanova');
  });

  it('never writes the password to disk', () => {
    const { password } = createEmployee(
      store,
      { companyId, name: 'Anna', password: 'provisioned-secret-42' },
      REALM,
    );
    const generated = createEmployee(store, { companyId, name: 'Boris' }, REALM).password;
    store.close();
    const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
    expect(bytes.some((b) => b.includes(Buffer.from('Boris')))).toBe(true);
    for (const secret of [password, generated]) {
      for (const b of bytes) {
        expect(b.includes(Buffer.from(secret))).toBe(false);
      }
    }
    store = openDataDirStore(dir);
  });

  it('validates name, e-mail and password, naming the field', () => {
    const bad = (input: object, field: string) => {
      try {
        createEmployee(store, { companyId, name: 'Anna', ...input }, REALM);
      } catch (error) {
        expect(error).toBeInstanceOf(DirectoryError);
        expect((error as DirectoryError).field).toBe(field);
        return;
      }
      throw new Error('expected a DirectoryError');
    };
    bad({ name: '   ' }, 'name');
    bad({ name: 'x'.repeat(201) }, 'name');
    bad({ email: 'not-an-email' }, 'email');
    bad({ password: 'short' }, 'password');
    bad({ companyId: 999 }, 'companyId');
    expect(store.employees.count(companyId)).toBe(0);
    const ok = createEmployee(store, { companyId, name: 'Anna', email: 'a@acme.example' }, REALM);
    expect(ok.employee.email).toBe('a@acme.example');
  });
});

describe('allocateSipNumber', () => {
  it('retries on a collision with a live number and with a number in call history', () => {
    const first = createEmployee(store, { companyId, name: 'Anna' }, REALM, replay(462626));
    expect(first.sipNumber).toBe('0462626');
    store.callRecords.insert({
      callId: 'c',
      companyId,
      callerNumber: '0000042',
      callerName: 'Gone',
      calleeNumber: '+78121234567',
      calleeName: null,
      callerDevice: 'softphone-desktop',
      startedAt: 1,
    });
    expect(allocateSipNumber(store, replay(462626, 42, 7))).toBe('0000007');
  });

  it('does not reuse a removed employee’s number while a call record names it', () => {
    const anna = createEmployee(store, { companyId, name: 'Anna' }, REALM, replay(111111));
    store.callRecords.insert({
      callId: 'c',
      companyId,
      callerNumber: anna.sipNumber,
      callerName: 'Anna',
      calleeNumber: '0222222',
      calleeName: 'Boris',
      callerDevice: 'softphone-desktop',
      startedAt: 1,
    });
    removeEmployee(store, anna.sipNumber);
    const next = createEmployee(store, { companyId, name: 'Vera' }, REALM, replay(111111, 333333));
    expect(next.sipNumber).toBe('0333333');
  });

  it('gives up with a DirectoryError when every try collides', () => {
    createEmployee(store, { companyId, name: 'Anna' }, REALM, replay(5));
    expect(() => allocateSipNumber(store, () => 5)).toThrow(DirectoryError);
  });
});

describe('removeEmployee and resetSipPassword', () => {
  it('removes by SIP number or id, and says so when there is nobody', () => {
    const a = createEmployee(store, { companyId, name: 'Anna' }, REALM);
    const b = createEmployee(store, { companyId, name: 'Boris' }, REALM);
    expect(removeEmployee(store, a.sipNumber)).toMatchObject({ sipNumber: a.sipNumber });
    expect(removeEmployee(store, b.employee.id).employee.name).toBe('Boris');
    expect(store.sipNumbers.get(b.sipNumber)).toBeUndefined();
    expect(() => removeEmployee(store, a.sipNumber)).toThrow(/no employee with SIP number/);
    expect(() => removeEmployee(store, 'abc')).toThrow(DirectoryError);
  });

  it('replaces the HA1 with one for the new password', () => {
    const a = createEmployee(store, { companyId, name: 'Anna' }, REALM);
    const next = resetSipPassword(store, a.sipNumber, REALM);
    expect(next).not.toBe(a.password);
    expect(store.sipNumbers.get(a.sipNumber)!.ha1).toBe(computeHa1(a.sipNumber, REALM, next));
    expect(() => resetSipPassword(store, '0999999', REALM)).toThrow(DirectoryError);
  });
});
