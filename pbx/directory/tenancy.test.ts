import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SipError } from '../sip/sip-error';
import { openSqliteStore, type Store } from '../store';
import { Directory } from './directory';
import { Tenancy } from './tenancy';

let store: Store;
let directory: Directory;
let tenancy: Tenancy;
let acme: number;

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  acme = (await store.companies.create({ name: 'Acme' })).id;
  const company = store.forCompany(acme);
  for (const [name, number] of [
    ['Anna', '0000001'],
    ['Boris', '0000002'],
  ] as const) {
    const employee = await company.employees.create({ name });
    await company.sipNumbers.create({ number, employeeId: employee.id, ha1: 'h' });
  }
  directory = await Directory.open(store);
  tenancy = new Tenancy(directory);
});
afterEach(async () => {
  directory.close();
  await store.close();
});

const refusedWith = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    const { status, reason, token } = error as SipError;
    return `${status} ${reason} ${token}`;
  }
  return 'admitted';
};

describe('tenancy on the SIP path', () => {
  it('counts devices per company, and gives the room a device quota leaves', async () => {
    expect(tenancy.deviceRoom(acme)).toBe(Infinity);
    tenancy.deviceAdded({ sipNumber: '0000001' });
    tenancy.deviceAdded({ sipNumber: '0000001' });
    tenancy.deviceAdded({ sipNumber: '0000002' });
    tenancy.deviceAdded({ sipNumber: '0999999' }); // no such number: not counted
    expect(tenancy.devicesOf(acme)).toBe(3);
    await store.companies.update(acme, { quotas: { maxDevices: 4 } });
    await directory.sync();
    expect(tenancy.deviceRoom(acme)).toBe(1);
    await store.forCompany(acme).sipNumbers.remove('0000001');
    await directory.sync();
    // Removed from the directory first, its devices go after: still counted to the company.
    tenancy.deviceRemoved({ sipNumber: '0000001' });
    tenancy.deviceRemoved({ sipNumber: '0000001' });
    tenancy.deviceRemoved({ sipNumber: '0999999' });
    expect(tenancy.devicesOf(acme)).toBe(1);
    expect(tenancy.deviceRoom(acme)).toBe(3);
  });

  it('refuses a suspended company, and its numbers are no longer admissible', async () => {
    expect(refusedWith(() => tenancy.admit({ companyId: acme }))).toBe('admitted');
    expect(tenancy.admissible('0000001')?.number).toBe('0000001');
    await store.companies.update(acme, { status: 'suspended' });
    await directory.sync();
    expect(refusedWith(() => tenancy.admit({ companyId: acme }))).toBe(
      '403 Company Suspended company-suspended',
    );
    expect(tenancy.admissible('0000001')).toBeUndefined();
    expect(tenancy.admissible('0999999')).toBeUndefined();
  });

  it('refuses calls over the concurrent-call quota, but never emergency calls or transfers', async () => {
    await store.companies.update(acme, { quotas: { maxConcurrentCalls: 2 } });
    await directory.sync();
    const call = (direction: 'internal' | 'incoming' | 'outgoing', calleeNumber = '0000002') => ({
      companyId: acme,
      direction,
      calleeNumber,
      transferredBy: null,
    });
    expect(refusedWith(() => tenancy.admitCall(call('internal'), 1))).toBe('admitted');
    expect(refusedWith(() => tenancy.admitCall(call('internal'), 2))).toBe(
      '403 Company Call Limit Reached call-quota',
    );
    expect(refusedWith(() => tenancy.admitCall(call('outgoing', '+78121234567'), 2))).toBe(
      '403 Company Call Limit Reached call-quota',
    );
    expect(refusedWith(() => tenancy.admitCall(call('incoming'), 5))).toBe(
      '486 Busy Here call-quota',
    );
    expect(refusedWith(() => tenancy.admitCall(call('outgoing', '112'), 9))).toBe('admitted');
    expect(
      refusedWith(() => tenancy.admitCall({ ...call('internal'), transferredBy: '0000001' }, 9)),
    ).toBe('admitted');
  });
});
