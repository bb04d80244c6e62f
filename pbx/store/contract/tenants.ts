import { describe, expect, it } from 'vitest';
import { NO_QUOTAS, StoreConflictError } from '../store';
import type { ContractContext } from './harness';

/** Companies as tenants, operators, settings, API sessions. */
export function tenantsContract(t: ContractContext): void {
  describe('companies', () => {
    it('are created active without quotas; quotas and status change by patch', async () => {
      const { store } = t;
      const acme = (await store.companies.get(t.companyId))!;
      expect(acme).toMatchObject({
        name: 'Acme',
        status: 'active',
        quotas: NO_QUOTAS,
        removedAt: null,
      });
      const beta = await store.companies.create({ name: 'Beta', quotas: { maxDevices: 5 } });
      expect(beta.quotas).toEqual({ ...NO_QUOTAS, maxDevices: 5 });
      const patched = await store.companies.update(beta.id, {
        status: 'suspended',
        quotas: { maxEmployees: 10, maxDevices: null, maxApiRequestsPerMinute: 60 },
      });
      expect(patched).toMatchObject({
        status: 'suspended',
        quotas: {
          maxEmployees: 10,
          maxDevices: null,
          maxConcurrentCalls: null,
          maxApiRequestsPerMinute: 60,
        },
      });
      expect(await store.companies.update(beta.id, { name: 'Beta Ltd' })).toMatchObject({
        name: 'Beta Ltd',
        status: 'suspended',
      });
      expect(await store.companies.update(999, { name: 'x' })).toBeUndefined();
      expect((await store.companies.list()).map((c) => c.name)).toEqual(['Acme', 'Beta Ltd']);
      expect(await store.companies.count()).toBe(2);
    });

    it('return calls: 30 days and no fallback employee by default; the fallback is of the company and is cleared with the employee', async () => {
      const { store } = t;
      expect((await store.companies.get(t.companyId))!.returnCalls).toEqual({
        days: 30,
        fallbackEmployeeId: null,
      });
      const acme = store.forCompany(t.companyId);
      const vera = await acme.employees.create({ name: 'Vera', email: null });
      expect(await acme.setReturnCalls({ days: 7, fallbackEmployeeId: vera.id })).toMatchObject({
        returnCalls: { days: 7, fallbackEmployeeId: vera.id },
      });
      const beta = await store.companies.create({ name: 'Beta' });
      const stranger = await store.forCompany(beta.id).employees.create({ name: 'S', email: null });
      expect(await acme.setReturnCalls({ fallbackEmployeeId: stranger.id })).toBe(false);
      expect(await acme.setReturnCalls({ days: 14 })).toMatchObject({
        returnCalls: { days: 14, fallbackEmployeeId: vera.id },
      });
      await expect(acme.setReturnCalls({ days: 0 })).rejects.toThrow();
      await acme.employees.remove(vera.id);
      expect((await store.companies.get(t.companyId))!.returnCalls).toEqual({
        days: 14,
        fallbackEmployeeId: null,
      });
    });

    it('announcements are said in Russian unless the admin chooses English', async () => {
      const { store } = t;
      expect((await store.companies.get(t.companyId))!.announcementLanguage).toBe('ru');
      const acme = store.forCompany(t.companyId);
      expect(await acme.setAnnouncementLanguage('en')).toMatchObject({
        announcementLanguage: 'en',
      });
      expect((await store.companies.get(t.companyId))!.announcementLanguage).toBe('en');
    });

    it('removing one deletes what it owns and keeps its call records until purged', async () => {
      const { store, acme } = t;
      const anna = await t.hire('Anna', '0000001');
      await acme.admins.create({ email: 'boss@acme.example', passwordHash: 'h' });
      await acme.companyNumbers.create({
        number: '+74951111111',
        region: null,
        enabled: true,
        isDefault: true,
        inboundEmployeeId: anna.id,
      });
      await acme.audit.append({
        actor: 'cli',
        action: 'x',
        target: 'y',
        before: null,
        after: null,
        at: 1,
      });
      const call = await store.callRecords.insert({
        callId: 'c1',
        companyId: t.companyId,
        callerNumber: '0000001',
        callerName: 'Anna',
        calleeNumber: '+78121234567',
        calleeName: null,
        callerDevice: 'web',
        startedAt: 1,
      });
      expect(await store.companies.remove(t.companyId, 5_000)).toBe(true);
      expect(await store.companies.remove(t.companyId, 5_000)).toBe(false);
      expect(await store.companies.get(t.companyId)).toMatchObject({
        status: 'removed',
        removedAt: 5_000,
      });
      expect(await store.companies.list()).toEqual([]);
      expect((await store.companies.list({ includeRemoved: true })).map((c) => c.id)).toEqual([
        t.companyId,
      ]);
      expect(await store.sipNumbers.get('0000001')).toBeUndefined();
      expect(await store.admins.getByEmail('boss@acme.example')).toBeUndefined();
      expect(await acme.companyNumbers.list()).toEqual([]);
      expect((await store.callRecords.get(call))?.callId).toBe('c1');
      expect(await acme.audit.count()).toBe(1);
      expect(await acme.sipNumbers.isTaken('0000001')).toBe(true);
      expect(await store.companies.update(t.companyId, { status: 'active' })).toBeUndefined();

      expect(await store.companies.purgeRemoved(5_000)).toBe(0);
      expect(await store.companies.purgeRemoved(5_001)).toBe(1);
      expect(await store.callRecords.get(call)).toBeUndefined();
      expect(await store.companies.get(t.companyId)).toBeUndefined();
      expect(await acme.sipNumbers.isTaken('0000001')).toBe(false);
    });

    it("a company's store reads and changes nothing of another company's", async () => {
      const other = await t.other();
      const olga = await t.hire('Olga', '0000009', other);
      const { acme } = t;
      expect(await acme.employees.get(olga.id)).toBeUndefined();
      expect(await acme.employees.getBySipNumber('0000009')).toBeUndefined();
      expect(await acme.employees.list()).toEqual([]);
      expect(await acme.employees.count()).toBe(0);
      expect(await acme.employees.update(olga.id, { name: 'Mallory' })).toBeUndefined();
      expect(await acme.employees.remove(olga.id)).toBe(false);
      expect(await acme.sipNumbers.get('0000009')).toBeUndefined();
      expect(await acme.sipNumbers.getByEmployee(olga.id)).toBeUndefined();
      expect(await acme.sipNumbers.list()).toEqual([]);
      expect(await acme.sipNumbers.updateSettings('0000009', { enabled: false })).toBeUndefined();
      expect(await acme.sipNumbers.setHa1('0000009', 'stolen')).toBe(false);
      expect(await acme.sipNumbers.setChosenCallerId('0000009', '+74951111111')).toBe(false);
      expect(await acme.sipNumbers.remove('0000009')).toBe(false);
      expect(await other.sipNumbers.get('0000009')).toMatchObject({
        employeeName: 'Olga',
        ha1: 'h',
        enabled: true,
      });
    });
  });

  describe('operators and settings', () => {
    it('operators are found by token hash; names are unique', async () => {
      const { store } = t;
      const op = await store.operators.create({ name: 'provisioning', tokenHash: 'hash1' });
      expect((await store.operators.getByTokenHash('hash1'))?.id).toBe(op.id);
      expect(await store.operators.getByTokenHash('nope')).toBeUndefined();
      await expect(
        store.operators.create({ name: 'provisioning', tokenHash: 'hash2' }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.operators.list()).map((o) => o.name)).toEqual(['provisioning']);
      expect(await store.operators.remove('provisioning')).toBe(true);
      expect(await store.operators.remove('provisioning')).toBe(false);
    });

    it('keeps the domain once set', async () => {
      expect(await t.store.settings.get('domain')).toBeUndefined();
      await t.store.settings.set('domain', 'corp.example');
      await t.store.settings.set('domain', 'corp2.example');
      const again = await t.openAgain();
      expect(await again.settings.get('domain')).toBe('corp2.example');
      expect(await again.directorySource.domain()).toBe('corp2.example');
    });
  });

  describe('apiSessions', () => {
    const open = (
      tokenHash: string,
      role: 'admin' | 'employee',
      subjectId: number,
      expiresAt: number,
    ) =>
      t.store.apiSessions.create({
        tokenHash,
        role,
        subjectId,
        companyId: t.companyId,
        createdAt: 1,
        expiresAt,
      });

    it('creates, gets, slides the expiry and removes', async () => {
      const { store } = t;
      await open('h1', 'admin', 7, 100);
      expect(await store.apiSessions.get('h1')).toEqual({
        tokenHash: 'h1',
        role: 'admin',
        subjectId: 7,
        companyId: t.companyId,
        createdAt: 1,
        expiresAt: 100,
      });
      await store.apiSessions.setExpiry('h1', 500);
      expect((await store.apiSessions.get('h1'))?.expiresAt).toBe(500);
      await expect(open('h1', 'admin', 7, 100)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.apiSessions.remove('h1')).toBe(true);
      expect(await store.apiSessions.remove('h1')).toBe(false);
      await expect(open('h2', 'root' as 'admin', 1, 2)).rejects.toThrow(/CHECK|check constraint/i);
    });

    it('removes expired sessions, and every session of one subject and role', async () => {
      const { store } = t;
      await open('old', 'employee', 1, 100);
      await open('edge', 'employee', 2, 200);
      await open('fresh', 'employee', 3, 201);
      expect(await store.apiSessions.removeExpired(200)).toBe(2);
      expect((await store.apiSessions.get('fresh'))?.subjectId).toBe(3);
      await open('e1', 'employee', 7, 900);
      await open('e2', 'employee', 7, 900);
      await open('a7', 'admin', 7, 900);
      expect(await store.apiSessions.removeBySubject('employee', 7)).toBe(2);
      expect((await store.apiSessions.get('a7'))?.role).toBe('admin');
      expect(await store.apiSessions.removeBySubject('employee', 7)).toBe(0);
    });
  });
}
