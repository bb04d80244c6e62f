import { describe, expect, it } from 'vitest';
import type { DeviceKind } from '../devices';
import {
  admitDevice,
  followAbsenceChain,
  type ChainMember,
  devicesOverLimit,
  inboundDecision,
  restartedDevice,
  takeChannel,
  takeEmergencyChannel,
} from '.';

const device = (key: string, kind: DeviceKind = 'third-party') => ({ key, kind });

describe('admitDevice', () => {
  it('multi-terminal off: one device; the same device refreshing is fine', () => {
    expect(admitDevice(false, [], device('a'))).toBe('ok');
    expect(admitDevice(false, [device('a')], device('a'))).toBe('ok');
    expect(admitDevice(false, [device('a')], device('b', 'softphone-desktop'))).toBe('deviceInUse');
  });

  it('multi-terminal on: four devices, a fifth refused', () => {
    const four = [
      device('a', 'softphone-desktop'),
      device('b'),
      device('c', 'crm-widget'),
      device('d', 'softphone-web'),
    ];
    expect(admitDevice(true, four.slice(0, 3), four[3]!)).toBe('ok');
    expect(admitDevice(true, four, device('e', 'softphone-mobile'))).toBe('deviceLimit');
    expect(admitDevice(true, four, device('c', 'crm-widget'))).toBe('ok');
  });

  it('keeps a place for the vendor softphone: a fourth non-softphone device is refused', () => {
    const three = [device('a'), device('b', 'crm-widget'), device('c')];
    expect(admitDevice(true, three, device('d'))).toBe('deviceLimit');
    expect(admitDevice(true, three, device('d', 'crm-widget'))).toBe('deviceLimit');
    expect(admitDevice(true, three, device('d', 'softphone-mobile'))).toBe('ok');
    // The same third-party device re-registering is still fine.
    expect(admitDevice(true, three, device('b', 'crm-widget'))).toBe('ok');
  });
});

describe('restartedDevice', () => {
  const phone = {
    key: 'sip:0462626@10.0.0.5:5060',
    kind: 'third-party' as const,
    address: '10.0.0.5',
    userAgent: 'Yealink T46U',
  };

  it('the same source address, User-Agent and kind under a new Contact is the same phone', () => {
    expect(restartedDevice([phone], { ...phone, key: 'sip:0462626@10.0.0.5:5062' })).toBe(phone);
  });

  it('another User-Agent, another address, no User-Agent or another kind is another device', () => {
    const moved = { ...phone, key: 'new' };
    expect(restartedDevice([phone], { ...moved, userAgent: 'Snom D785' })).toBeUndefined();
    expect(restartedDevice([phone], { ...moved, address: '10.0.0.6' })).toBeUndefined();
    expect(restartedDevice([phone], { ...moved, kind: 'softphone-web' })).toBeUndefined();
    const anonymous = { ...phone, userAgent: undefined };
    expect(restartedDevice([anonymous], { ...anonymous, key: 'new' })).toBeUndefined();
  });

  it('the same +sip.instance from anywhere is the same device; two instances decide alone', () => {
    const softphone = { ...phone, instance: '<urn:uuid:1>', key: '<urn:uuid:1>|1' };
    const elsewhere = { ...softphone, key: '<urn:uuid:1>|2', address: '10.9.9.9', userAgent: 'x' };
    expect(restartedDevice([softphone], elsewhere)).toBe(softphone);
    const tab = { ...softphone, instance: '<urn:uuid:2>', key: '<urn:uuid:2>|1' };
    expect(restartedDevice([softphone], tab)).toBeUndefined();
  });
});

describe('devicesOverLimit', () => {
  it('keeps the newest device when multi-terminal is switched off', () => {
    const devices = [
      device('old'),
      device('mid', 'softphone-web'),
      device('new', 'softphone-desktop'),
    ];
    expect(devicesOverLimit(false, devices).map((d) => d.key)).toEqual(['old', 'mid']);
    expect(devicesOverLimit(true, devices)).toEqual([]);
    expect(devicesOverLimit(false, [])).toEqual([]);
  });
});

describe('takeChannel', () => {
  it('admits on the lowest free line, marking calls that arrive during another as waiting', () => {
    expect(takeChannel(1, [])).toEqual({ admit: true, line: 1, waiting: false });
    expect(takeChannel(2, [1])).toEqual({ admit: true, line: 2, waiting: true });
    expect(takeChannel(3, [2])).toEqual({ admit: true, line: 1, waiting: true });
    expect(takeChannel(3, [1, 3])).toEqual({ admit: true, line: 2, waiting: true });
  });

  it('refuses when every channel is taken, also after channels were lowered during calls', () => {
    expect(takeChannel(1, [1])).toEqual({ admit: false });
    expect(takeChannel(2, [1, 2])).toEqual({ admit: false });
    expect(takeChannel(1, [1, 2])).toEqual({ admit: false });
  });
});

describe('takeEmergencyChannel', () => {
  it('is never refused: the lowest free line, beyond the channels when all are taken', () => {
    expect(takeEmergencyChannel([])).toEqual({ admit: true, line: 1, waiting: false });
    expect(takeEmergencyChannel([1])).toEqual({ admit: true, line: 2, waiting: true });
    expect(takeEmergencyChannel([1, 2, 3])).toEqual({ admit: true, line: 4, waiting: true });
  });
});

describe('inboundDecision', () => {
  it('refuses a disabled number, forwards or refuses during an absence, else delivers', () => {
    expect(inboundDecision(true, undefined)).toEqual({ kind: 'deliver' });
    expect(inboundDecision(false, undefined)).toEqual({
      kind: 'refuse',
      refusal: 'numberDisabledTo',
    });
    expect(inboundDecision(false, { forwardToEmployeeId: 3 })).toEqual({
      kind: 'refuse',
      refusal: 'numberDisabledTo',
    });
    expect(inboundDecision(true, { forwardToEmployeeId: null })).toEqual({
      kind: 'refuse',
      refusal: 'employeeAbsent',
    });
    expect(inboundDecision(true, { forwardToEmployeeId: 3 })).toEqual({
      kind: 'forward',
      toEmployeeId: 3,
    });
  });
});

describe('followAbsenceChain', () => {
  /** Employees 1..n: each absent one forwards to the id given (null: no forward). */
  const team = (absences: Record<number, number | null>, disabled: number[] = []) => {
    return (employeeId: number): ChainMember | undefined =>
      employeeId > 9
        ? undefined
        : {
            employeeId,
            enabled: !disabled.includes(employeeId),
            absence:
              employeeId in absences ? { forwardToEmployeeId: absences[employeeId]! } : undefined,
          };
  };

  it('delivers to the callee, or down the chain to the first one available', () => {
    expect(followAbsenceChain(1, team({}))).toEqual({ kind: 'deliver', employeeId: 1 });
    expect(followAbsenceChain(1, team({ 1: 2 }))).toEqual({ kind: 'deliver', employeeId: 2 });
    expect(followAbsenceChain(1, team({ 1: 2, 2: 3, 3: 4 }))).toEqual({
      kind: 'deliver',
      employeeId: 4,
    });
  });

  it('refuses as absent: a loop, an end without a forward, a disabled or unknown colleague, the caller', () => {
    const absent = { kind: 'refuse', refusal: 'employeeAbsent' };
    expect(followAbsenceChain(1, team({ 1: 2, 2: 1 }))).toEqual(absent);
    expect(followAbsenceChain(1, team({ 1: 2, 2: 3, 3: 2 }))).toEqual(absent);
    expect(followAbsenceChain(1, team({ 1: 2, 2: null }))).toEqual(absent);
    expect(followAbsenceChain(1, team({ 1: 2 }, [2]))).toEqual(absent);
    expect(followAbsenceChain(1, team({ 1: 42 }))).toEqual(absent);
    expect(followAbsenceChain(1, team({ 1: 2, 2: 3 }), 3)).toEqual(absent);
    expect(followAbsenceChain(1, team({ 1: null }))).toEqual(absent);
  });

  it('a disabled callee is refused as disabled, wherever their absence points', () => {
    expect(followAbsenceChain(1, team({ 1: 2 }, [1]))).toEqual({
      kind: 'refuse',
      refusal: 'numberDisabledTo',
    });
  });
});
