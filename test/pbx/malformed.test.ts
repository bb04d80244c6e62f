import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inDialogRequests,
  MALFORMED_MESSAGES,
  strayResponses,
  type Target,
} from '../fixtures/sip/malformed';
import { RawSipClient, registerWithDigest, type RawTransport } from '../support/raw-sip-client';
import { startTestPbx, type TestPbx } from '../support/pbx';

let pbx: TestPbx;

beforeAll(async () => {
  pbx = await startTestPbx();
});

afterAll(async () => {
  await pbx.stop();
});

const portFor = (transport: RawTransport) =>
  transport === 'ws' ? pbx.pbx.ports.http : pbx.pbx.ports.sip;

/** The largest UDP payload; a bigger message cannot be sent as one datagram. */
const UDP_MAX = 65_507;

describe.each(['udp', 'tcp', 'ws'] as const)('malformed messages over %s', (transport) => {
  it.each(MALFORMED_MESSAGES.map((m) => [m.name, m] as const))(
    '%s: answered as expected, and a valid REGISTER still gets 200',
    async (name, malformed) => {
      // Each case registers a device of its own number (multi-terminal off: one device each).
      const employee = await pbx.addEmployee(`${transport} ${name}`);
      if (transport === 'udp' && malformed.data.length > UDP_MAX) {
        expect(malformed.expect).toBeDefined();
        return;
      }
      const victim = await RawSipClient.connect(transport, portFor(transport));
      victim.send(malformed.data);
      // Stream framing may be lost for good after some messages: a fresh connection registers.
      const registrar =
        transport === 'udp' ? victim : await RawSipClient.connect(transport, portFor(transport));
      expect(await registerWithDigest(registrar, employee.sipNumber, employee.password)).toBe(200);
      await new Promise((r) => setTimeout(r, transport === 'udp' ? 0 : 30));

      const answers = [
        ...victim.responses
          .filter((r) => r.headers.get('cseq')?.includes('REGISTER') !== true)
          .map((r) => r.status),
        ...victim.unparsed.map((r) => r.status),
      ];
      if (transport === 'udp') {
        expect(answers).toEqual(malformed.expect === '400' ? [400] : []);
      } else if (transport === 'tcp' && malformed.name === 'content-length-smaller-than-body') {
        // On a stream, Content-Length decides where the message ends (RFC 3261 §18.3): the
        // framed part is a valid request, and the rest is garbage that closes the connection.
        expect(answers).toHaveLength(1);
      } else {
        // On a stream the PBX may only be able to close the connection (framing is lost).
        expect(answers).toEqual(answers.length === 0 ? [] : [400]);
      }
      victim.close();
      if (registrar !== victim) registrar.close();
    },
  );
});

it('counts what it could not answer', () => {
  const stats = pbx.pbx.transport.stats;
  expect(stats.malformed).toBeGreaterThanOrEqual(MALFORMED_MESSAGES.length * 2);
  expect(stats.answeredBadRequest + stats.dropped).toBe(stats.malformed);
});

/** Where a client's messages go: the PBX's host and SIP port, in the client's Via. */
const targetOf = (client: RawSipClient): Target => ({
  host: '127.0.0.1',
  port: pbx.pbx.ports.sip,
  transport: client.transport.toUpperCase(),
  localPort: client.localPort() || 5099,
});

describe.each(['udp', 'tcp', 'ws'] as const)(
  'hostile messages on stateful paths over %s',
  (transport) => {
    it('stray responses naming the PBX are all dropped, none relayed, none a fault', async () => {
      const client = await RawSipClient.connect(transport, portFor(transport));
      const stats = pbx.pbx.stats;
      const before = stats.strayResponses + stats.dropped;
      const cases = strayResponses(targetOf(client));
      for (const stray of cases) client.send(stray.data);
      const employee = await pbx.addEmployee(`${transport} after strays`);
      expect(await registerWithDigest(client, employee.sipNumber, employee.password)).toBe(200);
      expect(stats.strayResponses + stats.dropped - before).toBe(cases.length);
      expect(client.requests).toEqual([]);
      expect(stats.faults).toBe(0);
      client.close();
    });

    it('in-dialog requests with broken routes and headers get the answer each deserves', async () => {
      const client = await RawSipClient.connect(transport, portFor(transport));
      const cases = inDialogRequests(targetOf(client));
      for (const hostile of cases) client.send(hostile.data);
      await new Promise((r) => setTimeout(r, 300));
      const answers = new Map(
        client.responses.map((r) => [
          r.headers
            .get('call-id')
            ?.split('@')[0]
            ?.replace(/^dialog-\d+-/, ''),
          r.status,
        ]),
      );
      for (const hostile of cases) {
        expect([hostile.name, answers.get(hostile.name) ?? 'drop']).toEqual([
          hostile.name,
          hostile.expect,
        ]);
      }
      expect(pbx.pbx.stats.faults).toBe(0);
      client.close();
    });
  },
);
