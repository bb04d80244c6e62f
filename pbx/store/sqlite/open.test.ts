import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  it('migrates once; reopening applies nothing and keeps the data', async () => {
    const file = join(dir, 'pbx.sqlite');
    const first = await openSqliteStore(file);
    await first.companies.create({ name: 'Acme' });
    await first.close();
    const second = await openSqliteStore(file);
    expect((await second.companies.list()).map((c) => c.name)).toEqual(['Acme']);
    await second.close();
    expect(versions(file)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('puts the file in WAL mode', async () => {
    const file = join(dir, 'pbx.sqlite');
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database from a newer program', async () => {
    const file = join(dir, 'pbx.sqlite');
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 0)").run();
    db.close();
    await expect(openSqliteStore(file)).rejects.toThrow(/newer than this program/);
  });
});

describe('migration 2', () => {
  it('upgrades a version-1 database and keeps its data', async () => {
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

    const store = await openSqliteStore(file);
    const acme = store.forCompany(1);
    expect(await store.sipNumbers.get('0123456')).toMatchObject({
      employeeName: 'Anna',
      ha1: 'ha1',
      channels: 3,
      fixedCallerId: '+78121234567',
      createdAt: 12,
      passwordChangedAt: 13,
      chosenCallerId: null,
    });
    expect((await acme.employees.get(5))?.email).toBe('anna@acme.example');
    expect((await store.admins.getByEmail('boss@acme.example'))?.passwordHash).toBe('scrypt');
    expect((await store.callRecords.getByCallId('c1'))?.callerNumber).toBe('0123456');
    expect(await acme.sipNumbers.setChosenCallerId('0123456', '+74951111111')).toBe(true);
    expect(
      (
        await acme.absences.create({
          employeeId: 5,
          from: 1,
          to: 2,
          reason: '',
          forwardToEmployeeId: null,
        })
      ).id,
    ).toBeGreaterThan(0);
    expect(await acme.companyNumbers.list()).toEqual([]);
    expect(await acme.audit.count()).toBe(0);
    expect(await store.apiSessions.get('x')).toBeUndefined();
    await store.close();
    expect(versions(file)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('a partial unique index allows one default number per company', async () => {
    const file = join(dir, 'pbx.sqlite');
    await (await openSqliteStore(file)).close();
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

  it('upgrades a version-2 database and keeps its data', async () => {
    const file = version2File();
    const store = await openSqliteStore(file);
    const acme = store.forCompany(1);
    expect(await store.sipNumbers.get('0123456')).toMatchObject({
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
    expect(await store.callRecords.get(7)).toEqual({
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
      endReason: null,
    });
    expect(await acme.companyNumbers.getByNumber('+78121234567')).toMatchObject({
      region: 'Saint Petersburg',
      isDefault: true,
    });
    expect(await acme.audit.count()).toBe(1);
    expect(await acme.regionRules.listBySipNumber('0123456')).toEqual([]);
    expect(
      (
        await acme.regionRules.create({
          sipNumber: '0123456',
          region: 'Saint Petersburg',
          numbers: ['+78121234567'],
          effect: 'allow',
        })
      ).id,
    ).toBeGreaterThan(0);
    expect(await acme.sipNumbers.updateSettings('0123456', { premiumAllowed: true })).toMatchObject(
      { premiumAllowed: true, chosenCallerId: '+78127654321' },
    );
    await store.close();
    expect(versions(file)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('checks the new columns: direction, 0/1 flags, a JSON array of numbers, the effect', async () => {
    const file = join(dir, 'pbx.sqlite');
    await (await openSqliteStore(file)).close();
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

  it('answers the familiar-number query from its partial index', async () => {
    const file = join(dir, 'pbx.sqlite');
    await (await openSqliteStore(file)).close();
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
    const server = await openSqliteStore(file, { checkpointInBackground: true });
    const before = statSync(file).size;
    await server.withTransaction(async (tx) => {
      for (let i = 0; i < 3000; i++) await tx.companies.create({ name: `Company ${i}` });
    });
    // Committed into the WAL only: the database file has not grown yet.
    expect(statSync(file).size).toBe(before);
    const deadline = Date.now() + 5000;
    while (statSync(file).size === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statSync(file).size).toBeGreaterThan(before);
    expect((await server.companies.list()).length).toBe(3000);
    await server.close();
  });
});

describe('migration 5', () => {
  it('upgrades a version-4 database: names folded for search, companies active, no domain', async () => {
    const file = join(dir, 'pbx.sqlite');
    const v4 = new Database(file);
    v4.function('pbx_fold', (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    );
    expect(
      migrate(
        v4,
        MIGRATIONS.filter((m) => m.version <= 4),
      ),
    ).toEqual([1, 2, 3, 4]);
    v4.exec(`
      INSERT INTO companies (id, name, created_at) VALUES (1, 'Acme', 10);
      INSERT INTO employees (id, company_id, name, email, created_at)
        VALUES (5, 1, 'Анна Иванова', 'Anna@Acme.example', 11), (6, 1, 'Boris', NULL, 12);
    `);
    v4.close();
    const store = await openSqliteStore(file);
    expect(await store.companies.get(1)).toMatchObject({ status: 'active', removedAt: null });
    const acme = store.forCompany(1);
    expect((await acme.employees.list({ search: 'анна' })).map((e) => e.id)).toEqual([5]);
    expect((await acme.employees.list({ search: 'acme.EXAMPLE' })).map((e) => e.id)).toEqual([5]);
    expect((await acme.employees.list()).map((e) => e.name)).toEqual(['Boris', 'Анна Иванова']);
    expect(await store.settings.get('domain')).toBeUndefined();
    await store.close();
  });
});
