import { describe, expect, it } from 'vitest';
import { parseContact, type NameAddr } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import { SipError } from '../sip/sip-error';
import { makeRequest } from '../sip/transaction/test-support';
import { TestFlow } from '../sip/transport/test-flow';
import type { Flow } from '../sip/transport/flow';
import { parseUri } from '../sip/uri';
import { BindingTable, type Binding } from './bindings';
import { Registrar, registerTarget } from './registrar';

const T0 = 1_700_000_000_000;

function binding(overrides: Partial<Binding> & { key: string; flow: Flow }): Binding {
  return {
    sipNumber: '0100001',
    contact: parseUri(`sip:${overrides.key}@198.51.100.7:5062`),
    contactParams: {},
    deviceKind: 'third-party',
    callId: 'call-1',
    cseq: 1,
    registeredAt: T0,
    expiresAt: T0 + 3600_000,
    ...overrides,
  };
}

describe('BindingTable', () => {
  it('adds bindings and replaces one with the same key', () => {
    const added: string[] = [];
    const table = new BindingTable({ onAdded: (b) => added.push(b.key) });
    const flow = new TestFlow('udp:a');
    table.put(binding({ key: 'a', flow }));
    table.put(binding({ key: 'b', flow }));
    expect(table.size).toBe(2);
    const refreshed = binding({ key: 'a', flow, cseq: 2, expiresAt: T0 + 7200_000 });
    table.put(refreshed);
    expect(table.size).toBe(2);
    expect(table.find('0100001', 'a')).toBe(refreshed);
    expect(table.list('0100001', T0).map((b) => b.key)).toEqual(['a', 'b']);
    expect(added).toEqual(['a', 'b']); // a refresh is not a new device
  });

  it('lists only live bindings: not expired, flow still open', () => {
    const table = new BindingTable();
    const udp = new TestFlow('udp:a');
    const ws = new TestFlow('ws:1', 'ws');
    table.put(binding({ key: 'a', flow: udp, expiresAt: T0 + 1000 }));
    table.put(binding({ key: 'b', flow: ws }));
    table.put(binding({ key: 'c', flow: udp, sipNumber: '0100002' }));
    expect(table.list('0100001', T0).map((b) => b.key)).toEqual(['a', 'b']);
    expect(table.list('0100001', T0 + 1000).map((b) => b.key)).toEqual(['b']);
    ws.open = false;
    expect(table.list('0100001', T0).map((b) => b.key)).toEqual(['a']);
    expect(table.list('0100009', T0)).toEqual([]);
  });

  it('removes every binding of a closed flow, and only those', () => {
    const removed: string[] = [];
    const table = new BindingTable({ onRemoved: (b) => removed.push(`${b.sipNumber}/${b.key}`) });
    const ws = new TestFlow('ws:1', 'ws');
    const tcp = new TestFlow('tcp:2', 'tcp');
    table.put(binding({ key: 'a', flow: ws }));
    table.put(binding({ key: 'b', flow: ws, sipNumber: '0100002' }));
    table.put(binding({ key: 'c', flow: tcp }));
    expect(table.removeFlow('ws:1')).toBe(2);
    expect(removed.sort()).toEqual(['0100001/a', '0100002/b']);
    expect(table.size).toBe(1);
    expect(table.list('0100002', T0)).toEqual([]);
    expect(table.removeFlow('ws:1')).toBe(0);
  });

  it('keeps a plain TCP binding whose connection closed, listed, but no longer by its flow', () => {
    const table = new BindingTable();
    const tcp = new TestFlow('tcp:1', 'tcp');
    table.put(binding({ key: 'plain', flow: tcp, outlivesFlow: true }));
    table.put(binding({ key: 'outbound', flow: tcp }));
    tcp.open = false;
    expect(table.removeFlow('tcp:1')).toBe(1);
    expect(table.list('0100001', T0).map((b) => b.key)).toEqual(['plain']);
    expect(table.usesFlow('tcp:1')).toBe(false);
  });

  it('moves a binding refreshed over another flow off the old flow', () => {
    const table = new BindingTable();
    const old = new TestFlow('ws:old', 'ws');
    const now = new TestFlow('ws:new', 'ws');
    table.put(binding({ key: 'a', flow: old }));
    table.put(binding({ key: 'a', flow: now }));
    expect(table.removeFlow('ws:old')).toBe(0);
    expect(table.size).toBe(1);
    expect(table.removeFlow('ws:new')).toBe(1);
    expect(table.size).toBe(0);
  });

  it('removes a number, one binding, and sweeps expired ones', () => {
    const removed: string[] = [];
    const table = new BindingTable({ onRemoved: (b) => removed.push(b.key) });
    const flow = new TestFlow('udp:a');
    table.put(binding({ key: 'a', flow }));
    table.put(binding({ key: 'b', flow, expiresAt: T0 + 1000 }));
    table.put(binding({ key: 'c', flow, sipNumber: '0100002', expiresAt: T0 + 1000 }));
    table.put(binding({ key: 'd', flow, sipNumber: '0100003' }));
    expect(table.sweep(T0 + 999)).toBe(0);
    expect(table.sweep(T0 + 1000)).toBe(2);
    expect(removed).toEqual(['b', 'c']);
    expect(table.size).toBe(2);
    expect([...table.numbers()].sort()).toEqual(['0100001', '0100003']);
    expect(table.remove('0100003', 'd')).toBe(true);
    expect(table.remove('0100003', 'd')).toBe(false);
    table.put(binding({ key: 'e', flow }));
    expect(table.removeNumber('0100001')).toBe(2);
    expect(table.size).toBe(0);
    expect(table.removeNumber('0100001')).toBe(0);
    expect(table.removeFlow('udp:a')).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

/** The SIP number registering, with multi-terminal on (device rules: their own tests). */
const NUMBER = { number: '0100001', multiTerminal: true };

const INSTANCE = '"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"';

function setup(options: { maxExpires?: number } = {}) {
  const clock = { t: T0 };
  const bindings = new BindingTable();
  const registrar = new Registrar({
    bindings,
    minExpires: 60,
    maxExpires: options.maxExpires ?? 3600,
    defaultExpires: 3600,
    now: () => clock.t,
  });
  return { clock, bindings, registrar };
}

function register(
  contacts: string[],
  options: {
    expires?: string;
    cseq?: number;
    callId?: string;
    headers?: Record<string, string>;
  } = {},
): SipRequest {
  const r = makeRequest('REGISTER', { cseq: options.cseq ?? 1, callId: options.callId ?? 'reg-1' });
  r.uri = parseUri('sip:pbx.example.com');
  r.headers.set('From', '<sip:0100001@pbx.example.com>;tag=f1');
  r.headers.set('To', '<sip:0100001@pbx.example.com>');
  if (contacts.length > 0) r.headers.set('Contact', contacts);
  if (options.expires !== undefined) r.headers.set('Expires', options.expires);
  for (const [name, value] of Object.entries(options.headers ?? {})) r.headers.set(name, value);
  return r;
}

function contactsOf(response: SipResponse): NameAddr[] {
  return response.headers.getAll('contact').map((c) => parseContact(c) as NameAddr);
}

function refused(fn: () => unknown): SipError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SipError) return error;
    throw error;
  }
  throw new Error('expected a SipError');
}

describe('Registrar.register', () => {
  it('answers a new binding with 200 listing the Contact with its expires', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('udp:1');
    const req = register(['<sip:0100001@198.51.100.7:5062>'], { expires: '600' });
    const response = registrar.register(req, NUMBER, flow);
    expect(response.status).toBe(200);
    expect(response.headers.get('call-id')).toBe('reg-1');
    expect(response.headers.get('cseq')).toBe('1 REGISTER');
    expect(response.headers.getAll('contact')).toEqual([
      '<sip:0100001@198.51.100.7:5062>;expires=600',
    ]);
    expect(response.headers.has('require')).toBe(false);
    const [b] = bindings.list('0100001', T0);
    expect(b).toMatchObject({ flow, sipNumber: '0100001', expiresAt: T0 + 600_000 });
  });

  it('echoes +sip.instance quoted as sent and requires outbound for a reg-id', () => {
    const { registrar } = setup();
    const contact = `<sip:0100001@abcdef.invalid;transport=ws>;+sip.instance=${INSTANCE};reg-id=1`;
    const response = registrar.register(
      register([contact], { expires: '300' }),
      NUMBER,
      new TestFlow('ws:1', 'ws'),
    );
    expect(response.status).toBe(200);
    const [value] = response.headers.getAll('contact');
    expect(value).toContain(`+sip.instance=${INSTANCE}`);
    expect(value).toContain('reg-id=1');
    expect(value).toContain('expires=300');
    expect(response.headers.get('require')).toBe('outbound');
  });

  it('replaces the binding when the same instance refreshes, even with another Contact URI', () => {
    const { registrar, bindings, clock } = setup();
    const ws1 = new TestFlow('ws:1', 'ws');
    registrar.register(
      register([`<sip:a@one.invalid;transport=ws>;+sip.instance=${INSTANCE};reg-id=1`], {
        expires: '300',
      }),
      NUMBER,
      ws1,
    );
    clock.t += 100_000;
    const ws2 = new TestFlow('ws:2', 'ws');
    const response = registrar.register(
      register([`<sip:b@two.invalid;transport=ws>;+sip.instance=${INSTANCE};reg-id=1`], {
        expires: '300',
        cseq: 2,
      }),
      NUMBER,
      ws2,
    );
    expect(bindings.size).toBe(1);
    expect(contactsOf(response).map((c) => c.uri.host)).toEqual(['two.invalid']);
    const [b] = bindings.list('0100001', clock.t);
    expect(b?.flow).toBe(ws2);
    expect(b?.registeredAt).toBe(T0);
    expect(b?.expiresAt).toBe(clock.t + 300_000);
  });

  it('keeps two devices of one number apart and lists both', () => {
    const { registrar, bindings } = setup();
    registrar.register(register(['<sip:0100001@198.51.100.7:5062>']), NUMBER, new TestFlow('1'));
    const response = registrar.register(
      register(['<sip:0100001@198.51.100.8:5060>'], { callId: 'reg-2' }),
      NUMBER,
      new TestFlow('2'),
    );
    expect(bindings.size).toBe(2);
    expect(contactsOf(response).map((c) => c.uri.host)).toEqual(['198.51.100.7', '198.51.100.8']);
  });

  it('removes a binding on Expires: 0 and lists what is left', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1');
    registrar.register(register(['<sip:0100001@198.51.100.7>']), NUMBER, flow);
    registrar.register(register(['<sip:0100001@198.51.100.8>'], { callId: 'other' }), NUMBER, flow);
    const response = registrar.register(
      register(['<sip:0100001@198.51.100.7>'], { expires: '0', cseq: 2 }),
      NUMBER,
      flow,
    );
    expect(response.status).toBe(200);
    expect(contactsOf(response).map((c) => c.uri.host)).toEqual(['198.51.100.8']);
    expect(bindings.size).toBe(1);
  });

  it('removes with a per-contact expires=0 too', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1');
    registrar.register(register(['<sip:0100001@198.51.100.7>']), NUMBER, flow);
    const response = registrar.register(
      register(['<sip:0100001@198.51.100.7>;expires=0'], { expires: '3600', cseq: 2 }),
      NUMBER,
      flow,
    );
    expect(response.headers.has('contact')).toBe(false);
    expect(bindings.size).toBe(0);
  });

  it('removes every binding of the number on Contact: * with Expires: 0', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1');
    registrar.register(register(['<sip:0100001@198.51.100.7>']), NUMBER, flow);
    registrar.register(register(['<sip:0100001@198.51.100.8>'], { callId: 'x' }), NUMBER, flow);
    const other = register(['<sip:0100002@198.51.100.9>']);
    registrar.register(other, { number: '0100002', multiTerminal: false }, flow);
    const response = registrar.register(register(['*'], { expires: '0', cseq: 5 }), NUMBER, flow);
    expect(response.status).toBe(200);
    expect(response.headers.has('contact')).toBe(false);
    expect(bindings.list('0100001', T0)).toEqual([]);
    expect(bindings.list('0100002', T0)).toHaveLength(1);
  });

  it('refuses Contact: * without Expires: 0, or beside other contacts, with 400', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1');
    registrar.register(register(['<sip:0100001@198.51.100.7>']), NUMBER, flow);
    for (const req of [
      register(['*'], { expires: '3600', cseq: 2 }),
      register(['*'], { cseq: 2 }),
      register(['*', '<sip:0100001@198.51.100.8>'], { expires: '0', cseq: 2 }),
    ]) {
      expect(refused(() => registrar.register(req, NUMBER, flow)).status).toBe(400);
    }
    expect(bindings.size).toBe(1);
  });

  it('refuses an interval below Min-Expires with 423 and Min-Expires, changing nothing', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1');
    registrar.register(register(['<sip:0100001@198.51.100.7>'], { expires: '600' }), NUMBER, flow);
    const error = refused(() =>
      registrar.register(
        register(['<sip:0100001@198.51.100.8>', '<sip:0100001@198.51.100.7>;expires=0'], {
          expires: '30',
          callId: 'other',
        }),
        NUMBER,
        flow,
      ),
    );
    expect(error.status).toBe(423);
    expect(error.reason).toBe('Interval Too Brief');
    expect(error.headers['Min-Expires']).toBe('60');
    expect(bindings.list('0100001', T0).map((b) => b.contact.host)).toEqual(['198.51.100.7']);
  });

  it('lets a per-contact expires override the Expires header', () => {
    const { registrar } = setup();
    const response = registrar.register(
      register(['<sip:0100001@198.51.100.7>;expires=120', '<sip:0100001@198.51.100.8>'], {
        expires: '900',
      }),
      NUMBER,
      new TestFlow('1'),
    );
    expect(contactsOf(response).map((c) => c.params.expires)).toEqual(['120', '900']);
  });

  it('defaults to 3600 s and caps an interval above the maximum', () => {
    const { registrar, bindings } = setup({ maxExpires: 1800 });
    const flow = new TestFlow('1');
    const capped = registrar.register(
      register(['<sip:0100001@198.51.100.7>'], { expires: '86400' }),
      NUMBER,
      flow,
    );
    expect(contactsOf(capped)[0]?.params.expires).toBe('1800');
    expect(bindings.list('0100001', T0)[0]?.expiresAt).toBe(T0 + 1800_000);
    const byDefault = registrar.register(
      register(['<sip:0100001@198.51.100.8>'], { callId: 'x' }),
      NUMBER,
      flow,
    );
    expect(contactsOf(byDefault).map((c) => c.params.expires)).toEqual(['1800', '1800']);
  });

  it('counts the listed expires down as time passes and drops expired bindings', () => {
    const { registrar, clock } = setup();
    const flow = new TestFlow('1');
    registrar.register(register(['<sip:0100001@198.51.100.7>'], { expires: '600' }), NUMBER, flow);
    clock.t += 200_000;
    const query = registrar.register(register([], { cseq: 2 }), NUMBER, flow);
    expect(query.headers.getAll('contact')).toEqual(['<sip:0100001@198.51.100.7>;expires=400']);
    clock.t += 400_000;
    const later = registrar.register(register([], { cseq: 3 }), NUMBER, flow);
    expect(later.headers.has('contact')).toBe(false);
  });

  it('multi-terminal off: a second device is refused, the first one refreshing is not', () => {
    const { registrar, bindings } = setup();
    const single = { number: '0100001', multiTerminal: false };
    registrar.register(register(['<sip:0100001@198.51.100.7>']), single, new TestFlow('1'));
    const second = refused(() =>
      registrar.register(
        register(['<sip:0100001@198.51.100.8>'], { callId: 'b' }),
        single,
        new TestFlow('2'),
      ),
    );
    expect([second.status, second.reason, second.token]).toEqual([
      403,
      'Number In Use On Another Device',
      'device-limit',
    ]);
    const refresh = registrar.register(
      register(['<sip:0100001@198.51.100.7>'], { cseq: 2 }),
      single,
      new TestFlow('1'),
    );
    expect(refresh.status).toBe(200);
    expect(bindings.list('0100001', T0)).toHaveLength(1);
  });

  it('multi-terminal off: a phone that restarted with a new Contact replaces its own binding', () => {
    const { registrar, bindings } = setup();
    const single = { number: '0100001', multiTerminal: false };
    const yealink = { headers: { 'User-Agent': 'Yealink T46U' } };
    const before = new TestFlow('udp:198.51.100.7:5062');
    registrar.register(register(['<sip:0100001@198.51.100.7:5062>'], yealink), single, before);
    const after = new TestFlow('udp:198.51.100.7:5070');
    const restarted = registrar.register(
      register(['<sip:0100001@198.51.100.7:5070>'], { ...yealink, callId: 'b' }),
      single,
      after,
      0, // no room for a new device in the company's quota: this is not one
    );
    expect(contactsOf(restarted).map((c) => c.uri.port)).toEqual([5070]);
    expect(bindings.list('0100001', T0).map((b) => b.flow)).toEqual([after]);
    const other = refused(() =>
      registrar.register(
        register(['<sip:0100001@198.51.100.7:5080>'], {
          callId: 'c',
          headers: { 'User-Agent': 'Snom D785' },
        }),
        single,
        new TestFlow('udp:198.51.100.7:5080'),
      ),
    );
    expect(other.reason).toBe('Number In Use On Another Device');
  });

  it('multi-terminal off: the same +sip.instance from another address replaces the binding', () => {
    const { registrar, bindings } = setup();
    const single = { number: '0100001', multiTerminal: false };
    const contact = (host: string, regId: number) =>
      `<sip:0100001@${host}>;+sip.instance=${INSTANCE};reg-id=${regId}`;
    registrar.register(register([contact('198.51.100.7', 1)]), single, new TestFlow('1'));
    const moved = new TestFlow('2', 'udp', '203.0.113.9');
    const response = registrar.register(
      register([contact('203.0.113.9', 2)], { callId: 'b' }),
      single,
      moved,
    );
    expect(response.status).toBe(200);
    expect(bindings.list('0100001', T0).map((b) => b.flow)).toEqual([moved]);
  });

  it('multi-terminal on: the fourth third-party device and the fifth device are refused', () => {
    const { registrar, bindings } = setup();
    const add = (host: string, kind?: string) =>
      registrar.register(
        register([`<sip:0100001@${host}>`], {
          callId: host,
          headers: kind ? { 'X-Device-Kind': kind } : {},
        }),
        NUMBER,
        new TestFlow(host, kind?.startsWith('softphone') ? 'wss' : 'udp'),
      );
    add('198.51.100.1');
    add('198.51.100.2');
    add('198.51.100.3', 'crm-widget');
    const fourthOther = refused(() => add('198.51.100.4'));
    expect([fourthOther.status, fourthOther.reason]).toEqual([403, 'Device Limit Reached']);
    expect(add('198.51.100.5', 'softphone-web').status).toBe(200);
    const fifth = refused(() => add('198.51.100.6', 'softphone-desktop'));
    expect(fifth.token).toBe('device-limit');
    expect(bindings.list('0100001', T0)).toHaveLength(4);
  });

  it('a device that unregisters frees its place in the same REGISTER', () => {
    const { registrar, bindings } = setup();
    const single = { number: '0100001', multiTerminal: false };
    registrar.register(register(['<sip:0100001@198.51.100.7>']), single, new TestFlow('1'));
    const swap = register(['<sip:0100001@198.51.100.7>;expires=0', '<sip:0100001@198.51.100.8>'], {
      cseq: 2,
    });
    expect(registrar.register(swap, single, new TestFlow('1')).status).toBe(200);
    expect(bindings.list('0100001', T0).map((b) => b.contact.host)).toEqual(['198.51.100.8']);
  });

  it('records the device kind from X-Device-Kind, third-party otherwise, and the User-Agent', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1', 'ws');
    registrar.register(
      register(['<sip:0100001@198.51.100.7>'], {
        headers: { 'X-Device-Kind': 'softphone-desktop', 'User-Agent': 'Softphone 1.0' },
      }),
      NUMBER,
      flow,
    );
    registrar.register(
      register(['<sip:0100001@198.51.100.8>'], {
        callId: 'b',
        headers: { 'User-Agent': 'Yealink' },
      }),
      NUMBER,
      flow,
    );
    registrar.register(
      register(['<sip:0100001@198.51.100.9>'], {
        callId: 'c',
        headers: { 'X-Device-Kind': 'toaster' },
      }),
      NUMBER,
      flow,
    );
    expect(
      bindings.list('0100001', T0).map((b) => [b.contact.host, b.deviceKind, b.userAgent]),
    ).toEqual([
      ['198.51.100.7', 'softphone-desktop', 'Softphone 1.0'],
      ['198.51.100.8', 'third-party', 'Yealink'],
      ['198.51.100.9', 'third-party', undefined],
    ]);
  });

  it('counts a softphone kind over UDP, TCP or TLS as third-party: the kept place is not taken', () => {
    const { registrar, bindings } = setup();
    const add = (host: string, protocol: 'udp' | 'tcp' | 'tls' | 'wss') =>
      registrar.register(
        register([`<sip:0100001@${host}>`], {
          callId: host,
          headers: { 'X-Device-Kind': 'softphone-desktop' },
        }),
        NUMBER,
        new TestFlow(host, protocol),
      );
    add('198.51.100.1', 'udp');
    add('198.51.100.2', 'tcp');
    add('198.51.100.3', 'tls');
    expect(bindings.list('0100001', T0).map((b) => b.deviceKind)).toEqual([
      'third-party',
      'third-party',
      'third-party',
    ]);
    expect(refused(() => add('198.51.100.4', 'udp')).token).toBe('device-limit');
    expect(add('198.51.100.5', 'wss').status).toBe(200);
    expect(bindings.list('0100001', T0).map((b) => b.deviceKind)[3]).toBe('softphone-desktop');
  });

  it('marks a TCP/TLS binding without reg-id or ob as outliving its connection, and no other', () => {
    const outlives = (contact: string, flow: TestFlow) => {
      const { registrar, bindings } = setup();
      registrar.register(register([contact], { callId: flow.id }), NUMBER, flow);
      return bindings.list('0100001', T0).find((b) => b.flow === flow)?.outlivesFlow ?? false;
    };
    expect(outlives('<sip:a@198.51.100.7;transport=tcp>', new TestFlow('t1', 'tcp'))).toBe(true);
    expect(outlives('<sip:b@198.51.100.7:5061;transport=tls>', new TestFlow('t2', 'tls'))).toBe(
      true,
    );
    expect(outlives(`<sip:c@198.51.100.7;ob>`, new TestFlow('t3', 'tcp'))).toBe(false);
    const regId = `<sip:d@198.51.100.7>;+sip.instance=${INSTANCE};reg-id=1`;
    expect(outlives(regId, new TestFlow('t4', 'tcp'))).toBe(false);
    expect(outlives('<sip:e@x.invalid;transport=ws>', new TestFlow('w', 'ws'))).toBe(false);
  });

  it('refuses an out-of-order CSeq with the same Call-ID with 500, changing nothing', () => {
    const { registrar, bindings } = setup();
    const flow = new TestFlow('1');
    registrar.register(
      register(['<sip:0100001@198.51.100.7>'], { cseq: 5, expires: '600' }),
      NUMBER,
      flow,
    );
    for (const cseq of [5, 4]) {
      const error = refused(() =>
        registrar.register(
          register(['<sip:0100001@198.51.100.7>'], { cseq, expires: '0' }),
          NUMBER,
          flow,
        ),
      );
      expect(error.status).toBe(500);
    }
    expect(bindings.size).toBe(1);
    // A new Call-ID (the device restarted) may start low again.
    registrar.register(
      register(['<sip:0100001@198.51.100.7>'], { cseq: 1, callId: 'new', expires: '0' }),
      NUMBER,
      flow,
    );
    expect(bindings.size).toBe(0);
  });

  it('refuses a bad Expires and a bad Contact with 400', () => {
    const { registrar } = setup();
    const flow = new TestFlow('1');
    for (const req of [
      register(['<sip:0100001@198.51.100.7>'], { expires: '-1' }),
      register(['<sip:0100001@198.51.100.7>'], { expires: 'soon' }),
      register(['<sip:0100001@198.51.100.7>;expires=1.5']),
      register(['<nonsense>']),
    ]) {
      expect(refused(() => registrar.register(req, NUMBER, flow)).status).toBe(400);
    }
  });

  it('reads the AOR user from To', () => {
    expect(registerTarget(register([]))).toBe('0100001');
  });
});
