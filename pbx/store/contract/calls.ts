import { describe, expect, it } from 'vitest';
import type { NewCallRecord, RegionRule } from '../store';
import { CHECK, FOREIGN_KEY, type ContractContext } from './harness';

/** Call records (the SIP path's writes, a company's reads) and region rules. */
export function callsContract(t: ContractContext): void {
  describe('callRecords', () => {
    const base = () => ({
      companyId: t.companyId,
      callerNumber: '0000001',
      callerName: 'Anna',
      calleeNumber: '0000002',
      calleeName: 'Boris',
      callerDevice: 'softphone-desktop',
    });

    it('records a call through answer and end, newest first, names as they were', async () => {
      const { store, acme } = t;
      const first = await store.callRecords.insert({ ...base(), callId: 'a', startedAt: 10 });
      const second = await store.callRecords.insert({ ...base(), callId: 'b', startedAt: 20 });
      await store.callRecords.markAnswered(first, 12, 'softphone-web');
      await store.callRecords.markEnded(first, 30, 'answered', 200);
      await store.callRecords.markEnded(second, 25, 'busy', 486);
      expect(await store.callRecords.getByCallId('a')).toEqual({
        id: first,
        callId: 'a',
        ...base(),
        calleeDevice: 'softphone-web',
        startedAt: 10,
        answeredAt: 12,
        endedAt: 30,
        result: 'answered',
        status: 200,
        direction: 'internal',
        clientNumber: null,
        companyNumber: null,
        callerIdReason: null,
        transferredBy: null,
        endReason: null,
      });
      const ids = async (query?: object) =>
        (await acme.callRecords.list(query)).map((r) => r.callId);
      expect(await ids()).toEqual(['b', 'a']);
      expect(await ids({ limit: 1 })).toEqual(['b']);
      expect(await ids({ number: '0000009' })).toEqual([]);
      expect(await ids({ number: '0000002' })).toEqual(['b', 'a']);
      expect(await store.callRecords.getByCallId('zzz')).toBeUndefined();
      expect((await acme.callRecords.get(first))?.callId).toBe('a');
      const other = await t.other();
      expect(await other.callRecords.list()).toEqual([]);
      expect(await other.callRecords.get(first)).toBeUndefined();
    });

    it('refuses a direction it does not know', async () => {
      await expect(
        t.store.callRecords.insert({
          ...base(),
          callId: 'x',
          startedAt: 1,
          direction: 'sideways' as 'internal',
        }),
      ).rejects.toThrow(CHECK);
    });

    const CLIENT = '+78121234567';
    let seq = 0;
    const call = async (patch: Partial<NewCallRecord> = {}, answeredAt: number | null = null) => {
      const id = await t.store.callRecords.insert({
        ...base(),
        callId: `c${++seq}`,
        calleeNumber: CLIENT,
        calleeName: null,
        startedAt: 100 * seq,
        direction: 'outgoing',
        clientNumber: CLIENT,
        companyNumber: '+78120000001',
        ...patch,
      });
      if (answeredAt !== null) await t.store.callRecords.markAnswered(id, answeredAt, 'web');
      return id;
    };

    it('finds the latest answered call with the client, in either direction', async () => {
      const { acme } = t;
      expect(await acme.callRecords.latestAnsweredWithClient(CLIENT)).toBeUndefined();
      await call({ companyNumber: '+78120000001' }, 1_000);
      await call(
        {
          direction: 'incoming',
          callerNumber: CLIENT,
          calleeNumber: '0000001',
          companyNumber: '+78120000002',
        },
        3_000,
      );
      await call({ companyNumber: '+78120000003' }, 2_000); // started later, answered earlier
      await call({ companyNumber: '+78120000004' }); // never answered
      await call({ companyNumber: null }, 9_000); // not a call through the carrier
      expect(await acme.callRecords.latestAnsweredWithClient(CLIENT)).toEqual({
        companyNumber: '+78120000002',
        answeredAt: 3_000,
      });
    });

    it('breaks a tie in answer time by the later record, one company and client only', async () => {
      const { acme } = t;
      await call({ companyNumber: '+78120000001' }, 5_000);
      await call({ companyNumber: '+78120000002' }, 5_000);
      await call({ clientNumber: '+78129999999', companyNumber: '+78120000003' }, 7_000);
      const other = await t.other();
      await call({ companyId: other.companyId, companyNumber: '+74950000001' }, 8_000);
      expect(await acme.callRecords.latestAnsweredWithClient(CLIENT)).toEqual({
        companyNumber: '+78120000002',
        answeredAt: 5_000,
      });
      expect((await other.callRecords.latestAnsweredWithClient(CLIENT))?.companyNumber).toBe(
        '+74950000001',
      );
      expect(await acme.callRecords.latestAnsweredWithClient('+70000000000')).toBeUndefined();
      expect(await t.store.directorySource.familiarOf(t.companyId, CLIENT)).toMatchObject({
        companyNumber: '+78120000002',
      });
    });
  });

  describe('after a crash (issue 20)', () => {
    const call = (callId: string, node?: string) => ({
      companyId: t.companyId,
      callerNumber: '0000001',
      callerName: 'Anna',
      calleeNumber: '0000002',
      calleeName: 'Boris',
      callerDevice: 'sipp',
      callId,
      startedAt: 10,
      ...(node ? { node } : {}),
    });

    it("ends the calls a server left open, its own and unnamed ones, not another's", async () => {
      const { store } = t;
      const open = await store.callRecords.insert(call('open', 'pbx-a'));
      const ended = await store.callRecords.insert(call('ended', 'pbx-a'));
      await store.callRecords.markEnded(ended, 20, 'answered', 200);
      await store.callRecords.insert(call('unnamed'));
      await store.callRecords.insert(call('elsewhere', 'pbx-b'));
      expect(await store.callRecords.endLeftOpen('pbx-a', 99, 'PBX restarted')).toBe(2);
      expect(await store.callRecords.get(open)).toMatchObject({
        endedAt: 99,
        result: 'failed',
        status: null,
        endReason: 'PBX restarted',
      });
      expect(await store.callRecords.getByCallId('unnamed')).toMatchObject({ result: 'failed' });
      expect(await store.callRecords.get(ended)).toMatchObject({
        result: 'answered',
        endReason: null,
      });
      expect(await store.callRecords.getByCallId('elsewhere')).toMatchObject({ endedAt: null });
      expect(await store.callRecords.endLeftOpen('pbx-a', 100, 'PBX restarted')).toBe(0);
    });

    it('keeps UDP bindings per server, replaced by key, removed, and forgotten once expired', async () => {
      const { udpBindings } = t.store;
      const binding = (key: string, expiresAt: number, port = 5062) => ({
        sipNumber: '0000001',
        key,
        expiresAt,
        data: {
          contact: `sip:0000001@127.0.0.1:${port}`,
          contactParams: { '+sip.instance': '"<urn:uuid:1>"', lr: null },
          address: '127.0.0.1',
          port,
          deviceKind: 'third-party',
          callId: 'reg-1',
          cseq: 3,
          registeredAt: 5,
        },
      });
      await udpBindings.save('pbx-a', [binding('k1', 1000), binding('k2', 50)]);
      await udpBindings.save('pbx-a', [binding('k1', 2000, 5070)]);
      await udpBindings.save('pbx-b', [binding('k3', 1000)]);
      expect(await udpBindings.load('pbx-a', 100)).toEqual([binding('k1', 2000, 5070)]);
      // Expired ones were deleted, not just skipped.
      expect(await udpBindings.load('pbx-a', 0)).toHaveLength(1);
      await udpBindings.remove('pbx-a', [{ sipNumber: '0000001', key: 'k1' }]);
      expect(await udpBindings.load('pbx-a', 100)).toEqual([]);
      expect(await udpBindings.load('pbx-b', 100)).toEqual([binding('k3', 1000)]);
    });
  });

  describe('regionRules', () => {
    const rule = (
      sipNumber: string | null,
      patch: Partial<Omit<RegionRule, 'id'>> = {},
      of = t.acme,
    ) =>
      of.regionRules.create({
        sipNumber,
        region: 'Saint Petersburg',
        numbers: ['+78120000001', '+78120000002'],
        effect: 'allow',
        ...patch,
      });

    it('creates, gets, lists by SIP number in creation order and removes', async () => {
      const { acme } = t;
      await t.hire('Anna', '0000001');
      await t.hire('Boris', '0000002');
      const first = await rule('0000001');
      const second = await rule('0000001', { region: 'Moscow', numbers: [], effect: 'deny' });
      await rule('0000002');
      expect(await acme.regionRules.get(first.id)).toEqual({
        id: first.id,
        companyId: t.companyId,
        sipNumber: '0000001',
        region: 'Saint Petersburg',
        numbers: ['+78120000001', '+78120000002'],
        codes: [],
        numberRegions: [],
        effect: 'allow',
        createdAt: first.createdAt,
      });
      expect(first.createdAt).toBeGreaterThanOrEqual(1_000);
      expect(await acme.regionRules.listBySipNumber('0000001')).toEqual([first, second]);
      const other = await t.other();
      expect(await other.regionRules.get(first.id)).toBeUndefined();
      expect(await other.regionRules.remove(first.id)).toBe(false);
      expect(await acme.regionRules.remove(first.id)).toBe(true);
      expect(await acme.regionRules.remove(first.id)).toBe(false);
      expect(await acme.regionRules.listBySipNumber('0000001')).toEqual([second]);
      expect(await acme.regionRules.listBySipNumber('0999999')).toEqual([]);
    });

    it('go with their SIP number: removing the number or the employee deletes them', async () => {
      const anna = await t.hire('Anna', '0000001');
      await t.hire('Boris', '0000002');
      const annas = await rule('0000001');
      const boris = await rule('0000002');
      await t.acme.employees.remove(anna.id);
      expect(await t.acme.regionRules.get(annas.id)).toBeUndefined();
      await t.acme.sipNumbers.remove('0000002');
      expect(await t.acme.regionRules.get(boris.id)).toBeUndefined();
    });

    it("refuses an unknown SIP number or another company's, a bad effect or region", async () => {
      await t.hire('Anna', '0000001');
      await expect(rule('0999999')).rejects.toThrow(FOREIGN_KEY);
      await expect(rule('0000001', {}, await t.other())).rejects.toThrow(FOREIGN_KEY);
      await expect(rule('0000001', { effect: 'maybe' as 'allow' })).rejects.toThrow(CHECK);
      await expect(rule('0000001', { region: '' })).rejects.toThrow(CHECK);
      expect(await t.acme.regionRules.listBySipNumber('0000001')).toEqual([]);
    });

    it('keep area codes and regions of company numbers beside the numbers they list', async () => {
      await t.hire('Anna', '0000001');
      const byCode = await rule('0000001', {
        numbers: [],
        codes: ['812', '813'],
        numberRegions: ['Санкт-Петербург'],
      });
      expect(await t.acme.regionRules.get(byCode.id)).toMatchObject({
        numbers: [],
        codes: ['812', '813'],
        numberRegions: ['Санкт-Петербург'],
      });
    });

    it('company-wide rules have no SIP number, are listed apart and stay with the company', async () => {
      const anna = await t.hire('Anna', '0000001');
      const own = await rule('0000001');
      const first = await rule(null, { codes: ['812'], numbers: [] });
      const second = await rule(null, { region: 'Moscow', effect: 'deny' });
      expect(first).toMatchObject({ sipNumber: null, codes: ['812'], companyId: t.companyId });
      expect(await t.acme.regionRules.listCompanyWide()).toEqual([first, second]);
      expect(await t.acme.regionRules.listBySipNumber('0000001')).toEqual([own]);
      const other = await t.other();
      expect(await other.regionRules.listCompanyWide()).toEqual([]);
      expect(await other.regionRules.remove(first.id)).toBe(false);
      await t.acme.employees.remove(anna.id);
      expect(await t.acme.regionRules.listCompanyWide()).toEqual([first, second]);
      expect(await t.acme.regionRules.remove(first.id)).toBe(true);
      expect(await t.acme.regionRules.listCompanyWide()).toEqual([second]);
    });
  });
}
