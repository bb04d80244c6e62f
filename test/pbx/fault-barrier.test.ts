/**
 * The fault barrier per message (issue 18): whatever the handling of one message throws is
 * caught at the transport, logged once on one line with {flow, callId, cseq, error}, counted in
 * `stats.faults`, answered `500` when it was a request, and the next message is served. A fault
 * is injected through the `observeMessage` hook, which runs inside the handling of each message.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../pbx/log';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import {
  registerWithDigest,
  requestWithDigest,
  type RawSipClient,
} from '../support/raw-sip-client';
import { freePort } from '../support/sipp';

let pbx: TestPbx;
const lines: string[] = [];

/** A client number whose region lookup (caller-ID routing of an outside call) throws. */
const FAULTY_CLIENT = '+79990000000';

beforeAll(async () => {
  pbx = await startTestPbx({
    logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    observeMessage: (message) => {
      if (message.headers.has('x-test-fault')) throw new TypeError('injected fault');
    },
    trunk: { transport: 'udp', host: '127.0.0.1', port: await freePort() },
    regionsOf: (e164) => {
      if (e164 === FAULTY_CLIENT) throw new RangeError('injected routing fault');
      return [];
    },
  });
  await pbx.company.companyNumbers.create({
    number: '+74952300000',
    region: 'Москва',
    enabled: true,
    isDefault: true,
    inboundEmployeeId: null,
  });
});

afterAll(async () => {
  closeSipClients();
  await pbx.stop();
});

function options(client: RawSipClient, callId: string, fault: boolean): string {
  return [
    `OPTIONS sip:${TEST_DOMAIN} SIP/2.0`,
    `Via: SIP/2.0/${client.transport.toUpperCase()} 127.0.0.1:${client.localPort() || 5099};rport;branch=z9hG4bK${randomBytes(5).toString('hex')}`,
    'Max-Forwards: 70',
    `From: <sip:0100001@${TEST_DOMAIN}>;tag=f${randomBytes(3).toString('hex')}`,
    `To: <sip:${TEST_DOMAIN}>`,
    `Call-ID: ${callId}`,
    'CSeq: 7 OPTIONS',
    ...(fault ? ['X-Test-Fault: yes'] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe.each(['udp', 'tcp', 'ws'] as const)(
  'a message whose handling throws, over %s',
  (transport) => {
    it('is answered 500, logged once on one line, counted; the next message is served', async () => {
      const client = await sipClient(pbx, transport);
      const faults = pbx.pbx.stats.faults;
      const logged = lines.length;
      const callId = `fault-${transport}-${randomBytes(4).toString('hex')}`;
      const faulty = options(client, callId, true);
      const next = options(client, `${callId}-next`, false);
      // On TCP in one write: both messages arrive in one segment, the second after the fault.
      if (transport === 'tcp') client.send(faulty + next);
      else for (const message of [faulty, next]) client.send(message);
      const answer = await client.waitFor((r) => r.headers.get('call-id') === callId);
      expect([answer.status, answer.reason]).toEqual([500, 'Server Internal Error']);
      const served = await client.waitFor((r) => r.headers.get('call-id') === `${callId}-next`);
      expect(served.status).toBe(200);
      expect(pbx.pbx.stats.faults).toBe(faults + 1);
      const written = lines
        .slice(logged)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(written).toEqual([
        expect.objectContaining({
          event: 'fault',
          callId,
          cseq: '7 OPTIONS',
          flow: expect.stringMatching(new RegExp(`^${transport}:127\\.0\\.0\\.1:`)),
          error: expect.stringContaining('TypeError: injected fault'),
        }),
      ]);
      expect(lines.at(-1)).not.toContain('\\n    at ');
      const employee = await pbx.addEmployee(`after fault ${transport}`);
      expect(await registerWithDigest(client, employee.sipNumber, employee.password)).toBe(200);
    });
  },
);

it('a response whose handling throws is dropped and counted', async () => {
  const client = await sipClient(pbx, 'udp');
  const faults = pbx.pbx.stats.faults;
  client.send(
    [
      'SIP/2.0 200 OK',
      `Via: SIP/2.0/UDP 127.0.0.1:${pbx.pbx.ports.sip};branch=z9hG4bKfaultresponse`,
      `From: <sip:0100001@${TEST_DOMAIN}>;tag=a`,
      `To: <sip:0100002@${TEST_DOMAIN}>;tag=b`,
      'Call-ID: fault-response',
      'CSeq: 1 INVITE',
      'X-Test-Fault: yes',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  const employee = await pbx.addEmployee('after a faulty response');
  expect(await registerWithDigest(client, employee.sipNumber, employee.password)).toBe(200);
  expect(pbx.pbx.stats.faults).toBe(faults + 1);
  expect(client.responses.filter((r) => r.headers.get('call-id') === 'fault-response')).toEqual([]);
});

it('a fault inside the routing of a call is answered once, 500, by its transaction', async () => {
  const anna = await pbx.addEmployee('Anna Ivanova');
  const phone = await sipClient(pbx, 'udp');
  const faults = pbx.pbx.stats.faults;
  const final = await requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:${FAULTY_CLIENT}@${TEST_DOMAIN}`,
    sipNumber: anna.sipNumber,
    password: anna.password,
  });
  expect(final.status).toBe(500);
  await new Promise((r) => setTimeout(r, 100));
  const callId = final.headers.get('call-id');
  expect(
    phone.responses.filter((r) => r.headers.get('call-id') === callId && r.status === 500),
  ).toHaveLength(1);
  expect(pbx.pbx.stats.faults).toBe(faults + 1);
  expect(pbx.pbx.dialogs.size).toBe(0);
});
