import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../test/support/postgres';
import { createCompany, createEmployee, createOperator } from '../directory';
import { openDataDirStore, openPostgresStore } from '../store';
import { runMigrateCli } from './migrate-command';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pbx-migrate-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** An installation with a bit of everything: what `migrate` must carry over. */
async function installation(dir: string) {
  const store = await openDataDirStore(dir);
  await store.settings.set('domain', 'corp.example');
  const { company } = await createCompany(store, {
    name: 'Acme',
    adminEmail: 'boss@acme.example',
    quotas: { maxDevices: 7 },
  });
  const acme = store.forCompany(company.id);
  const anna = await createEmployee(
    acme,
    { name: 'Анна', password: 'anna-secret-1' },
    'corp.example',
  );
  const boris = await createEmployee(acme, { name: 'Boris' }, 'corp.example');
  await acme.companyNumbers.create({
    number: '+74951111111',
    region: 'Москва',
    enabled: true,
    isDefault: true,
    inboundEmployeeId: anna.employee.id,
  });
  await acme.regionRules.create({
    sipNumber: anna.sipNumber,
    region: 'Москва',
    numbers: ['+74951111111'],
    effect: 'allow',
  });
  await acme.absences.create({
    employeeId: boris.employee.id,
    from: 1,
    to: 2,
    reason: 'leave',
    forwardToEmployeeId: anna.employee.id,
  });
  const call = await store.callRecords.insert({
    callId: 'c1',
    companyId: company.id,
    callerNumber: anna.sipNumber,
    callerName: 'Анна',
    calleeNumber: '+78121234567',
    calleeName: null,
    callerDevice: 'web',
    startedAt: 10,
    clientNumber: '+78121234567',
    companyNumber: '+74951111111',
  });
  await store.callRecords.markAnswered(call, 11, 'web');
  await acme.audit.append({
    actor: 'cli',
    action: 'x',
    target: 'y',
    before: null,
    after: { a: 1 },
    at: 5,
  });
  await createOperator(store, 'billing');
  await store.close();
  return { companyId: company.id, anna };
}

it('moves an installation from SQLite to PostgreSQL, every table counted on both sides', async () => {
  const dir = join(root, 'data');
  const { companyId, anna } = await installation(dir);
  // The test cluster trusts local connections; the password is there to be kept out of output.
  const url = (await freshPostgresDatabase()).replace('postgres@', 'postgres:s3cret-pw@');
  const run = await runMigrateCli(['migrate', '--from', `sqlite:${dir}`, '--to', url]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  for (const [table, rows] of [
    ['companies', 1],
    ['employees', 2],
    ['sip_numbers', 2],
    ['admins', 1],
    ['company_numbers', 1],
    ['region_rules', 1],
    ['absence_periods', 1],
    ['call_records', 1],
    ['audit_log', 1],
    ['operators', 1],
    ['settings', 1],
  ] as const) {
    expect(run.stdout).toMatch(
      new RegExp(`^ {2}${table} +${rows} rows, the same on both sides$`, 'm'),
    );
  }
  expect(run.stdout).not.toContain('s3cret-pw');

  const pg = await openPostgresStore(url);
  try {
    expect(await pg.settings.get('domain')).toBe('corp.example');
    expect((await pg.companies.get(companyId))?.quotas.maxDevices).toBe(7);
    const number = await pg.sipNumbers.get(anna.sipNumber);
    expect(number?.employeeName).toBe('Анна');
    const acme = pg.forCompany(companyId);
    expect((await acme.regionRules.listBySipNumber(anna.sipNumber))[0]?.numbers).toEqual([
      '+74951111111',
    ]);
    expect(await acme.callRecords.latestAnsweredWithClient('+78121234567')).toEqual({
      companyNumber: '+74951111111',
      answeredAt: 11,
    });
    // Identities go on after the copied ids.
    const next = await pg.companies.create({ name: 'Next' });
    expect(next.id).toBeGreaterThan(companyId);
  } finally {
    await pg.close();
  }

  const again = await runMigrateCli(['migrate', '--from', `sqlite:${dir}`, '--to', url]);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(
    /^error: the target already has data \(\d+ rows in \w+\): migrate only into an empty database\n$/,
  );
});
