import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchExternalChanges } from '../watch';
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
