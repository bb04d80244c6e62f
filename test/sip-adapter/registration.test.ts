import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPbx, type RunningPbx } from '../../pbx/server';
import { DEFAULT_CONFIG } from '../../pbx/config';
import { createLogger } from '../../pbx/log';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { closedPort } from '../support/ports';
import { adapterFor, type AdapterUnderTest } from './harness';

let pbx: TestPbx | undefined;
let restarted: RunningPbx | undefined;
const adapters: AdapterUnderTest[] = [];

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.adapter.stop()));
  await restarted?.stop();
  restarted = undefined;
  if (pbx) {
    // stop() closes the store too; after a restart test the first PBX is already stopped.
    await pbx.pbx.stop().catch(() => {});
    pbx.store.close();
  }
  pbx = undefined;
});

function start(server: string, account: { sipNumber: string; password: string }) {
  const under = adapterFor(server, account);
  adapters.push(under);
  under.adapter.start(under.config);
  return under;
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const wsUrl = (port: number) => `ws://127.0.0.1:${port}`;

describe('SIP adapter registration against the PBX', () => {
  it('registers as a softphone-web device with its +sip.instance', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const under = start(wsUrl(pbx.pbx.ports.http), anna);
    await under.until('registered');

    expect(under.registrations.map((r) => r.status)).toEqual([
      'connecting',
      'registering',
      'registered',
    ]);
    const bindings = pbx.pbx.bindings.list(anna.sipNumber);
    expect(bindings).toHaveLength(1);
    expect(bindings[0]?.deviceKind).toBe('softphone-web');
    expect(bindings[0]?.contactParams['+sip.instance']).toContain(
      `<urn:uuid:${under.config.instanceId}>`,
    );
  });

  it('stops cleanly: unregisters, reports signed-out and leaves no binding', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const under = start(wsUrl(pbx.pbx.ports.http), anna);
    await under.until('registered');
    await under.adapter.stop();
    expect(under.registrations.at(-1)).toEqual({ status: 'signed-out', problem: undefined });
    await expect.poll(() => pbx?.pbx.bindings.list(anna.sipNumber).length).toBe(0);
  });

  it('a wrong password fails with wrong-password and is never logged', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const under = start(wsUrl(pbx.pbx.ports.http), {
      sipNumber: anna.sipNumber,
      password: 'not-the-password',
    });
    await under.until('failed', 'wrong-password');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
    expect(under.logLines.length).toBeGreaterThan(0);
    expect(under.logLines.join('\n')).not.toContain('not-the-password');
  });

  it('a disabled number fails with number-disabled', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
    const under = start(wsUrl(pbx.pbx.ports.http), anna);
    await under.until('failed', 'number-disabled');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
  });

  it('a disabled number drops the device: JsSIP hears why within 2 s, and registers once enabled', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const under = start(wsUrl(pbx.pbx.ports.http), anna);
    await under.until('registered');
    const seen = under.registrations.length;
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
    await under.until('failed', 'number-disabled', 2000);
    expect(under.registrations[seen]).toEqual({ status: 'failed', problem: 'number-disabled' });
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: true });
    const enabledAt = under.registrations.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await waitFor(
      () => under.registrations.slice(enabledAt).some((r) => r.status === 'registered'),
      10_000,
    );
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
  });

  it('a server address where nothing answers is said at once, and the UA stops trying', async () => {
    const port = await closedPort();
    const began = Date.now();
    const under = start(wsUrl(port), { sipNumber: '0100001', password: 'whatever' });
    await under.until('failed', 'server-not-found');
    expect(Date.now() - began).toBeLessThan(5000);
    const seen = under.registrations.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(under.registrations).toHaveLength(seen);
  });

  it('registers again by itself when the PBX restarts on the same port', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova');
    const port = pbx.pbx.ports.http;
    const under = start(wsUrl(port), anna);
    await under.until('registered');

    await pbx.pbx.stop();
    await under.until('connecting', 'server-unreachable');
    const before = under.registrations.length;
    restarted = await startPbx({
      ...DEFAULT_CONFIG,
      domain: TEST_DOMAIN,
      listenHost: '127.0.0.1',
      httpPort: port,
      sipPort: 0,
      sipTlsPort: 0,
      httpsPort: 0,
      store: pbx.store,
      outboxDir: mkdtempSync(join(tmpdir(), 'pbx-outbox-')),
      logger: createLogger('silent'),
    });
    const restartedPbx = restarted;
    await expect
      .poll(() => under.registrations.slice(before).some((r) => r.status === 'registered'), {
        timeout: 5000,
      })
      .toBe(true);
    expect(restartedPbx.bindings.list(anna.sipNumber)).toHaveLength(1);
  });
});
