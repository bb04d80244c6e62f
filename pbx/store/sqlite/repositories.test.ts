import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { openSqliteStore } from './open';

let store: Store;
let companyId: number;
beforeEach(() => {
  let clock = 1_000;
  store = openSqliteStore(':memory:', { now: () => clock++ });
  companyId = store.companies.create({ name: 'Acme' }).id;
});

const hire = (name: string, number: string, email: string | null = null, company = companyId) => {
  const e = store.employees.create({ companyId: company, name, email });
  store.sipNumbers.create({ number, companyId: company, employeeId: e.id, ha1: 'h' });
  return e;
};

describe('employees', () => {
  it('lists by name with SIP numbers, searches name, e-mail and number, and pages', () => {
    hire('Boris Petrov', '0000002', 'boris@acme.example');
    hire('Анна Иванова', '0000001');
    hire('Vera Sidorova', '0000003');
    const other = store.companies.create({ name: 'Other' }).id;
    hire('Boris Other', '0000004', null, other);

    expect(store.employees.list(companyId).map((e) => [e.name, e.sipNumber])).toEqual([
      ['Boris Petrov', '0000002'],
      ['Vera Sidorova', '0000003'],
      ['Анна Иванова', '0000001'],
    ]);
    expect(store.employees.list(companyId, { search: 'анна' }).map((e) => e.name)).toEqual([
      'Анна Иванова',
    ]);
    expect(store.employees.list(companyId, { search: 'ACME' }).map((e) => e.name)).toEqual([
      'Boris Petrov',
    ]);
    expect(store.employees.list(companyId, { search: '0003' }).map((e) => e.name)).toEqual([
      'Vera Sidorova',
    ]);
    expect(store.employees.list(companyId, { search: '%' })).toEqual([]);
    expect(store.employees.count(companyId)).toBe(3);
    expect(store.employees.count(companyId, 'boris')).toBe(1);
    const page = store.employees.list(companyId, { offset: 1, limit: 1 });
    expect(page.map((e) => e.name)).toEqual(['Vera Sidorova']);
  });

  it('updates, finds by SIP number and removes', () => {
    const e = hire('Anna', '0123456');
    expect(store.employees.getBySipNumber('0123456')?.id).toBe(e.id);
    const updated = store.employees.update(e.id, { email: 'a@acme.example' });
    expect(updated).toMatchObject({ name: 'Anna', email: 'a@acme.example' });
    expect(store.employees.update(e.id, { name: 'Anna I.' })?.email).toBe('a@acme.example');
    expect(store.sipNumbers.get('0123456')?.employeeName).toBe('Anna I.');
    expect(store.employees.remove(e.id)).toBe(true);
    expect(store.employees.remove(e.id)).toBe(false);
    expect(store.employees.update(e.id, { name: 'x' })).toBeUndefined();
  });
});

describe('sipNumbers', () => {
  it('creates with defaults and updates settings within the allowed range', () => {
    const e = hire('Anna', '0123456');
    expect(store.sipNumbers.get('0123456')).toMatchObject({
      employeeId: e.id,
      companyId,
      enabled: true,
      multiTerminal: false,
      channels: 1,
      callerIdMode: 'fixed',
      fixedCallerId: null,
      employeeMayChooseCallerId: false,
    });
    const next = store.sipNumbers.updateSettings('0123456', { channels: 2, multiTerminal: true });
    expect(next).toMatchObject({ channels: 2, multiTerminal: true, enabled: true });
    expect(() => store.sipNumbers.updateSettings('0123456', { channels: 11 })).toThrow(/CHECK/);
    expect(store.sipNumbers.updateSettings('0999999', { channels: 2 })).toBeUndefined();
  });

  it('sets HA1 with the change time, lists by company and removes', () => {
    hire('Anna', '0123456');
    const before = store.sipNumbers.get('0123456')!.passwordChangedAt;
    expect(store.sipNumbers.setHa1('0123456', 'new')).toBe(true);
    const after = store.sipNumbers.get('0123456')!;
    expect(after.ha1).toBe('new');
    expect(after.passwordChangedAt).toBeGreaterThan(before);
    expect(store.sipNumbers.listByCompany(companyId).map((s) => s.number)).toEqual(['0123456']);
    expect(store.sipNumbers.remove('0123456')).toBe(true);
    expect(store.sipNumbers.getByEmployee(after.employeeId)).toBeUndefined();
  });

  it('counts a number as taken while a call record names it', () => {
    const e = hire('Anna', '0123456');
    store.callRecords.insert({
      callId: 'c1',
      companyId,
      callerNumber: '+78121234567',
      callerName: null,
      calleeNumber: '0123456',
      calleeName: 'Anna',
      callerDevice: 'trunk',
      startedAt: 5,
    });
    store.employees.remove(e.id);
    expect(store.sipNumbers.get('0123456')).toBeUndefined();
    expect(store.sipNumbers.isTaken('0123456')).toBe(true);
    expect(store.sipNumbers.isTaken('0654321')).toBe(false);
  });
});

describe('callRecords', () => {
  it('records a call through answer and end, newest first, names as they were', () => {
    const base = {
      companyId,
      callerNumber: '0000001',
      callerName: 'Anna',
      calleeNumber: '0000002',
      calleeName: 'Boris',
      callerDevice: 'softphone-desktop',
    };
    const first = store.callRecords.insert({ ...base, callId: 'a', startedAt: 10 });
    const second = store.callRecords.insert({ ...base, callId: 'b', startedAt: 20 });
    store.callRecords.markAnswered(first, 12, 'softphone-web');
    store.callRecords.markEnded(first, 30, 'answered', 200);
    store.callRecords.markEnded(second, 25, 'busy', 486);
    expect(store.callRecords.getByCallId('a')).toMatchObject({
      id: first,
      answeredAt: 12,
      calleeDevice: 'softphone-web',
      endedAt: 30,
      result: 'answered',
      status: 200,
      calleeName: 'Boris',
    });
    expect(store.callRecords.list(companyId).map((r) => r.callId)).toEqual(['b', 'a']);
    expect(store.callRecords.list(companyId, { limit: 1 }).map((r) => r.callId)).toEqual(['b']);
    expect(store.callRecords.list(companyId, { number: '0000009' })).toEqual([]);
    expect(store.callRecords.getByCallId('zzz')).toBeUndefined();
  });
});

describe('companies and admins', () => {
  it('stores admins with lower-case unique e-mails', () => {
    const a = store.admins.create({ companyId, email: 'Boss@Acme.example', passwordHash: 'h' });
    expect(store.admins.getByEmail('boss@acme.example')?.id).toBe(a.id);
    expect(() =>
      store.admins.create({ companyId, email: 'boss@acme.example', passwordHash: 'h' }),
    ).toThrow(/UNIQUE/);
    expect(store.admins.setPasswordHash(a.id, 'h2')).toBe(true);
    expect(store.admins.get(a.id)?.passwordHash).toBe('h2');
    expect(store.admins.listByCompany(companyId)).toHaveLength(1);
    expect(store.admins.remove(a.id)).toBe(true);
    expect(store.companies.get(companyId)?.name).toBe('Acme');
    expect(store.companies.count()).toBe(1);
  });
});
