import { describe, expect, it } from 'vitest';
import type { Change, CompanyStore } from '../store';
import type { ContractContext } from './harness';

/** Per-device SIP credentials: kept as HA1s, revoked with the device, the number or its password. */
export function deviceCredentialsContract(t: ContractContext): void {
  describe('deviceCredentials', () => {
    const issue = (company: CompanyStore, number: string, device: string, instance = device) =>
      company.deviceCredentials.create({
        username: `${number}.${device.padEnd(20, '0')}`,
        sipNumber: number,
        instance,
        ha1: `md5-${device}`,
        ha1Sha256: `sha-${device}`,
      });
    const names = async (number = '0000001') =>
      (await t.acme.deviceCredentials.listByNumber(number)).map((c) => c.username.slice(8, 9));

    it('creates, finds by user name across the PBX, lists oldest first and revokes', async () => {
      await t.hire('Anna', '0000001');
      const a = await issue(t.acme, '0000001', 'a', 'urn-a');
      await issue(t.acme, '0000001', 'b', 'urn-b');
      await issue(t.acme, '0000001', 'c', 'urn-b');
      expect(a).toMatchObject({
        companyId: t.companyId,
        sipNumber: '0000001',
        instance: 'urn-a',
        ha1: 'md5-a',
        ha1Sha256: 'sha-a',
      });
      expect(await t.store.deviceCredentials.get(a.username)).toEqual(a);
      expect(await names()).toEqual(['a', 'b', 'c']);
      expect(await t.acme.deviceCredentials.removeByInstance('0000001', 'urn-b')).toBe(2);
      expect(await t.acme.deviceCredentials.remove('0000001', a.username)).toBe(true);
      expect(await t.acme.deviceCredentials.remove('0000001', a.username)).toBe(false);
      expect(await names()).toEqual([]);
      expect(await t.store.deviceCredentials.get(a.username)).toBeUndefined();
    });

    it('revokes all of a number on a new password and on disabling, not on other settings', async () => {
      await t.hire('Anna', '0000001');
      await t.hire('Boris', '0000002');
      await issue(t.acme, '0000001', 'a');
      await issue(t.acme, '0000002', 'b');
      await t.acme.sipNumbers.updateSettings('0000001', { channels: 3, multiTerminal: true });
      expect(await names()).toEqual(['a']);
      await t.acme.sipNumbers.setHa1('0000001', 'new');
      expect(await names()).toEqual([]);
      expect(await names('0000002')).toEqual(['b']);
      await t.acme.sipNumbers.updateSettings('0000002', { enabled: false });
      expect(await names('0000002')).toEqual([]);
    });

    it('go with their number and employee, and are not another company’s', async () => {
      const anna = await t.hire('Anna', '0000001');
      const other = await t.other();
      await t.hire('Olga', '0000009', other);
      const mine = await issue(t.acme, '0000001', 'a');
      await expect(issue(other, '0000001', 'x')).rejects.toThrow();
      expect(await other.deviceCredentials.listByNumber('0000001')).toEqual([]);
      expect(await other.deviceCredentials.remove('0000001', mine.username)).toBe(false);
      expect(await other.deviceCredentials.removeByInstance('0000001', mine.instance)).toBe(0);
      expect(await t.store.directorySource.deviceCredentials()).toEqual([mine]);
      await t.acme.employees.remove(anna.id);
      expect(await t.store.directorySource.deviceCredentials()).toEqual([]);
    });

    it('announces each change under the SIP number, a revoking password too', async () => {
      await t.hire('Anna', '0000001');
      const heard: Change[] = [];
      const feed = t.store.changes();
      const stop = feed.subscribe((changes) => heard.push(...changes));
      await feed.sync();
      await issue(t.acme, '0000001', 'a');
      await t.acme.sipNumbers.setHa1('0000001', 'new');
      await t.acme.sipNumbers.setHa1('0000001', 'newer'); // nothing left to revoke
      await feed.sync();
      stop();
      expect(heard.map((c) => `${c.entity}:${c.key}`)).toEqual([
        'device-credential:0000001',
        'sip-number:0000001',
        'device-credential:0000001',
        'sip-number:0000001',
      ]);
      expect(await t.store.directorySource.deviceCredentials('0000001')).toEqual([]);
    });
  });
}
