import { describe, expect, it } from 'vitest';
import type { DropReason } from '../../shared/device-drop';
import type { SipRequest } from '../sip/message';
import { SipError } from '../sip/sip-error';
import { makeRequest } from '../sip/transaction/test-support';
import { TestFlow } from '../sip/transport/test-flow';
import { parseUri } from '../sip/uri';
import { BindingTable } from './bindings';
import { Registrar } from './registrar';

const T0 = 1_700_000_000_000;
const NEWEST_WINS = { number: '0100001', multiTerminal: false, newestDeviceWins: true };

function setup() {
  const clock = { t: T0 };
  const dropped: string[] = [];
  const bindings = new BindingTable(
    { onRemoved: (b, reason?: DropReason) => dropped.push(`${b.callId}:${reason ?? '-'}`) },
    () => clock.t,
  );
  const registrar = new Registrar({ bindings, now: () => clock.t });
  const phone = (host: string, callId: string, cseq = 1): SipRequest => {
    const r = makeRequest('REGISTER', { cseq, callId });
    r.uri = parseUri('sip:pbx.example.com');
    r.headers.set('From', '<sip:0100001@pbx.example.com>;tag=f1');
    r.headers.set('To', '<sip:0100001@pbx.example.com>');
    r.headers.set('Contact', `<sip:0100001@${host}>`);
    r.headers.set('User-Agent', `Phone at ${host}`);
    return r;
  };
  const callIds = () => bindings.list('0100001', clock.t).map((b) => b.callId);
  return { clock, bindings, registrar, phone, dropped, callIds };
}

function refusedToken(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SipError) return error.token;
    throw error;
  }
  return undefined;
}

describe('newest device wins (multi-terminal off)', () => {
  it('a second device takes the place; the first is dropped as taken over', () => {
    const { registrar, phone, dropped, callIds } = setup();
    registrar.register(phone('198.51.100.7', 'desk'), NEWEST_WINS, new TestFlow('udp:1'));
    const second = registrar.register(
      phone('198.51.100.8', 'cordless'),
      NEWEST_WINS,
      new TestFlow('udp:2'),
      0, // the company's device quota is full: taking a place over adds no device
    );
    expect(second.status).toBe(200);
    expect(second.headers.getAll('contact')).toHaveLength(1);
    expect(callIds()).toEqual(['cordless']);
    expect(dropped).toEqual(['desk:taken-over']);
  });

  it('the dropped device refreshing with its Call-ID is refused, so the two never drop each other in turn', () => {
    const { registrar, phone, clock, callIds } = setup();
    registrar.register(phone('198.51.100.7', 'desk'), NEWEST_WINS, new TestFlow('udp:1'));
    registrar.register(phone('198.51.100.8', 'cordless'), NEWEST_WINS, new TestFlow('udp:2'));
    for (const minutes of [1, 30, 59]) {
      clock.t = T0 + minutes * 60_000;
      const refresh = () =>
        registrar.register(
          phone('198.51.100.7', 'desk', 1 + minutes),
          NEWEST_WINS,
          new TestFlow('udp:1'),
        );
      expect(refusedToken(refresh)).toBe('device-limit');
    }
    expect(callIds()).toEqual(['cordless']);
    // A new registration of that phone (restarted: a new Call-ID) is the newest device again.
    registrar.register(phone('198.51.100.7', 'desk-restarted'), NEWEST_WINS, new TestFlow('udp:1'));
    expect(callIds()).toEqual(['desk-restarted']);
  });

  it('without the setting the second device is refused and the first keeps the place', () => {
    const { registrar, phone, dropped, callIds } = setup();
    const single = { ...NEWEST_WINS, newestDeviceWins: false };
    registrar.register(phone('198.51.100.7', 'desk'), single, new TestFlow('udp:1'));
    const second = () =>
      registrar.register(phone('198.51.100.8', 'cordless'), single, new TestFlow('udp:2'));
    expect(refusedToken(second)).toBe('device-limit');
    expect(callIds()).toEqual(['desk']);
    expect(dropped).toEqual([]);
  });

  it('a drop for "Use here instead" holds the dropped registration back too', () => {
    const { registrar, bindings, phone, callIds } = setup();
    registrar.register(phone('198.51.100.7', 'desk'), NEWEST_WINS, new TestFlow('udp:1'));
    const [desk] = bindings.list('0100001', T0);
    bindings.remove('0100001', desk!.key, 'taken-over');
    registrar.register(phone('198.51.100.8', 'cordless'), NEWEST_WINS, new TestFlow('udp:2'));
    const refresh = () =>
      registrar.register(phone('198.51.100.7', 'desk', 2), NEWEST_WINS, new TestFlow('udp:1'));
    expect(refusedToken(refresh)).toBe('device-limit');
    expect(callIds()).toEqual(['cordless']);
  });
});
