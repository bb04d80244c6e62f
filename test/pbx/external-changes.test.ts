import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { removeEmployee } from '../../pbx/directory';
import { openSqliteStore } from '../../pbx/store';
import { RawSipClient, registerWithDigest } from '../support/raw-sip-client';
import { startTestPbx, type TestPbx } from '../support/pbx';

let pbx: TestPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
});

it('drops the devices of an employee deleted by another process at once', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pbx-ext-')), 'pbx.sqlite');
  pbx = await startTestPbx({ externalChangePollMs: 50 }, file);
  const anna = pbx.addEmployee('Anna Ivanova');
  const boris = pbx.addEmployee('Boris Petrov');
  const phones = await Promise.all([
    RawSipClient.connect('tcp', pbx.pbx.ports.sip),
    RawSipClient.connect('tcp', pbx.pbx.ports.sip),
  ]);
  expect(await registerWithDigest(phones[0], anna.sipNumber, anna.password)).toBe(200);
  expect(await registerWithDigest(phones[1], boris.sipNumber, boris.password)).toBe(200);

  const cli = openSqliteStore(file);
  removeEmployee(cli, anna.sipNumber);
  cli.close();

  const deadline = Date.now() + 3000;
  while (pbx.pbx.bindings.list(anna.sipNumber).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
  expect(pbx.pbx.bindings.list(boris.sipNumber)).toHaveLength(1);
  for (const phone of phones) phone.close();
});
