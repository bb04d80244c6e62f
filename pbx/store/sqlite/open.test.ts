import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchExternalChanges } from '../watch';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { openSqliteStore } from './open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const versions = (file: string) => {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
  db.close();
  return rows;
};

describe('openSqliteStore', () => {
  it('migrates once; reopening applies nothing and keeps the data', () => {
    const file = join(dir, 'pbx.sqlite');
    const first = openSqliteStore(file);
    first.companies.create({ name: 'Acme' });
    first.close();
    const second = openSqliteStore(file);
    expect(second.companies.list().map((c) => c.name)).toEqual(['Acme']);
    second.close();
    expect(versions(file)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('puts the file in WAL mode', () => {
    const file = join(dir, 'pbx.sqlite');
    openSqliteStore(file).close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database from a newer program', () => {
    const file = join(dir, 'pbx.sqlite');
    openSqliteStore(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 0)").run();
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this program/);
  });

  it('cascades: deleting an employee deletes its SIP number', () => {
    const store = openSqliteStore(':memory:');
    const c = store.companies.create({ name: 'Acme' });
    const e = store.employees.create({ companyId: c.id, name: 'Anna' });
    store.sipNumbers.create({ number: '0123456', companyId: c.id, employeeId: e.id, ha1: 'x' });
    expect(store.sipNumbers.get('0123456')?.employeeName).toBe('Anna');
    expect(store.employees.remove(e.id)).toBe(true);
    expect(store.sipNumbers.get('0123456')).toBeUndefined();
    store.close();
  });

  it('rejects a SIP number whose company is not its employee’s', () => {
    const store = openSqliteStore(':memory:');
    const a = store.companies.create({ name: 'A' });
    const b = store.companies.create({ name: 'B' });
    const e = store.employees.create({ companyId: a.id, name: 'Anna' });
    expect(() =>
      store.sipNumbers.create({ number: '0123456', companyId: b.id, employeeId: e.id, ha1: 'x' }),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('rolls a failed transaction back', () => {
    const store = openSqliteStore(':memory:');
    expect(() =>
      store.transaction(() => {
        store.companies.create({ name: 'Acme' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.companies.count()).toBe(0);
    store.close();
  });
});

describe('migration 2', () => {
  it('upgrades a version-1 database and keeps its data', () => {
    const file = join(dir, 'pbx.sqlite');
    const v1 = new Database(file);
    expect(
      migrate(
        v1,
        MIGRATIONS.filter((m) => m.version === 1),
      ),
    ).toEqual([1]);
    v1.exec(`
      INSERT INTO companies (id, name, created_at) VALUES (1, 'Acme', 10);
      INSERT INTO employees (id, company_id, name, email, created_at)
        VALUES (5, 1, 'Anna', 'anna@acme.example', 11);
      INSERT INTO sip_numbers (number, company_id, employee_id, ha1, channels, fixed_caller_id,
          created_at, password_changed_at)
        VALUES ('0123456', 1, 5, 'ha1', 3, '+78121234567', 12, 13);
      INSERT INTO admins (company_id, email, password_hash, created_at)
        VALUES (1, 'boss@acme.example', 'scrypt', 14);
      INSERT INTO call_records (call_id, company_id, caller_number, callee_number, caller_device,
          started_at) VALUES ('c1', 1, '0123456', '0000002', 'softphone-desktop', 15);
    `);
    v1.close();

    const store = openSqliteStore(file);
    expect(store.sipNumbers.get('0123456')).toMatchObject({
      employeeName: 'Anna',
      ha1: 'ha1',
      channels: 3,
      fixedCallerId: '+78121234567',
      createdAt: 12,
      passwordChangedAt: 13,
      chosenCallerId: null,
    });
    expect(store.employees.get(5)?.email).toBe('anna@acme.example');
    expect(store.admins.getByEmail('boss@acme.example')?.passwordHash).toBe('scrypt');
    expect(store.callRecords.getByCallId('c1')?.callerNumber).toBe('0123456');
    expect(store.sipNumbers.setChosenCallerId('0123456', '+74951111111')).toBe(true);
    expect(
      store.absences.create({
        companyId: 1,
        employeeId: 5,
        from: 1,
        to: 2,
        reason: '',
        forwardToEmployeeId: null,
      }).id,
    ).toBeGreaterThan(0);
    expect(store.companyNumbers.listByCompany(1)).toEqual([]);
    expect(store.audit.count(1)).toBe(0);
    expect(store.apiSessions.get('x')).toBeUndefined();
    store.close();
    expect(versions(file)).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('a partial unique index allows one default number per company', () => {
    const file = join(dir, 'pbx.sqlite');
    openSqliteStore(file).close();
    const db = new Database(file);
    db.exec(`
      INSERT INTO companies (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0);
      INSERT INTO company_numbers (company_id, number, is_default, created_at)
        VALUES (1, '+74951111111', 1, 0), (1, '+74952222222', 0, 0), (1, '+74953333333', 0, 0),
               (2, '+74954444444', 1, 0);
    `);
    const insert = db.prepare(
      'INSERT INTO company_numbers (company_id, number, is_default, created_at) VALUES (?, ?, ?, 0)',
    );
    expect(() => insert.run(1, '+74955555555', 1)).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("UPDATE company_numbers SET is_default = 1 WHERE number = '+74952222222'").run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('change detection', () => {
  it('dataVersion moves when another connection commits, not on our own writes', () => {
    const file = join(dir, 'pbx.sqlite');
    const server = openSqliteStore(file);
    const cli = openSqliteStore(file);
    const before = server.dataVersion();
    server.companies.create({ name: 'Mine' });
    expect(server.dataVersion()).toBe(before);
    cli.companies.create({ name: 'Theirs' });
    expect(server.dataVersion()).not.toBe(before);
    server.close();
    cli.close();
  });

  it('watchExternalChanges calls back after another connection writes, and stops', () => {
    vi.useFakeTimers();
    try {
      const file = join(dir, 'pbx.sqlite');
      const server = openSqliteStore(file);
      const cli = openSqliteStore(file);
      const onChange = vi.fn();
      const stop = watchExternalChanges(server, 100, onChange);
      vi.advanceTimersByTime(250);
      expect(onChange).not.toHaveBeenCalled();
      cli.companies.create({ name: 'Theirs' });
      vi.advanceTimersByTime(100);
      expect(onChange).toHaveBeenCalledTimes(1);
      stop();
      cli.companies.create({ name: 'More' });
      vi.advanceTimersByTime(500);
      expect(onChange).toHaveBeenCalledTimes(1);
      server.close();
      cli.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
