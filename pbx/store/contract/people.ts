import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../store';
import { CHECK, FOREIGN_KEY, type ContractContext } from './harness';

/** Employees, SIP numbers and admin accounts. */
export function peopleContract(t: ContractContext): void {
  describe('employees', () => {
    it('lists by name with SIP numbers, searches name, e-mail and number, and pages', async () => {
      const { acme } = t;
      await t.hire('Boris Petrov', '0000002');
      await acme.employees.update((await acme.employees.getBySipNumber('0000002'))!.id, {
        email: 'boris@acme.example',
      });
      await t.hire('Анна Иванова', '0000001');
      await t.hire('Vera Sidorova', '0000003');
      await t.hire('Boris Other', '0000004', await t.other());
      const names = async (query?: object) => (await acme.employees.list(query)).map((e) => e.name);
      expect((await acme.employees.list()).map((e) => [e.name, e.sipNumber])).toEqual([
        ['Boris Petrov', '0000002'],
        ['Vera Sidorova', '0000003'],
        ['Анна Иванова', '0000001'],
      ]);
      expect(await names({ search: 'анна' })).toEqual(['Анна Иванова']);
      expect(await names({ search: 'АННА' })).toEqual(['Анна Иванова']);
      expect(await names({ search: 'ACME' })).toEqual(['Boris Petrov']);
      expect(await names({ search: '0003' })).toEqual(['Vera Sidorova']);
      expect(await names({ search: '%' })).toEqual([]);
      expect(await names({ search: '_' })).toEqual([]);
      expect(await acme.employees.count()).toBe(3);
      expect(await acme.employees.count('boris')).toBe(1);
      expect(await names({ offset: 1, limit: 1 })).toEqual(['Vera Sidorova']);
    });

    it('updates, finds by SIP number and removes', async () => {
      const { acme } = t;
      const e = await t.hire('Anna', '0123456');
      expect((await acme.employees.getBySipNumber('0123456'))?.id).toBe(e.id);
      expect(await acme.employees.update(e.id, { email: 'a@acme.example' })).toMatchObject({
        name: 'Anna',
        email: 'a@acme.example',
      });
      expect((await acme.employees.update(e.id, { name: 'Anna I.' }))?.email).toBe(
        'a@acme.example',
      );
      expect((await acme.sipNumbers.get('0123456'))?.employeeName).toBe('Anna I.');
      expect(await acme.employees.remove(e.id)).toBe(true);
      expect(await acme.employees.remove(e.id)).toBe(false);
      expect(await acme.employees.update(e.id, { name: 'x' })).toBeUndefined();
    });
  });

  describe('sipNumbers', () => {
    it('creates with defaults and updates settings within the allowed range', async () => {
      const { acme } = t;
      const e = await t.hire('Anna', '0123456');
      expect(await acme.sipNumbers.get('0123456')).toMatchObject({
        employeeId: e.id,
        companyId: t.companyId,
        enabled: true,
        multiTerminal: false,
        channels: 1,
        callerIdMode: 'fixed',
        fixedCallerId: null,
        employeeMayChooseCallerId: false,
        internationalAllowed: false,
        premiumAllowed: false,
        chosenCallerId: null,
      });
      expect(
        await acme.sipNumbers.updateSettings('0123456', { channels: 2, multiTerminal: true }),
      ).toMatchObject({ channels: 2, multiTerminal: true, enabled: true });
      await expect(acme.sipNumbers.updateSettings('0123456', { channels: 11 })).rejects.toThrow(
        CHECK,
      );
      expect(await acme.sipNumbers.updateSettings('0999999', { channels: 2 })).toBeUndefined();
    });

    it('keeps destination bars and the chosen caller ID through other patches', async () => {
      const { acme } = t;
      const e = await acme.employees.create({ name: 'Boris' });
      expect(
        await acme.sipNumbers.create({
          number: '0000002',
          employeeId: e.id,
          ha1: 'h',
          premiumAllowed: true,
        }),
      ).toMatchObject({ internationalAllowed: false, premiumAllowed: true });
      expect(await acme.sipNumbers.setChosenCallerId('0000002', '+78121234567')).toBe(true);
      await acme.sipNumbers.updateSettings('0000002', { internationalAllowed: true });
      await acme.sipNumbers.updateSettings('0000002', {
        channels: 3,
        internationalAllowed: undefined,
      });
      expect(await acme.sipNumbers.getByEmployee(e.id)).toMatchObject({
        internationalAllowed: true,
        premiumAllowed: true,
        channels: 3,
        chosenCallerId: '+78121234567',
      });
      expect(await acme.sipNumbers.setChosenCallerId('0000002', null)).toBe(true);
      expect((await acme.sipNumbers.get('0000002'))?.chosenCallerId).toBeNull();
      expect(await acme.sipNumbers.setChosenCallerId('0999999', '+78121234567')).toBe(false);
    });

    it('sets HA1 with the change time, lists and removes', async () => {
      const { acme } = t;
      await t.hire('Anna', '0123456');
      const before = (await acme.sipNumbers.get('0123456'))!.passwordChangedAt;
      expect(await acme.sipNumbers.setHa1('0123456', 'new')).toBe(true);
      const after = (await acme.sipNumbers.get('0123456'))!;
      expect(after.ha1).toBe('new');
      expect(after.passwordChangedAt).toBeGreaterThan(before);
      expect((await acme.sipNumbers.list()).map((s) => s.number)).toEqual(['0123456']);
      expect(await acme.sipNumbers.remove('0123456')).toBe(true);
      expect(await acme.sipNumbers.getByEmployee(after.employeeId)).toBeUndefined();
    });

    it('keeps a SHA-256 HA1 beside the MD5 one, replaced or cleared with it', async () => {
      const { acme } = t;
      const anna = await acme.employees.create({ name: 'Anna' });
      await acme.sipNumbers.create({
        number: '0123457',
        employeeId: anna.id,
        ha1: 'md5-1',
        ha1Sha256: 'sha-1',
      });
      expect(await acme.sipNumbers.get('0123457')).toMatchObject({
        ha1: 'md5-1',
        ha1Sha256: 'sha-1',
      });
      await acme.sipNumbers.setHa1('0123457', 'md5-2', 'sha-2');
      expect(await t.store.sipNumbers.get('0123457')).toMatchObject({
        ha1: 'md5-2',
        ha1Sha256: 'sha-2',
      });
      // A new MD5 HA1 alone leaves no SHA-256 one of the old password behind.
      await acme.sipNumbers.setHa1('0123457', 'md5-3');
      expect((await acme.sipNumbers.get('0123457'))?.ha1Sha256).toBeNull();
      // A number made without one (older data) has none.
      await t.hire('Boris', '0123458');
      expect((await acme.sipNumbers.get('0123458'))?.ha1Sha256).toBeNull();
    });

    it('counts a number as taken while a call record names it, in any company', async () => {
      const { acme, store } = t;
      const e = await t.hire('Anna', '0123456');
      await store.callRecords.insert({
        callId: 'c1',
        companyId: t.companyId,
        callerNumber: '+78121234567',
        callerName: null,
        calleeNumber: '0123456',
        calleeName: 'Anna',
        callerDevice: 'trunk',
        startedAt: 5,
      });
      await acme.employees.remove(e.id);
      expect(await acme.sipNumbers.get('0123456')).toBeUndefined();
      const other = await t.other();
      expect(await other.sipNumbers.isTaken('0123456')).toBe(true);
      expect(await other.sipNumbers.isTaken('0654321')).toBe(false);
    });

    it('refuses a number taken by another company and an employee of another company', async () => {
      const other = await t.other();
      const anna = await t.hire('Anna', '0123456');
      const olga = await other.employees.create({ name: 'Olga' });
      await expect(
        other.sipNumbers.create({ number: '0123456', employeeId: olga.id, ha1: 'h' }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      const boris = await t.acme.employees.create({ name: 'Boris' });
      await expect(
        other.sipNumbers.create({ number: '0654321', employeeId: boris.id, ha1: 'h' }),
      ).rejects.toThrow(FOREIGN_KEY);
      await expect(
        t.acme.sipNumbers.create({ number: '12345', employeeId: anna.id, ha1: 'h' }),
      ).rejects.toThrow(CHECK);
    });

    it('deleting an employee deletes its SIP number', async () => {
      const e = await t.hire('Anna', '0123456');
      expect((await t.store.sipNumbers.get('0123456'))?.employeeName).toBe('Anna');
      expect(await t.acme.employees.remove(e.id)).toBe(true);
      expect(await t.store.sipNumbers.get('0123456')).toBeUndefined();
    });
  });

  describe('admins', () => {
    it('stores admins with lower-case e-mails, unique across the PBX', async () => {
      const { acme, store } = t;
      const a = await acme.admins.create({ email: 'Boss@Acme.example', passwordHash: 'h' });
      expect((await store.admins.getByEmail('BOSS@acme.example'))?.id).toBe(a.id);
      const other = await t.other();
      await expect(
        other.admins.create({ email: 'boss@acme.example', passwordHash: 'h' }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect(await acme.admins.setPasswordHash(a.id, 'h2')).toBe(true);
      expect((await store.admins.get(a.id))?.passwordHash).toBe('h2');
      expect(await acme.admins.list()).toHaveLength(1);
      expect(await other.admins.get(a.id)).toBeUndefined();
      expect(await other.admins.setPasswordHash(a.id, 'h3')).toBe(false);
      expect(await other.admins.remove(a.id)).toBe(false);
      expect(await acme.admins.remove(a.id)).toBe(true);
    });
  });
}
