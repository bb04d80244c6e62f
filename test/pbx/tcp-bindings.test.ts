/**
 * TCP by RFC 3261 (issue 21 item 5): a plain TCP phone's binding survives its connection, and
 * the PBX reaches it over a new connection to its Contact. WebSocket and RFC 5626 (outbound)
 * bindings go with their connection, as before.
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestPbx, TEST_DOMAIN, type TestEmployee, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import { tcpListening } from '../support/ports';
import { busyTcpPhone } from '../support/tcp-phone';
import { registerContact, requestWithDigest, type RawTransport } from '../support/raw-sip-client';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { freePort, runSipp, type SippRun } from '../support/sipp';
import { expectSucceeded, killSippCalls, newCallKey, sippCall } from '../support/sipp-call';

let pbx: TestPbx;
let remote: string;

beforeEach(async () => {
  pbx = await startTestPbx();
  remote = `127.0.0.1:${pbx.pbx.ports.sip}`;
});

afterEach(async () => {
  killSippCalls();
  closeSipClients();
  await pbx.stop();
});

const succeeded = (run: SippRun) => {
  expect(run.code, `SIPp failed:\n${run.stdout.slice(-1500)}\n${run.errors}`).toBe(0);
};

/**
 * `party`'s phone registers over TCP (register.xml), Contact on `contactPort`, and SIPp exits:
 * resolves once the PBX has seen the connection close (the binding stays).
 */
async function registeredThenClosed(party: TestEmployee, contactPort: number): Promise<void> {
  succeeded(
    await runSipp({
      scenario: 'register.xml',
      remote,
      transport: 't1',
      localPort: await freePort(),
      service: party.sipNumber,
      user: party.sipNumber,
      password: party.password,
      keys: { contact_port: String(contactPort) },
    }).done,
  );
  const bound = () => pbx.pbx.bindings.list(party.sipNumber);
  await until(() => bound().every((b) => !b.flow.open), 3000, 'the registration connection closed');
  expect(bound()).toHaveLength(1);
}

describe('a plain RFC 3261 TCP phone', () => {
  it('whose connection closed is called over a new TCP connection to its Contact', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const contactPort = await freePort();
    await registeredThenClosed(boris, contactPort);
    // The phone listens on its Contact's port again, over TCP; Anna calls Boris.
    const phone = runSipp({ scenario: 'uas-rr.xml', transport: 't1', localPort: contactPort });
    await until(() => tcpListening(contactPort), 5000, 'SIPp listening');
    await expectSucceeded(await sippCall(pbx, anna, boris, 'uac-call.xml', { pauseMs: 100 }));
    succeeded(await phone.done);
  });
});

describe('a plain RFC 3261 TCP phone (SIPp) that registers again on a new connection', () => {
  // One device: the registrar may also take it for a restarted phone; multi-terminal: only for
  // a reconnected one (else it would be a second device, and the old Contact called too).
  it.each([false, true])(
    'under a new Contact is called there, and never at its old Contact (multi-terminal %s)',
    async (multiTerminal) => {
      const anna = await pbx.addEmployee('Anna Ivanova');
      const boris = await pbx.addEmployee('Boris Petrov');
      await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { multiTerminal });
      const oldContact = await freePort();
      await registeredThenClosed(boris, oldContact);
      const bound = () => pbx.pbx.bindings.list(boris.sipNumber);
      // Were the old binding still called, the PBX would connect here.
      let oldContactCalled = 0;
      const old = net.createServer((socket) => {
        oldContactCalled++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => old.listen(oldContact, '127.0.0.1', resolve));
      try {
        // The phone restarts on another port: it registers over a new connection, Contact on that
        // port (uas-registered.xml), and answers the call that comes over that connection.
        const newPort = await freePort();
        const callKey = newCallKey('tcp-again');
        const phone = runSipp({
          scenario: 'uas-registered.xml',
          remote,
          transport: 't1',
          localPort: newPort,
          service: boris.sipNumber,
          user: boris.sipNumber,
          password: boris.password,
          extra: ['-cid_str', `${callKey}-%u`],
        });
        await until(() => bound().some((b) => b.flow.open), 10_000, 'the phone registered again');
        expect(bound().map((b) => b.contact.port)).toEqual([newPort]);
        const options = { pauseMs: 100, callKey };
        await expectSucceeded(await sippCall(pbx, anna, boris, 'uac-call.xml', options));
        succeeded(await phone.done);
        expect(oldContactCalled, 'connections to the old Contact').toBe(0);
      } finally {
        old.close();
      }
    },
  );
});

describe('the connection the PBX opens to a TCP phone', () => {
  it('is counted by the connection guard and reused by the next call', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const phone = await busyTcpPhone();
    try {
      const registration = await sipClient(pbx, 'tcp');
      const registered = await registerContact(registration, boris, {
        contact: `<sip:${boris.sipNumber}@127.0.0.1:${phone.port};transport=tcp>`,
      });
      expect(registered.status).toBe(200);
      registration.close();
      const guard = pbx.pbx.transport.guard;
      await until(() => guard.size === 0, 3000, 'the registration connection closed');
      const caller = await sipClient(pbx, 'udp');
      const call = () =>
        requestWithDigest(caller, {
          method: 'INVITE',
          uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
          sipNumber: anna.sipNumber,
          password: anna.password,
          waitMs: 5000,
        });
      expect((await call()).status).toBe(486);
      expect(guard.size).toBe(1);
      expect((await call()).status).toBe(486);
      expect([phone.connections, phone.invites]).toEqual([1, 2]);
    } finally {
      phone.server.close();
    }
  });
});

describe('a TCP phone that no longer listens on its Contact', () => {
  it('ends the call at once (the connection is refused), not after Timer B', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const deadPort = await freePort(); // nothing listens there
    const registration = await sipClient(pbx, 'tcp');
    const registered = await registerContact(registration, boris, {
      contact: `<sip:${boris.sipNumber}@127.0.0.1:${deadPort};transport=tcp>`,
    });
    expect(registered.status).toBe(200);
    registration.close();
    await until(() => pbx.pbx.transport.guard.size === 0, 3000, 'the registration closed');
    const caller = await sipClient(pbx, 'udp');
    const started = Date.now();
    const response = await requestWithDigest(caller, {
      method: 'INVITE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      waitMs: 5000, // Timer B is 32 s
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).not.toBe(408);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

/** Anna's REGISTER over `transport` with the Contact parameters given; the client and status. */
async function registerOver(transport: RawTransport, contactParams: string) {
  const anna = await pbx.addEmployee('Anna Ivanova');
  const client = await sipClient(pbx, transport);
  const host = transport === 'ws' ? 'df7jal23ls0d.invalid' : `127.0.0.1:${client.localPort()}`;
  const response = await registerContact(client, anna, {
    contact: `<sip:${anna.sipNumber}@${host};transport=${transport}>${contactParams}`,
  });
  expect(response.status).toBe(200);
  return { client, bound: () => pbx.pbx.bindings.list(anna.sipNumber).length };
}

describe('a binding that goes with its connection', () => {
  const outbound = ';+sip.instance="<urn:uuid:00000000-0000-4000-8000-0000000000b1>";reg-id=1';

  it('a WebSocket binding is dropped when its connection closes', async () => {
    const { client, bound } = await registerOver('ws', '');
    expect(bound()).toBe(1);
    client.close();
    await until(() => bound() === 0, 3000, 'the WebSocket binding dropped');
  });

  it('an RFC 5626 outbound TCP binding (reg-id) is dropped when its connection closes', async () => {
    const { client, bound } = await registerOver('tcp', outbound);
    client.close();
    await until(() => bound() === 0, 3000, 'the outbound binding dropped');
  });

  it('a plain TCP binding stays when its connection closes', async () => {
    const { client, bound } = await registerOver('tcp', '');
    client.close();
    await until(() => client.closed, 3000, 'closed');
    await new Promise((r) => setTimeout(r, 200));
    expect(bound()).toBe(1);
  });
});

describe('a plain TCP phone that reconnects', () => {
  it('replaces its binding on a new connection, on a multi-terminal number too: it does not pile up', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { multiTerminal: true });
    await pbx.pbx.directory.sync();
    const bound = () => pbx.pbx.bindings.list(anna.sipNumber);
    // Five reconnections, each with a new Contact and no User-Agent: one device all along.
    for (let i = 0; i < 5; i++) {
      const client = await sipClient(pbx, 'tcp');
      const response = await registerContact(client, anna, {
        contact: `<sip:${anna.sipNumber}@127.0.0.1:${client.localPort()};transport=tcp>`,
      });
      expect(response.status, `registration ${i + 1}`).toBe(200);
      client.close();
      await until(() => bound().every((b) => !b.flow.open), 3000, 'the connection closed');
    }
    expect(bound()).toHaveLength(1);
  });
});
