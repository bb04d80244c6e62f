import { describe, expect, it } from 'vitest';
import { grownTables, rssDrift, trend } from './counters';
import { stackTop } from './crash';
import type { HarnessFault } from './harness-protocol';
import { FAMILIES, mutate, type MutationEnv, type Role } from './mutations';
import { Prng, scenarioPrng } from './prng';
import { scenarioKind, SCENARIO_NAMES } from './scenarios';
import { Outgoing, readMessage, StreamReader } from './wire';

const ENV: MutationEnv = {
  pbxVia: 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKpbx;rport',
  pbxPort: 5070,
  domain: 'pbx.test',
  sinkPort: 40123,
};

function sample(role: Role): Outgoing {
  if (role === 'response') {
    return new Outgoing(
      'SIP/2.0 200 OK',
      [
        ['Via', ENV.pbxVia],
        ['Via', 'SIP/2.0/TCP 127.0.0.1:40999;branch=z9hG4bKfzabc;rport=40999'],
        ['Record-Route', '<sip:pbxf-3@127.0.0.1:5070;transport=tcp;lr>'],
        ['From', '<sip:0123456@pbx.test>;tag=a'],
        ['To', '<sip:0654321@pbx.test>;tag=b'],
        ['Call-ID', 'c1'],
        ['CSeq', '1 INVITE'],
        ['Contact', '<sip:0654321@127.0.0.1:40999;transport=tcp>'],
      ],
      'v=0\r\n',
    );
  }
  return new Outgoing(
    `${role === 'in-dialog' ? 'REFER' : 'INVITE'} sip:0654321@pbx.test SIP/2.0`,
    [
      ['Via', 'SIP/2.0/UDP 127.0.0.1:40999;rport;branch=z9hG4bKfzabc'],
      ['Route', '<sip:127.0.0.1:5070;lr>'],
      ['Max-Forwards', '70'],
      ['From', '<sip:0123456@pbx.test>;tag=a'],
      ['To', `<sip:0654321@pbx.test>${role === 'in-dialog' ? ';tag=b' : ''}`],
      ['Call-ID', 'c1'],
      ['CSeq', `1 ${role === 'in-dialog' ? 'REFER' : 'INVITE'}`],
      ['Contact', '<sip:0123456@127.0.0.1:40999>'],
      ['Refer-To', '<sip:0777777@pbx.test>'],
    ],
    'v=0\r\n',
  );
}

describe('the fuzzer is a function of its seed', () => {
  it('the same seed gives the same numbers, and forks do not disturb each other', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    expect(Array.from({ length: 5 }, () => a.u32())).toEqual(
      Array.from({ length: 5 }, () => b.u32()),
    );
    const one = new Prng(7);
    one.fork('x').u32();
    expect(one.fork('y').u32()).toBe(new Prng(7).fork('y').u32());
    expect(scenarioPrng(1, 2).u32()).not.toBe(scenarioPrng(1, 3).u32());
  });

  it('a scenario index always plays the same scenario, and every scenario is played', () => {
    const kinds = Array.from({ length: 400 }, (_, i) => scenarioKind(5, i, true));
    expect(kinds).toEqual(Array.from({ length: 400 }, (_, i) => scenarioKind(5, i, true)));
    expect(new Set(kinds)).toEqual(new Set(SCENARIO_NAMES));
    expect(Array.from({ length: 400 }, (_, i) => scenarioKind(5, i, false))).not.toContain(
      'transfer',
    );
  });

  it('a mutation is the same bytes for the same seed', () => {
    for (const role of ['request', 'in-dialog', 'response'] as const) {
      const first = mutate(sample(role), role, new Prng(9), ENV, new Set());
      const again = mutate(sample(role), role, new Prng(9), ENV, new Set());
      expect(again).toEqual(first);
    }
  });
});

describe('mutations', () => {
  const all = (role: Role, without = new Set<string>(), stream = false) =>
    Array.from({ length: 3000 }, (_, i) =>
      mutate(sample(role), role, new Prng(i), ENV, without, stream)!,
    );

  it('every family is used, and a family left out is never used', () => {
    const used = new Set(
      (['request', 'in-dialog', 'response'] as const).flatMap((role) =>
        all(role).map((m) => m.name.split(':')[0]),
      ),
    );
    expect([...used].sort()).toEqual([...FAMILIES].sort());
    const without = all('response', new Set(['contact', 'proto-header']));
    expect(without.some((m) => /^(contact|proto-header):/.test(m.name))).toBe(false);
  });

  it('a message for a device’s stream keeps its framing (no byte-level or length breakage)', () => {
    const names = all('in-dialog', new Set(), true).map((m) => m.name.split(':')[0]);
    expect(names).not.toContain('bytes');
    expect(names).not.toContain('content-length');
  });

  it('names no address but 127.0.0.1 on the PBX’s port, the sink or the original ports', () => {
    const foreign: string[] = [];
    for (const role of ['request', 'in-dialog', 'response'] as const) {
      for (const m of all(role)) {
        const text = m.bytes.toString('latin1');
        for (const quad of new Set(
          [...text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)].map((q) => q[0]),
        )) {
          // Octets over 255 are no address at all; 0.0.0.0 is SDP's "on hold".
          if (quad.split('.').some((o) => Number(o) > 255)) continue;
          if (quad !== '127.0.0.1' && quad !== '0.0.0.0') foreign.push(`${m.name}: ${quad}`);
        }
        for (const [, port] of text.matchAll(/127\.0\.0\.1:(\d+)/g)) {
          if (Number(port) === 0 || Number(port) > 65535) continue; // no port at all
          if (!['5070', '40123', '40999'].includes(port!)) foreign.push(`${m.name}: port ${port}`);
        }
      }
    }
    expect([...new Set(foreign)]).toEqual([]);
  });
});

describe('the fuzzer’s own SIP reading', () => {
  it('frames a stream cut anywhere and messages joined in one chunk', () => {
    const one = sample('request').bytes();
    const got: string[] = [];
    const reader = new StreamReader((data) => got.push(readMessage(data)!.method));
    const both = Buffer.concat([one, Buffer.from('\r\n\r\n'), one]);
    for (let i = 0; i < both.length; i += 7) reader.push(both.subarray(i, i + 7));
    expect(got).toEqual(['INVITE', 'INVITE']);
  });
});

describe('crash identity', () => {
  const fault = (line: number): HarnessFault => ({
    type: 'fault',
    kind: 'uncaughtException',
    origin: 'uncaughtException',
    name: 'SipParseError',
    message: 'Bad URI',
    stack:
      `SipParseError: Bad URI\n    at parseUri (/w/pbx/sip/uri.ts:${line}:68)\n` +
      '    at StatelessRelay.flowToVia (/w/pbx/routing/relay.ts:42:25)\n' +
      '    at StatelessRelay.relayResponse (/w/pbx/routing/relay.ts:26:71)\n' +
      '    at Object.onStrayResponse (/w/pbx/server.ts:96:42)',
  });

  it('one throwing call site is one crash, whichever line of the parser throws', () => {
    expect(stackTop(fault(119))).toBe(stackTop(fault(149)));
    expect(stackTop(fault(119))).toBe(
      'SipParseError: Bad URI @ StatelessRelay.flowToVia (pbx/routing/relay.ts) < ' +
        'StatelessRelay.relayResponse (pbx/routing/relay.ts)',
    );
  });
});

describe('memory over the run', () => {
  const sample = (rss: number, tables: Record<string, number> = {}) => ({
    rss,
    heapUsed: rss / 2,
    tables,
  });

  it('takes the drift as a trend, so one noisy batch does not decide it', () => {
    // The last batch alone 12 % above the first; the line through all of them barely rises.
    const memory = { samples: [100, 104, 98, 101, 99, 103, 112].map((mb) => sample(mb)) };
    expect(Math.abs(rssDrift(memory)!)).toBeLessThan(0.1);
    expect(trend([100, 110, 120, 130])).toBeCloseTo(0.3);
  });

  it('names the tables that keep growing as leak suspects', () => {
    const samples = [
      sample(100, { 'core.dialogs.calls': 40, 'core.transactions.clients': 500 }),
      sample(100, { 'core.dialogs.calls': 900, 'core.transactions.clients': 520 }),
    ];
    expect(grownTables(samples)).toEqual(['core.dialogs.calls 40 → 900']);
  });
});
