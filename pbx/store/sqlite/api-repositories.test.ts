import { beforeEach, describe, expect, it } from 'vitest';
import type { NewCompanyNumber, Store } from '../store';
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

describe('sipNumbers.setChosenCallerId', () => {
  it('round-trips through the number cache and back to null', () => {
    hire('Anna', '0123456');
    expect(store.sipNumbers.get('0123456')?.chosenCallerId).toBeNull();
    // The second get is served from the cache; the write must clear it.
    expect(store.sipNumbers.get('0123456')?.chosenCallerId).toBeNull();
    expect(store.sipNumbers.setChosenCallerId('0123456', '+78121234567')).toBe(true);
    expect(store.sipNumbers.get('0123456')?.chosenCallerId).toBe('+78121234567');
    expect(
      store.sipNumbers.getByEmployee(store.sipNumbers.get('0123456')!.employeeId),
    ).toMatchObject({ chosenCallerId: '+78121234567' });
    expect(store.sipNumbers.updateSettings('0123456', { channels: 3 })?.chosenCallerId).toBe(
      '+78121234567',
    );
    expect(store.sipNumbers.setChosenCallerId('0123456', null)).toBe(true);
    expect(store.sipNumbers.get('0123456')?.chosenCallerId).toBeNull();
    expect(store.sipNumbers.setChosenCallerId('0999999', '+78121234567')).toBe(false);
  });
});

describe('absences', () => {
  const HOUR = 3_600_000;
  const absent = (employeeId: number, from: number, to: number, forward: number | null = null) =>
    store.absences.create({
      companyId,
      employeeId,
      from,
      to,
      reason: 'vacation',
      forwardToEmployeeId: forward,
    });

  it('creates, gets, lists by start and removes', () => {
    const anna = hire('Anna', '0000001');
    const boris = hire('Boris', '0000002');
    const later = absent(anna.id, 10 * HOUR, 12 * HOUR);
    const earlier = absent(anna.id, 2 * HOUR, 4 * HOUR, boris.id);
    expect(store.absences.get(earlier.id)).toEqual({
      id: earlier.id,
      companyId,
      employeeId: anna.id,
      from: 2 * HOUR,
      to: 4 * HOUR,
      reason: 'vacation',
      forwardToEmployeeId: boris.id,
      createdAt: earlier.createdAt,
    });
    expect(store.absences.listByEmployee(anna.id).map((a) => a.id)).toEqual([earlier.id, later.id]);
    expect(store.absences.listByEmployee(boris.id)).toEqual([]);
    expect(store.absences.remove(later.id)).toBe(true);
    expect(store.absences.remove(later.id)).toBe(false);
    expect(store.absences.get(later.id)).toBeUndefined();
  });

  it('keeps an empty reason and refuses an empty or reversed period', () => {
    const anna = hire('Anna', '0000001');
    const a = store.absences.create({
      companyId,
      employeeId: anna.id,
      from: 1,
      to: 2,
      reason: '',
      forwardToEmployeeId: null,
    });
    expect(a.reason).toBe('');
    expect(() => absent(anna.id, 5, 5)).toThrow(/CHECK/);
    expect(() => absent(anna.id, 6, 5)).toThrow(/CHECK/);
  });

  it('refuses a period whose company is not the employee’s', () => {
    const other = store.companies.create({ name: 'Other' }).id;
    const anna = hire('Anna', '0000001');
    expect(() =>
      store.absences.create({
        companyId: other,
        employeeId: anna.id,
        from: 1,
        to: 2,
        reason: '',
        forwardToEmployeeId: null,
      }),
    ).toThrow(/FOREIGN KEY/);
  });

  it('finds overlaps of half-open periods: touching ones do not overlap', () => {
    const anna = hire('Anna', '0000001');
    const boris = hire('Boris', '0000002');
    const p = absent(anna.id, 10, 20);
    absent(boris.id, 0, 100);
    const ids = (from: number, to: number) =>
      store.absences.overlapping(anna.id, from, to).map((a) => a.id);
    expect(ids(0, 10)).toEqual([]); // ends where p starts
    expect(ids(20, 30)).toEqual([]); // starts where p ends
    expect(ids(0, 5)).toEqual([]);
    expect(ids(25, 30)).toEqual([]);
    expect(ids(0, 11)).toEqual([p.id]); // partial, before
    expect(ids(19, 30)).toEqual([p.id]); // partial, after
    expect(ids(12, 15)).toEqual([p.id]); // contained
    expect(ids(0, 100)).toEqual([p.id]); // containing
    expect(ids(10, 20)).toEqual([p.id]); // identical
    const q = absent(anna.id, 20, 30);
    expect(ids(15, 25)).toEqual([p.id, q.id]);
    expect(ids(20, 21)).toEqual([q.id]);
  });

  it('current() is the period with from <= at < to', () => {
    const anna = hire('Anna', '0000001');
    const p = absent(anna.id, 10, 20);
    const q = absent(anna.id, 20, 30);
    expect(store.absences.current(anna.id, 9)).toBeUndefined();
    expect(store.absences.current(anna.id, 10)?.id).toBe(p.id);
    expect(store.absences.current(anna.id, 19)?.id).toBe(p.id);
    expect(store.absences.current(anna.id, 20)?.id).toBe(q.id);
    expect(store.absences.current(anna.id, 29)?.id).toBe(q.id);
    expect(store.absences.current(anna.id, 30)).toBeUndefined();
  });

  it('deleting an employee removes their periods and clears forwards to them', () => {
    const anna = hire('Anna', '0000001');
    const boris = hire('Boris', '0000002');
    const annas = absent(anna.id, 10, 20, boris.id);
    const boriss = absent(boris.id, 10, 20, anna.id);
    expect(store.employees.remove(boris.id)).toBe(true);
    expect(store.absences.get(boriss.id)).toBeUndefined();
    expect(store.absences.get(annas.id)?.forwardToEmployeeId).toBeNull();
    expect(store.absences.current(anna.id, 15)?.id).toBe(annas.id);
  });
});

describe('companyNumbers', () => {
  const add = (number: string, patch: Partial<NewCompanyNumber> = {}) =>
    store.companyNumbers.create({
      companyId,
      number,
      region: null,
      enabled: true,
      isDefault: false,
      inboundEmployeeId: null,
      ...patch,
    });
  const defaults = (company = companyId) =>
    store.companyNumbers
      .listByCompany(company)
      .filter((n) => n.isDefault)
      .map((n) => n.number);

  it('creates, finds by id and number, lists by number, updates and removes', () => {
    const anna = hire('Anna', '0000001');
    const b = add('+78122222222', { region: 'Saint Petersburg', inboundEmployeeId: anna.id });
    const a = add('+74951111111', { enabled: false });
    expect(store.companyNumbers.get(b.id)).toEqual({
      id: b.id,
      companyId,
      number: '+78122222222',
      region: 'Saint Petersburg',
      enabled: true,
      isDefault: false,
      inboundEmployeeId: anna.id,
      createdAt: b.createdAt,
    });
    expect(store.companyNumbers.getByNumber('+74951111111')?.id).toBe(a.id);
    expect(store.companyNumbers.getByNumber('+70000000000')).toBeUndefined();
    expect(store.companyNumbers.listByCompany(companyId).map((n) => n.number)).toEqual([
      '+74951111111',
      '+78122222222',
    ]);
    expect(store.companyNumbers.update(a.id, { enabled: true, region: 'Moscow' })).toMatchObject({
      enabled: true,
      region: 'Moscow',
      isDefault: false,
      inboundEmployeeId: null,
    });
    // Undefined keeps a field; null clears it.
    expect(store.companyNumbers.update(b.id, { region: undefined })?.region).toBe(
      'Saint Petersburg',
    );
    expect(
      store.companyNumbers.update(b.id, { region: null, inboundEmployeeId: null }),
    ).toMatchObject({ region: null, inboundEmployeeId: null });
    expect(store.companyNumbers.update(999, { enabled: false })).toBeUndefined();
    expect(store.companyNumbers.remove(a.id)).toBe(true);
    expect(store.companyNumbers.remove(a.id)).toBe(false);
    expect(store.companyNumbers.listByCompany(companyId).map((n) => n.id)).toEqual([b.id]);
  });

  it('keeps one default per company: create and update move the flag', () => {
    const other = store.companies.create({ name: 'Other' }).id;
    const first = add('+74951111111', { isDefault: true });
    const theirs = add('+74959999999', { companyId: other, isDefault: true });
    const second = add('+74952222222', { isDefault: true });
    expect(defaults()).toEqual(['+74952222222']);
    expect(store.companyNumbers.get(first.id)?.isDefault).toBe(false);
    const third = add('+74953333333');
    expect(defaults()).toEqual(['+74952222222']);
    expect(store.companyNumbers.update(third.id, { isDefault: true })?.isDefault).toBe(true);
    expect(defaults()).toEqual(['+74953333333']);
    // Saving the default again keeps it the default.
    expect(store.companyNumbers.update(third.id, { enabled: false })?.isDefault).toBe(true);
    expect(store.companyNumbers.update(third.id, { isDefault: true })?.isDefault).toBe(true);
    expect(defaults()).toEqual(['+74953333333']);
    store.companyNumbers.update(third.id, { isDefault: false });
    expect(defaults()).toEqual([]);
    expect(store.companyNumbers.get(second.id)?.isDefault).toBe(false);
    expect(defaults(other)).toEqual([theirs.number]);
  });

  it('moving the default joins an outer transaction and rolls back with it', () => {
    add('+74951111111', { isDefault: true });
    expect(() =>
      store.transaction(() => {
        add('+74952222222', { isDefault: true });
        expect(defaults()).toEqual(['+74952222222']);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(defaults()).toEqual(['+74951111111']);
    expect(store.companyNumbers.getByNumber('+74952222222')).toBeUndefined();
  });

  it('a number is unique across companies', () => {
    const other = store.companies.create({ name: 'Other' }).id;
    add('+74951111111');
    expect(() => add('+74951111111', { companyId: other })).toThrow(/UNIQUE/);
    expect(() => add('+74951111111')).toThrow(/UNIQUE/);
    expect(store.companyNumbers.listByCompany(other)).toEqual([]);
  });

  it('a failed default create leaves the old default in place', () => {
    const first = add('+74951111111', { isDefault: true });
    expect(() => add('+74951111111', { isDefault: true })).toThrow(/UNIQUE/);
    expect(store.companyNumbers.get(first.id)?.isDefault).toBe(true);
  });

  it('deleting the inbound employee clears the route, not the number', () => {
    const anna = hire('Anna', '0000001');
    const n = add('+74951111111', { inboundEmployeeId: anna.id });
    store.employees.remove(anna.id);
    expect(store.companyNumbers.get(n.id)?.inboundEmployeeId).toBeNull();
  });
});

describe('audit', () => {
  const entry = (at: number, action: string, company = companyId) =>
    store.audit.append({
      companyId: company,
      actor: 'boss@acme.example',
      action,
      target: 'employee 1 (0000001)',
      before: null,
      after: null,
      at,
    });

  it('round-trips before and after as JSON; null stays null', () => {
    const before = { name: 'Anna', channels: 1, tags: ['a', 'б'], nested: { on: false } };
    const after = { name: 'Анна', channels: 2, tags: [], nested: { on: true, note: null } };
    const e = store.audit.append({
      companyId,
      actor: 'cli',
      action: 'employee.update',
      target: 'employee 1',
      before,
      after,
      at: 5,
    });
    expect(e).toEqual({
      id: e.id,
      companyId,
      actor: 'cli',
      action: 'employee.update',
      target: 'employee 1',
      before,
      after,
      at: 5,
    });
    expect(store.audit.list(companyId)).toEqual([e]);
    const created = store.audit.append({ ...e, before: null, after: 'plain', at: 6 });
    expect(created).toMatchObject({ before: null, after: 'plain' });
    const removed = store.audit.append({ ...e, before: 0, after: undefined, at: 7 });
    expect(removed).toMatchObject({ before: 0, after: null });
  });

  it('lists newest first (ties by id), pages and counts per company', () => {
    const other = store.companies.create({ name: 'Other' }).id;
    entry(10, 'a');
    entry(30, 'c');
    entry(20, 'b');
    entry(30, 'd');
    entry(40, 'theirs', other);
    const actions = (query?: { offset?: number; limit?: number }) =>
      store.audit.list(companyId, query).map((e) => e.action);
    expect(actions()).toEqual(['d', 'c', 'b', 'a']);
    expect(actions({ offset: 1, limit: 2 })).toEqual(['c', 'b']);
    expect(actions({ offset: 3 })).toEqual(['a']);
    expect(actions({ offset: 10 })).toEqual([]);
    expect(actions({ offset: -5, limit: 0 })).toEqual(['d']);
    expect(actions({ offset: Number.NaN, limit: Number.NaN })).toEqual(['d', 'c', 'b', 'a']);
    expect(store.audit.count(companyId)).toBe(4);
    expect(store.audit.count(other)).toBe(1);
  });

  it('pages 50 by default and at most 1000', () => {
    store.transaction(() => {
      for (let i = 0; i < 1005; i++) entry(i, `a${i}`);
    });
    expect(store.audit.list(companyId)).toHaveLength(50);
    expect(store.audit.list(companyId)[0]?.action).toBe('a1004');
    expect(store.audit.list(companyId, { limit: 5000 })).toHaveLength(1000);
    expect(store.audit.count(companyId)).toBe(1005);
  });
});

describe('apiSessions', () => {
  const open = (
    tokenHash: string,
    role: 'admin' | 'employee',
    subjectId: number,
    expiresAt: number,
  ) => store.apiSessions.create({ tokenHash, role, subjectId, companyId, createdAt: 1, expiresAt });

  it('creates, gets, slides the expiry and removes', () => {
    open('h1', 'admin', 7, 100);
    expect(store.apiSessions.get('h1')).toEqual({
      tokenHash: 'h1',
      role: 'admin',
      subjectId: 7,
      companyId,
      createdAt: 1,
      expiresAt: 100,
    });
    store.apiSessions.setExpiry('h1', 500);
    expect(store.apiSessions.get('h1')?.expiresAt).toBe(500);
    expect(() => open('h1', 'admin', 7, 100)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(store.apiSessions.remove('h1')).toBe(true);
    expect(store.apiSessions.remove('h1')).toBe(false);
    expect(store.apiSessions.get('h1')).toBeUndefined();
  });

  it('refuses an unknown role', () => {
    expect(() =>
      store.apiSessions.create({
        tokenHash: 'h',
        role: 'root' as 'admin',
        subjectId: 1,
        companyId,
        createdAt: 1,
        expiresAt: 2,
      }),
    ).toThrow(/CHECK/);
  });

  it('removes expired sessions: at expiresAt a session is over', () => {
    open('old', 'employee', 1, 100);
    open('edge', 'employee', 2, 200);
    open('fresh', 'employee', 3, 201);
    expect(store.apiSessions.removeExpired(200)).toBe(2);
    expect(store.apiSessions.get('old')).toBeUndefined();
    expect(store.apiSessions.get('edge')).toBeUndefined();
    expect(store.apiSessions.get('fresh')?.subjectId).toBe(3);
    expect(store.apiSessions.removeExpired(200)).toBe(0);
  });

  it('revokes every session of one subject and role only', () => {
    open('e1', 'employee', 7, 100);
    open('e2', 'employee', 7, 100);
    open('a7', 'admin', 7, 100);
    open('e8', 'employee', 8, 100);
    expect(store.apiSessions.removeBySubject('employee', 7)).toBe(2);
    expect(store.apiSessions.get('e1')).toBeUndefined();
    expect(store.apiSessions.get('e2')).toBeUndefined();
    expect(store.apiSessions.get('a7')?.role).toBe('admin');
    expect(store.apiSessions.get('e8')?.subjectId).toBe(8);
    expect(store.apiSessions.removeBySubject('employee', 7)).toBe(0);
  });
});
