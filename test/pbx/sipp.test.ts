import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, runSipp, type SippRun } from '../support/sipp';
import { startTestPbx, type TestPbx } from '../support/pbx';
import { untilAsync } from '../support/poll';

let pbx: TestPbx;
let remote: string;

beforeEach(async () => {
  pbx = await startTestPbx();
  remote = `127.0.0.1:${pbx.pbx.ports.sip}`;
});

afterEach(async () => {
  await pbx.stop();
});

const succeeded = (run: SippRun) => {
  expect(run.code, `SIPp failed:\n${run.stdout.slice(-1500)}\n${run.errors}`).toBe(0);
};

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const transports = [
  ['UDP', 'u1'],
  ['TCP', 't1'],
] as const;

describe.each(transports)('SIPp over %s', (_name, transport) => {
  it('registers with digest authentication', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const port = await freePort();
    const run = runSipp({
      scenario: 'register.xml',
      remote,
      transport,
      localPort: port,
      service: anna.sipNumber,
      user: anna.sipNumber,
      password: anna.password,
      keys: { contact_port: String(port) },
    });
    succeeded(await run.done);
  });

  it('is refused registration with a wrong password', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const port = await freePort();
    const run = await runSipp({
      scenario: 'register.xml',
      remote,
      transport,
      localPort: port,
      service: anna.sipNumber,
      user: anna.sipNumber,
      password: 'wrong-password',
      keys: { contact_port: String(port) },
      timeoutSeconds: 4,
    }).done;
    expect(run.code).not.toBe(0);
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
  });

  it('connects a call from a UAC to a registered UAS, INVITE to BYE', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const callKey = `call-${transport}-${Date.now()}`;
    const uas = runSipp({
      scenario: 'uas-registered.xml',
      remote,
      transport,
      localPort: await freePort(),
      service: boris.sipNumber,
      user: boris.sipNumber,
      password: boris.password,
      extra: ['-cid_str', `${callKey}-%u`],
    });
    await until(() => pbx.pbx.bindings.list(boris.sipNumber).length === 1);
    const uac = runSipp({
      scenario: 'uac-call.xml',
      remote,
      transport,
      localPort: await freePort(),
      service: boris.sipNumber,
      user: anna.sipNumber,
      password: anna.password,
      extra: ['-cid_str', `${callKey}-%u`, '-d', '100'],
      keys: { caller: anna.sipNumber },
    });
    succeeded(await uac.done);
    succeeded(await uas.done);
    // Call records are written in batches a few milliseconds apart.
    await untilAsync(
      async () => (await pbx.store.callRecords.getByCallId(`${callKey}-1`))?.result != null,
    );
    const record = await pbx.store.callRecords.getByCallId(`${callKey}-1`);
    expect(record).toMatchObject({
      callerNumber: anna.sipNumber,
      callerName: 'Anna Ivanova',
      calleeNumber: boris.sipNumber,
      result: 'answered',
    });
    expect(record?.answeredAt).toBeGreaterThan(0);
    expect(record?.endedAt).toBeGreaterThanOrEqual(record?.answeredAt ?? Infinity);
  });
});

describe('forking over UDP', () => {
  it('rings two devices; one answers, the other gets CANCEL "Call completed elsewhere"', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { multiTerminal: true });
    const callKey = `fork-${Date.now()}`;
    const device = (scenario: string, port: number) =>
      runSipp({
        scenario,
        remote,
        transport: 'u1',
        localPort: port,
        service: boris.sipNumber,
        user: boris.sipNumber,
        password: boris.password,
        extra: ['-cid_str', `${callKey}-%u`],
      });
    const cancelled = device('uas-cancelled.xml', await freePort());
    await until(() => pbx.pbx.bindings.list(boris.sipNumber).length === 1);
    // The answering device starts later and so answers the INVITE it gets after the 180 of the first.
    const answering = device('uas-registered.xml', await freePort());
    await until(() => pbx.pbx.bindings.list(boris.sipNumber).length === 2);
    const uac = runSipp({
      scenario: 'uac-call.xml',
      remote,
      transport: 'u1',
      localPort: await freePort(),
      service: boris.sipNumber,
      user: anna.sipNumber,
      password: anna.password,
      extra: ['-cid_str', `${callKey}-%u`, '-d', '100'],
      keys: { caller: anna.sipNumber },
    });
    succeeded(await uac.done);
    succeeded(await answering.done);
    succeeded(await cancelled.done);
  });
});

describe('retransmission over UDP', () => {
  it('completes the call when the UAS missed the first INVITE', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const uasPort = await freePort();
    // Boris's phone registers a Contact on uasPort, where nothing listens yet.
    succeeded(
      await runSipp({
        scenario: 'register.xml',
        remote,
        transport: 'u1',
        localPort: await freePort(),
        service: boris.sipNumber,
        user: boris.sipNumber,
        password: boris.password,
        keys: { contact_port: String(uasPort) },
      }).done,
    );
    const uac = runSipp({
      scenario: 'uac-call.xml',
      remote,
      transport: 'u1',
      localPort: await freePort(),
      service: boris.sipNumber,
      user: anna.sipNumber,
      password: anna.password,
      extra: ['-cid_str', `retrans-${Date.now()}-%u`, '-d', '100'],
      keys: { caller: anna.sipNumber },
    });
    // The first INVITE is lost; the phone comes up before Timer A's retransmission at 500 ms.
    await untilAsync(async () => (await pbx.company.callRecords.list()).length === 1);
    await new Promise((r) => setTimeout(r, 150));
    const uas = runSipp({ scenario: 'uas-rr.xml', transport: 'u1', localPort: uasPort });
    succeeded(await uac.done);
    succeeded(await uas.done);
  });
});
