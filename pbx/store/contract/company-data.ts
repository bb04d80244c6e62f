import { describe, expect, it } from 'vitest';
import { StoreConflictError, type CompanyStore, type NewCompanyNumber } from '../store';
import { CHECK, FOREIGN_KEY, type ContractContext } from './harness';

/** Absence periods, company numbers and the audit log: what a company's admin edits. */
export function companyDataContract(t: ContractContext): void {
  describe('absences', () => {
    const HOUR = 3_600_000;
    const absent = (employeeId: number, from: number, to: number, forward: number | null = null) =>
      t.acme.absences.create({
        employeeId,
        from,
        to,
        reason: 'vacation',
        forwardToEmployeeId: forward,
      });

    it('creates, gets, lists by start and removes', async () => {
      const { acme } = t;
      const anna = await t.hire('Anna', '0000001');
      const boris = await t.hire('Boris', '0000002');
      const later = await absent(anna.id, 10 * HOUR, 12 * HOUR);
      const earlier = await absent(anna.id, 2 * HOUR, 4 * HOUR, boris.id);
      expect(await acme.absences.get(earlier.id)).toEqual({
        id: earlier.id,
        companyId: t.companyId,
        employeeId: anna.id,
        from: 2 * HOUR,
        to: 4 * HOUR,
        reason: 'vacation',
        forwardToEmployeeId: boris.id,
        createdAt: earlier.createdAt,
      });
      expect((await acme.absences.listByEmployee(anna.id)).map((a) => a.id)).toEqual([
        earlier.id,
        later.id,
      ]);
      expect(await acme.absences.listByEmployee(boris.id)).toEqual([]);
      expect(await (await t.other()).absences.get(later.id)).toBeUndefined();
      expect(await acme.absences.remove(later.id)).toBe(true);
      expect(await acme.absences.remove(later.id)).toBe(false);
      expect(await acme.absences.get(later.id)).toBeUndefined();
    });

    it('keeps an empty reason and refuses an empty or reversed period', async () => {
      const anna = await t.hire('Anna', '0000001');
      const a = await t.acme.absences.create({
        employeeId: anna.id,
        from: 1,
        to: 2,
        reason: '',
        forwardToEmployeeId: null,
      });
      expect(a.reason).toBe('');
      await expect(absent(anna.id, 5, 5)).rejects.toThrow(CHECK);
      await expect(absent(anna.id, 6, 5)).rejects.toThrow(CHECK);
    });

    it("refuses another company's employee, as the absent one or as the colleague", async () => {
      const other = await t.other();
      const anna = await t.hire('Anna', '0000001');
      const olga = await t.hire('Olga', '0000009', other);
      const period = { from: 1, to: 2, reason: '', forwardToEmployeeId: null };
      await expect(other.absences.create({ ...period, employeeId: anna.id })).rejects.toThrow(
        FOREIGN_KEY,
      );
      await expect(
        t.acme.absences.create({ ...period, employeeId: anna.id, forwardToEmployeeId: olga.id }),
      ).rejects.toThrow(/no employee/);
    });

    it('finds overlaps of half-open periods: touching ones do not overlap', async () => {
      const anna = await t.hire('Anna', '0000001');
      const boris = await t.hire('Boris', '0000002');
      const p = await absent(anna.id, 10, 20);
      await absent(boris.id, 0, 100);
      const ids = async (from: number, to: number) =>
        (await t.acme.absences.overlapping(anna.id, from, to)).map((a) => a.id);
      expect(await ids(0, 10)).toEqual([]);
      expect(await ids(20, 30)).toEqual([]);
      expect(await ids(0, 11)).toEqual([p.id]);
      expect(await ids(19, 30)).toEqual([p.id]);
      expect(await ids(12, 15)).toEqual([p.id]);
      expect(await ids(0, 100)).toEqual([p.id]);
      const q = await absent(anna.id, 20, 30);
      expect(await ids(15, 25)).toEqual([p.id, q.id]);
      expect(await ids(20, 21)).toEqual([q.id]);
    });

    it('current() is the period with from <= at < to, the later-starting of two', async () => {
      const anna = await t.hire('Anna', '0000001');
      const p = await absent(anna.id, 10, 20);
      const q = await absent(anna.id, 20, 30);
      const inner = await absent(anna.id, 12, 15);
      const at = async (ms: number) => (await t.acme.absences.current(anna.id, ms))?.id;
      expect(await at(9)).toBeUndefined();
      expect(await at(10)).toBe(p.id);
      expect(await at(13)).toBe(inner.id);
      expect(await at(19)).toBe(p.id);
      expect(await at(20)).toBe(q.id);
      expect(await at(30)).toBeUndefined();
    });

    it('deleting an employee removes their periods and clears forwards to them', async () => {
      const anna = await t.hire('Anna', '0000001');
      const boris = await t.hire('Boris', '0000002');
      const annas = await absent(anna.id, 10, 20, boris.id);
      const boriss = await absent(boris.id, 10, 20, anna.id);
      expect(await t.acme.employees.remove(boris.id)).toBe(true);
      expect(await t.acme.absences.get(boriss.id)).toBeUndefined();
      expect((await t.acme.absences.get(annas.id))?.forwardToEmployeeId).toBeNull();
    });
  });

  describe('companyNumbers', () => {
    const add = (number: string, patch: Partial<NewCompanyNumber> = {}, of?: CompanyStore) =>
      (of ?? t.acme).companyNumbers.create({
        number,
        region: null,
        enabled: true,
        isDefault: false,
        inboundEmployeeId: null,
        ...patch,
      });
    const defaults = async (of?: CompanyStore) =>
      (await (of ?? t.acme).companyNumbers.list()).filter((n) => n.isDefault).map((n) => n.number);

    it('creates, finds by id and number, lists by number, updates and removes', async () => {
      const { acme } = t;
      const anna = await t.hire('Anna', '0000001');
      const b = await add('+78122222222', {
        region: 'Saint Petersburg',
        inboundEmployeeId: anna.id,
      });
      const a = await add('+74951111111', { enabled: false });
      expect(await acme.companyNumbers.get(b.id)).toEqual({
        id: b.id,
        companyId: t.companyId,
        number: '+78122222222',
        region: 'Saint Petersburg',
        enabled: true,
        isDefault: false,
        inboundEmployeeId: anna.id,
        createdAt: b.createdAt,
      });
      expect((await acme.companyNumbers.getByNumber('+74951111111'))?.id).toBe(a.id);
      expect(await acme.companyNumbers.getByNumber('+70000000000')).toBeUndefined();
      expect((await acme.companyNumbers.list()).map((n) => n.number)).toEqual([
        '+74951111111',
        '+78122222222',
      ]);
      expect(
        await acme.companyNumbers.update(a.id, { enabled: true, region: 'Moscow' }),
      ).toMatchObject({
        enabled: true,
        region: 'Moscow',
        isDefault: false,
        inboundEmployeeId: null,
      });
      expect((await acme.companyNumbers.update(b.id, { region: undefined }))?.region).toBe(
        'Saint Petersburg',
      );
      expect(
        await acme.companyNumbers.update(b.id, { region: null, inboundEmployeeId: null }),
      ).toMatchObject({ region: null, inboundEmployeeId: null });
      expect(await acme.companyNumbers.update(999, { enabled: false })).toBeUndefined();
      expect(await acme.companyNumbers.remove(a.id)).toBe(true);
      expect(await acme.companyNumbers.remove(a.id)).toBe(false);
      expect((await acme.companyNumbers.list()).map((n) => n.id)).toEqual([b.id]);
    });

    it('keeps one default per company: create and update move the flag', async () => {
      const other = await t.other();
      const first = await add('+74951111111', { isDefault: true });
      const theirs = await add('+74959999999', { isDefault: true }, other);
      const second = await add('+74952222222', { isDefault: true });
      expect(await defaults()).toEqual(['+74952222222']);
      expect((await t.acme.companyNumbers.get(first.id))?.isDefault).toBe(false);
      const third = await add('+74953333333');
      expect((await t.acme.companyNumbers.update(third.id, { isDefault: true }))?.isDefault).toBe(
        true,
      );
      expect(await defaults()).toEqual(['+74953333333']);
      expect((await t.acme.companyNumbers.update(third.id, { enabled: false }))?.isDefault).toBe(
        true,
      );
      await t.acme.companyNumbers.update(third.id, { isDefault: false });
      expect(await defaults()).toEqual([]);
      expect((await t.acme.companyNumbers.get(second.id))?.isDefault).toBe(false);
      expect(await defaults(other)).toEqual([theirs.number]);
    });

    it('moving the default joins an outer transaction and rolls back with it', async () => {
      await add('+74951111111', { isDefault: true });
      await expect(
        t.acme.withTransaction(async (tx) => {
          await add('+74952222222', { isDefault: true }, tx);
          expect(await defaults(tx)).toEqual(['+74952222222']);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await defaults()).toEqual(['+74951111111']);
      expect(await t.acme.companyNumbers.getByNumber('+74952222222')).toBeUndefined();
    });

    it('a number is unique across companies; a failed create keeps the old default', async () => {
      const other = await t.other();
      const first = await add('+74951111111', { isDefault: true });
      await expect(add('+74951111111', {}, other)).rejects.toBeInstanceOf(StoreConflictError);
      await expect(add('+74951111111', { isDefault: true })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await t.acme.companyNumbers.get(first.id))?.isDefault).toBe(true);
      expect(await other.companyNumbers.list()).toEqual([]);
      expect(await other.companyNumbers.getByNumber('+74951111111')).toBeUndefined();
      expect(await other.companyNumbers.isTaken('+74951111111')).toBe(true);
      expect(await other.companyNumbers.get(first.id)).toBeUndefined();
      expect(await other.companyNumbers.update(first.id, { enabled: false })).toBeUndefined();
      expect(await other.companyNumbers.remove(first.id)).toBe(false);
    });

    it("routes inbound calls only to the company's own employees", async () => {
      const other = await t.other();
      const olga = await t.hire('Olga', '0000009', other);
      await expect(add('+74951111111', { inboundEmployeeId: olga.id })).rejects.toThrow(
        /no employee/,
      );
      const anna = await t.hire('Anna', '0000001');
      const n = await add('+74951111111', { inboundEmployeeId: anna.id });
      await t.acme.employees.remove(anna.id);
      expect((await t.acme.companyNumbers.get(n.id))?.inboundEmployeeId).toBeNull();
    });
  });

  describe('audit', () => {
    const entry = (at: number, action: string, of?: CompanyStore) =>
      (of ?? t.acme).audit.append({
        actor: 'boss@acme.example',
        action,
        target: 'employee 1 (0000001)',
        before: null,
        after: null,
        at,
      });

    it('round-trips before and after as JSON; null stays null', async () => {
      const before = { name: 'Anna', channels: 1, tags: ['a', 'б'], nested: { on: false } };
      const after = { name: 'Анна', channels: 2, tags: [], nested: { on: true, note: null } };
      const e = await t.acme.audit.append({
        actor: 'cli',
        action: 'employee.update',
        target: 'employee 1',
        before,
        after,
        at: 5,
      });
      expect(e).toEqual({
        id: e.id,
        companyId: t.companyId,
        actor: 'cli',
        action: 'employee.update',
        target: 'employee 1',
        before,
        after,
        at: 5,
      });
      expect(await t.acme.audit.list()).toEqual([e]);
      expect(
        await t.acme.audit.append({ ...e, before: null, after: 'plain', at: 6 }),
      ).toMatchObject({ before: null, after: 'plain' });
      expect(await t.acme.audit.append({ ...e, before: 0, after: undefined, at: 7 })).toMatchObject(
        { before: 0, after: null },
      );
    });

    it('lists newest first (ties by id), pages and counts per company', async () => {
      const other = await t.other();
      await entry(10, 'a');
      await entry(30, 'c');
      await entry(20, 'b');
      await entry(30, 'd');
      await entry(40, 'theirs', other);
      const actions = async (query?: { offset?: number; limit?: number }) =>
        (await t.acme.audit.list(query)).map((e) => e.action);
      expect(await actions()).toEqual(['d', 'c', 'b', 'a']);
      expect(await actions({ offset: 1, limit: 2 })).toEqual(['c', 'b']);
      expect(await actions({ offset: 3 })).toEqual(['a']);
      expect(await actions({ offset: 10 })).toEqual([]);
      expect(await actions({ offset: -5, limit: 0 })).toEqual(['d']);
      expect(await actions({ offset: Number.NaN, limit: Number.NaN })).toEqual([
        'd',
        'c',
        'b',
        'a',
      ]);
      expect(await t.acme.audit.count()).toBe(4);
      expect(await other.audit.count()).toBe(1);
    });

    it('pages 50 by default and at most 1000', async () => {
      await t.acme.withTransaction(async (tx) => {
        for (let i = 0; i < 1005; i++) await entry(i, `a${i}`, tx);
      });
      expect(await t.acme.audit.list()).toHaveLength(50);
      expect((await t.acme.audit.list())[0]?.action).toBe('a1004');
      expect(await t.acme.audit.list({ limit: 5000 })).toHaveLength(1000);
      expect(await t.acme.audit.count()).toBe(1005);
    });
  });
}
