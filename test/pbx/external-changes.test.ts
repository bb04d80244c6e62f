import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeEmployee } from '../../pbx/directory';
import { openStoreAt, type StoreLocation } from '../../pbx/store';
import { freshPostgresDatabase } from '../support/postgres';
import { RawSipClient, registerWithDigest } from '../support/raw-sip-client';
import { startTestPbx, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';

let pbx: TestPbx | undefined;
const phones: RawSipClient[] = [];
afterEach(async () => {
  for (const phone of phones.splice(0)) phone.close();
  await pbx?.stop();
  pbx = undefined;
});

const drivers: [string, () => Promise<StoreLocation>][] = [
  ['SQLite', async () => ({ kind: 'sqlite', dir: mkdtempSync(join(tmpdir(), 'pbx-ext-')) })],
  ['PostgreSQL', async () => ({ kind: 'postgres', url: await freshPostgresDatabase() })],
];

describe.each(drivers)('changes made by another process (%s)', (_driver, fresh) => {
  const start = async () => {
    const location = await fresh();
    pbx = await startTestPbx({}, location);
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    for (const who of [anna, boris]) {
      const phone = await RawSipClient.connect('tcp', pbx.pbx.ports.sip);
      phones.push(phone);
      expect(await registerWithDigest(phone, who.sipNumber, who.password)).toBe(200);
    }
    // The CLI's connection, or another node's: not the running server's.
    const other = await openStoreAt(location);
    return { running: pbx, anna, boris, other };
  };

  it('an employee deleted elsewhere loses their devices at once', async () => {
    const { running, anna, boris, other } = await start();
    await removeEmployee(other.forCompany(running.companyId), anna.sipNumber);
    await other.close();
    await until(() => running.pbx.bindings.list(anna.sipNumber).length === 0, 15_000, 'dropped');
    expect(running.pbx.bindings.list(boris.sipNumber)).toHaveLength(1);
  });

  it('a company suspended elsewhere loses its devices, and they are refused with a reason', async () => {
    const { running, anna, boris, other } = await start();
    const beta = await running.addCompany('Beta');
    const olga = await beta.addEmployee('Olga');
    const olgaPhone = await RawSipClient.connect('udp', running.pbx.ports.sip);
    phones.push(olgaPhone);
    expect(await registerWithDigest(olgaPhone, olga.sipNumber, olga.password)).toBe(200);
    await other.companies.update(running.companyId, { status: 'suspended' });
    await other.close();
    await until(
      () => [anna, boris].every((e) => running.pbx.bindings.list(e.sipNumber).length === 0),
      15_000,
      'every device of the suspended company dropped',
    );
    expect(running.pbx.bindings.list(olga.sipNumber)).toHaveLength(1);
    const refused = await RawSipClient.connect('udp', running.pbx.ports.sip);
    phones.push(refused);
    const status = await registerWithDigest(refused, anna.sipNumber, anna.password);
    expect(status).toBe(403);
    expect(refused.responses.at(-1)?.headers.get('x-pbx-reason')).toBe('company-suspended');
  });
});
