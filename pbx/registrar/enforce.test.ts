import { describe, expect, it } from 'vitest';
import type { DropReason } from '../../shared/device-drop';
import { TestFlow } from '../sip/transport/test-flow';
import { parseUri } from '../sip/uri';
import { BindingTable, type Binding } from './bindings';
import { enforceNumberSettings } from './enforce';

const T0 = Date.now();

function table() {
  const dropped: string[] = [];
  const bindings = new BindingTable({
    onRemoved: (b: Binding, reason?: DropReason) => dropped.push(`${b.key}:${reason ?? '-'}`),
  });
  const put = (key: string, at: number, kind: Binding['deviceKind'] = 'softphone-web') =>
    bindings.put({
      key,
      sipNumber: '0100001',
      contact: parseUri(`sip:${key}@example.invalid`),
      contactParams: {},
      flow: new TestFlow(`ws:${key}`, 'ws'),
      deviceKind: kind,
      callId: key,
      cseq: 1,
      registeredAt: T0 - 60_000,
      authenticatedAt: at,
      expiresAt: T0 + 3600_000,
    });
  return { bindings, dropped, put };
}

describe('enforceNumberSettings tells each dropped device why', () => {
  it('a disabled number loses every device as number-disabled', () => {
    const { bindings, dropped, put } = table();
    put('a', T0);
    put('b', T0);
    const settings = { enabled: false, multiTerminal: true };
    expect(enforceNumberSettings(bindings, '0100001', settings)).toBe(2);
    expect(dropped).toEqual(['a:number-disabled', 'b:number-disabled']);
  });

  it('a number that is gone loses them with the reason given (deleted, company suspended)', () => {
    const { bindings, dropped, put } = table();
    put('a', T0);
    enforceNumberSettings(bindings, '0100001', undefined, 'company-suspended');
    put('b', T0);
    enforceNumberSettings(bindings, '0100001', undefined);
    expect(dropped).toEqual(['a:company-suspended', 'b:number-removed']);
  });

  it('only devices that authenticated before the password changed are dropped', () => {
    const { bindings, dropped, put } = table();
    put('old', T0 - 5000);
    put('refreshed', T0 + 10);
    const settings = { enabled: true, multiTerminal: true, passwordChangedAt: T0 };
    expect(enforceNumberSettings(bindings, '0100001', settings)).toBe(1);
    expect(dropped).toEqual(['old:password-changed']);
    expect(bindings.list('0100001').map((b) => b.key)).toEqual(['refreshed']);
  });

  it('multi-terminal switched off keeps the newest and drops the others as device-limit', () => {
    const { bindings, dropped, put } = table();
    put('first', T0);
    put('second', T0);
    enforceNumberSettings(bindings, '0100001', { enabled: true, multiTerminal: false });
    expect(dropped).toEqual(['first:device-limit']);
  });

  it('with "newest device wins", the others are dropped as taken over: they stay off', () => {
    const { bindings, dropped, put } = table();
    put('first', T0);
    put('second', T0);
    const settings = { enabled: true, multiTerminal: false, newestDeviceWins: true };
    enforceNumberSettings(bindings, '0100001', settings);
    expect(dropped).toEqual(['first:taken-over']);
  });

  it('settings that still admit every device drop none', () => {
    const { bindings, dropped, put } = table();
    put('a', T0);
    const settings = { enabled: true, multiTerminal: true, passwordChangedAt: T0 - 1 };
    expect(enforceNumberSettings(bindings, '0100001', settings)).toBe(0);
    expect(dropped).toEqual([]);
  });
});
