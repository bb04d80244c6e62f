import { mkdtempSync, rmSync, statSync } from 'node:fs';
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
    expect(versions(file)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
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

describe('migration 3', () => {
  /** A file as the previous release left it: schema version 2, with data. */
  const version2File = (): string => {
    const file = join(dir, 'pbx.sqlite');
    const v2 = new Database(file);
    expect(
      migrate(
        v2,
        MIGRATIONS.filter((m) => m.version <= 2),
      ),
    ).toEqual([1, 2]);
    v2.exec(`
      INSERT INTO companies (id, name, created_at) VALUES (1, 'Acme', 10);
      INSERT INTO employees (id, company_id, name, created_at) VALUES (5, 1, 'Anna', 11);
      INSERT INTO sip_numbers (number, company_id, employee_id, ha1, channels, caller_id_mode,
          fixed_caller_id, employee_may_choose_caller_id, chosen_caller_id, created_at,
          password_changed_at)
        VALUES ('0123456', 1, 5, 'ha1', 2, 'familiar', '+78121234567', 1, '+78127654321', 12, 13);
      INSERT INTO call_records (id, call_id, company_id, caller_number, caller_name,
          callee_number, caller_device, started_at, answered_at, ended_at, result, status)
        VALUES (7, 'c1', 1, '0123456', 'Anna', '0000002', 'softphone-desktop', 15, 16, 17,
          'answered', 200);
      INSERT INTO company_numbers (company_id, number, region, is_default, created_at)
        VALUES (1, '+78121234567', 'Saint Petersburg', 1, 18);
      INSERT INTO audit_log (company_id, actor, action, target, at)
        VALUES (1, 'cli', 'sip-number.update', 'employee 5 (0123456)', 19);
    `);
    v2.close();
    return file;
  };

  it('upgrades a version-2 database and keeps its data', () => {
    const file = version2File();
    const store = openSqliteStore(file);
    expect(store.sipNumbers.get('0123456')).toMatchObject({
      employeeName: 'Anna',
      ha1: 'ha1',
      channels: 2,
      callerIdMode: 'familiar',
      fixedCallerId: '+78121234567',
      employeeMayChooseCallerId: true,
      chosenCallerId: '+78127654321',
      internationalAllowed: false,
      premiumAllowed: false,
    });
    expect(store.callRecords.get(7)).toEqual({
      id: 7,
      callId: 'c1',
      companyId: 1,
      callerNumber: '0123456',
      callerName: 'Anna',
      calleeNumber: '0000002',
      calleeName: null,
      callerDevice: 'softphone-desktop',
      calleeDevice: null,
      startedAt: 15,
      answeredAt: 16,
      endedAt: 17,
      result: 'answered',
      status: 200,
      direction: 'internal',
      clientNumber: null,
      companyNumber: null,
      callerIdReason: null,
      transferredBy: null,
    });
    expect(store.companyNumbers.getByNumber('+78121234567')).toMatchObject({
      region: 'Saint Petersburg',
      isDefault: true,
    });
    expect(store.audit.count(1)).toBe(1);
    expect(store.regionRules.listBySipNumber('0123456')).toEqual([]);
    expect(
      store.regionRules.create({
        companyId: 1,
        sipNumber: '0123456',
        region: 'Saint Petersburg',
        numbers: ['+78121234567'],
        effect: 'allow',
      }).id,
    ).toBeGreaterThan(0);
    expect(store.sipNumbers.updateSettings('0123456', { premiumAllowed: true })).toMatchObject({
      premiumAllowed: true,
      chosenCallerId: '+78127654321',
    });
    store.close();
    expect(versions(file)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('checks the new columns: direction, 0/1 flags, a JSON array of numbers, the effect', () => {
    const file = join(dir, 'pbx.sqlite');
    openSqliteStore(file).close();
    const db = new Database(file);
    db.exec(`
      INSERT INTO companies (id, name, created_at) VALUES (1, 'A', 0);
      INSERT INTO employees (id, company_id, name, created_at) VALUES (5, 1, 'Anna', 0);
      INSERT INTO sip_numbers (number, company_id, employee_id, ha1, created_at,
          password_changed_at) VALUES ('0123456', 1, 5, 'h', 0, 0);
    `);
    const refused = [
      `INSERT INTO call_records (call_id, company_id, caller_number, callee_number, caller_device,
          started_at, direction) VALUES ('c', 1, '0123456', '+78121234567', 'x', 0, 'sideways')`,
      'UPDATE sip_numbers SET international_allowed = 2',
      'UPDATE sip_numbers SET premium_allowed = -1',
      `INSERT INTO region_rules (company_id, sip_number, region, numbers, effect, created_at)
        VALUES (1, '0123456', 'Moscow', '"+74951234567"', 'allow', 0)`,
      `INSERT INTO region_rules (company_id, sip_number, region, numbers, effect, created_at)
        VALUES (1, '0123456', 'Moscow', '[', 'allow', 0)`,
      `INSERT INTO region_rules (company_id, sip_number, region, numbers, effect, created_at)
        VALUES (1, '0123456', 'Moscow', '[]', 'permit', 0)`,
    ];
    for (const sql of refused) expect(() => db.exec(sql), sql).toThrow(/CHECK/);
    db.close();
  });

  it('answers the familiar-number query from its partial index', () => {
    const file = join(dir, 'pbx.sqlite');
    openSqliteStore(file).close();
    const db = new Database(file);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT company_number, answered_at FROM call_records
          WHERE company_id = 1 AND client_number = '+78121234567'
            AND client_number IS NOT NULL AND company_number IS NOT NULL
            AND answered_at IS NOT NULL
          ORDER BY answered_at DESC, id DESC LIMIT 1`,
      )
      .all() as { detail: string }[];
    db.close();
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toContain('USING INDEX call_records_client_answered');
    expect(details).not.toContain('TEMP B-TREE');
  });
});

describe('background checkpoints', () => {
  it('the server connection never checkpoints; a worker copies the WAL into the database', async () => {
    const file = join(dir, 'pbx.sqlite');
    const server = openSqliteStore(file, { checkpointInBackground: true });
    const before = statSync(file).size;
    server.transaction(() => {
      for (let i = 0; i < 3000; i++) server.companies.create({ name: `Company ${i}` });
    });
    // Committed into the WAL only: the database file has not grown yet.
    expect(statSync(file).size).toBe(before);
    const deadline = Date.now() + 5000;
    while (statSync(file).size === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statSync(file).size).toBeGreaterThan(before);
    expect(server.companies.list().length).toBe(3000);
    server.close();
  });
});

/** The server's store and a CLI's on one file, with one employee of one company. */
function serverAndCli() {
  const file = join(dir, 'pbx.sqlite');
  const server = openSqliteStore(file);
  const cli = openSqliteStore(file);
  const companyId = server.companies.create({ name: 'Acme' }).id;
  const employeeId = server.employees.create({ companyId, name: 'Anna' }).id;
  return { server, cli, companyId, employeeId };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

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

  it('a SIP number another connection changed is read fresh from the next event-loop turn', async () => {
    const { server, cli, companyId, employeeId } = serverAndCli();
    server.sipNumbers.create({ number: '0123456', companyId, employeeId, ha1: 'h' });
    expect(server.sipNumbers.get('0123456')?.channels).toBe(1);
    cli.sipNumbers.updateSettings('0123456', { channels: 5 });
    await nextTurn();
    expect(server.sipNumbers.get('0123456')?.channels).toBe(5);
    cli.sipNumbers.remove('0123456');
    await nextTurn();
    expect(server.sipNumbers.get('0123456')).toBeUndefined();
    server.close();
    cli.close();
  });

  it('the absence in force is read through the cache and follows every write', async () => {
    const { server, cli, companyId, employeeId } = serverAndCli();
    const period = (from: number, to: number, reason: string) => ({
      companyId,
      employeeId,
      from,
      to,
      reason,
      forwardToEmployeeId: null,
    });
    expect(server.absences.current(employeeId, 150)).toBeUndefined();
    const leave = server.absences.create(period(100, 200, 'leave'));
    expect(server.absences.current(employeeId, 150)?.id).toBe(leave.id);
    expect(server.absences.current(employeeId, 200)).toBeUndefined();
    // Of two periods in force, the later-starting one counts.
    const sick = cli.absences.create(period(120, 180, 'sick'));
    await nextTurn();
    expect(server.absences.current(employeeId, 150)?.id).toBe(sick.id);
    expect(server.absences.current(employeeId, 110)?.id).toBe(leave.id);
    server.absences.remove(sick.id);
    expect(server.absences.current(employeeId, 150)?.id).toBe(leave.id);
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
