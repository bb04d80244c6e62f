import { beforeEach, describe, expect, it } from 'vitest';
import type { NewCallRecord, Store } from '../store';
import { openSqliteStore } from './open';

let store: Store;
let companyId: number;
let clock: number;
beforeEach(() => {
  clock = 1_000;
  store = openSqliteStore(':memory:', { now: () => clock++ });
  companyId = store.companies.create({ name: 'Acme' }).id;
});

const hire = (name: string, number: string, company = companyId) => {
  const e = store.employees.create({ companyId: company, name });
  store.sipNumbers.create({ number, companyId: company, employeeId: e.id, ha1: 'h' });
  return e;
};

describe('sipNumbers: destination bars', () => {
  it('are off by default, round-trip through the number cache, and survive other patches', () => {
    hire('Anna', '0000001');
    expect(store.sipNumbers.get('0000001')).toMatchObject({
      internationalAllowed: false,
      premiumAllowed: false,
    });
    // Cached now: the write must clear it.
    expect(store.sipNumbers.get('0000001')?.internationalAllowed).toBe(false);
    expect(
      store.sipNumbers.updateSettings('0000001', { internationalAllowed: true }),
    ).toMatchObject({ internationalAllowed: true, premiumAllowed: false });
    expect(store.sipNumbers.get('0000001')).toMatchObject({
      internationalAllowed: true,
      premiumAllowed: false,
    });
    store.sipNumbers.updateSettings('0000001', { premiumAllowed: true, channels: 2 });
    store.sipNumbers.updateSettings('0000001', { channels: 3, internationalAllowed: undefined });
    expect(store.sipNumbers.get('0000001')).toMatchObject({
      internationalAllowed: true,
      premiumAllowed: true,
      channels: 3,
    });
    expect(store.sipNumbers.listByCompany(companyId)[0]).toMatchObject({
      internationalAllowed: true,
      premiumAllowed: true,
    });
  });

  it('can be given at creation', () => {
    const e = store.employees.create({ companyId, name: 'Boris' });
    const created = store.sipNumbers.create({
      number: '0000002',
      companyId,
      employeeId: e.id,
      ha1: 'h',
      premiumAllowed: true,
    });
    expect(created).toMatchObject({ internationalAllowed: false, premiumAllowed: true });
    expect(store.sipNumbers.getByEmployee(e.id)?.premiumAllowed).toBe(true);
  });
});

describe('callRecords: directions and the familiar number', () => {
  const CLIENT = '+78121234567';
  let seq = 0;
  const call = (patch: Partial<NewCallRecord> = {}, answeredAt: number | null = null) => {
    const id = store.callRecords.insert({
      callId: `c${++seq}`,
      companyId,
      callerNumber: '0000001',
      callerName: 'Anna',
      calleeNumber: CLIENT,
      calleeName: null,
      callerDevice: 'softphone-desktop',
      startedAt: 100 * seq,
      direction: 'outgoing',
      clientNumber: CLIENT,
      companyNumber: '+78120000001',
      ...patch,
    });
    if (answeredAt !== null) store.callRecords.markAnswered(id, answeredAt, 'softphone-web');
    return id;
  };

  it('stores the new fields, and an old-style insert is internal with none of them', () => {
    const outgoing = call({ callerIdReason: 'familiar: last answered call on 2026-11-20' });
    expect(store.callRecords.get(outgoing)).toMatchObject({
      direction: 'outgoing',
      clientNumber: CLIENT,
      companyNumber: '+78120000001',
      callerIdReason: 'familiar: last answered call on 2026-11-20',
    });
    const internal = store.callRecords.insert({
      callId: 'internal',
      companyId,
      callerNumber: '0000001',
      callerName: 'Anna',
      calleeNumber: '0000002',
      calleeName: 'Boris',
      callerDevice: 'softphone-desktop',
      startedAt: 5,
    });
    expect(store.callRecords.get(internal)).toMatchObject({
      direction: 'internal',
      clientNumber: null,
      companyNumber: null,
      callerIdReason: null,
      calleeDevice: null,
    });
    expect(store.callRecords.list(companyId).map((r) => r.direction)).toEqual([
      'outgoing',
      'internal',
    ]);
  });

  it('finds the latest answered call with the client, in either direction', () => {
    expect(store.callRecords.latestAnsweredWithClient(companyId, CLIENT)).toBeUndefined();
    call({ companyNumber: '+78120000001' }, 1_000);
    call(
      {
        direction: 'incoming',
        callerNumber: CLIENT,
        calleeNumber: '0000001',
        companyNumber: '+78120000002',
      },
      3_000,
    );
    call({ companyNumber: '+78120000003' }, 2_000); // started later, answered earlier
    call({ companyNumber: '+78120000004' }); // never answered
    call({ companyNumber: null }, 9_000); // no company number: not a call through the carrier
    expect(store.callRecords.latestAnsweredWithClient(companyId, CLIENT)).toEqual({
      companyNumber: '+78120000002',
      answeredAt: 3_000,
    });
  });

  it('breaks a tie in answer time by the later record, and sees one company and client only', () => {
    call({ companyNumber: '+78120000001' }, 5_000);
    call({ companyNumber: '+78120000002' }, 5_000);
    call({ clientNumber: '+78129999999', companyNumber: '+78120000003' }, 7_000);
    const other = store.companies.create({ name: 'Other' }).id;
    call({ companyId: other, companyNumber: '+74950000001' }, 8_000);
    expect(store.callRecords.latestAnsweredWithClient(companyId, CLIENT)).toEqual({
      companyNumber: '+78120000002',
      answeredAt: 5_000,
    });
    expect(store.callRecords.latestAnsweredWithClient(other, CLIENT)?.companyNumber).toBe(
      '+74950000001',
    );
    expect(store.callRecords.latestAnsweredWithClient(companyId, '+70000000000')).toBeUndefined();
  });
});

describe('regionRules', () => {
  const rule = (
    sipNumber: string,
    patch: Partial<Parameters<Store['regionRules']['create']>[0]> = {},
  ) =>
    store.regionRules.create({
      companyId,
      sipNumber,
      region: 'Saint Petersburg',
      numbers: ['+78120000001', '+78120000002'],
      effect: 'allow',
      ...patch,
    });

  it('creates, gets, lists by SIP number in creation order and removes', () => {
    hire('Anna', '0000001');
    hire('Boris', '0000002');
    const first = rule('0000001');
    const second = rule('0000001', { region: 'Moscow', numbers: [], effect: 'deny' });
    rule('0000002');
    expect(store.regionRules.get(first.id)).toEqual({
      id: first.id,
      companyId,
      sipNumber: '0000001',
      region: 'Saint Petersburg',
      numbers: ['+78120000001', '+78120000002'],
      effect: 'allow',
      createdAt: first.createdAt,
    });
    expect(first.createdAt).toBeGreaterThanOrEqual(1_000);
    expect(store.regionRules.listBySipNumber('0000001')).toEqual([first, second]);
    expect(store.regionRules.remove(first.id)).toBe(true);
    expect(store.regionRules.remove(first.id)).toBe(false);
    expect(store.regionRules.get(first.id)).toBeUndefined();
    expect(store.regionRules.listBySipNumber('0000001')).toEqual([second]);
    expect(store.regionRules.listBySipNumber('0999999')).toEqual([]);
  });

  it('go with their SIP number: removing the number or the employee deletes them', () => {
    const anna = hire('Anna', '0000001');
    hire('Boris', '0000002');
    const annas = rule('0000001');
    const boris = rule('0000002');
    store.employees.remove(anna.id);
    expect(store.regionRules.get(annas.id)).toBeUndefined();
    store.sipNumbers.remove('0000002');
    expect(store.regionRules.get(boris.id)).toBeUndefined();
  });

  it("refuses a rule of an unknown SIP number or another company's, a bad effect or region", () => {
    hire('Anna', '0000001');
    const other = store.companies.create({ name: 'Other' }).id;
    expect(() => rule('0999999')).toThrow(/FOREIGN KEY/);
    expect(() => rule('0000001', { companyId: other })).toThrow(/FOREIGN KEY/);
    expect(() => rule('0000001', { effect: 'maybe' as 'allow' })).toThrow(/CHECK/);
    expect(() => rule('0000001', { region: '' })).toThrow(/CHECK/);
    expect(store.regionRules.listBySipNumber('0000001')).toEqual([]);
  });
});
