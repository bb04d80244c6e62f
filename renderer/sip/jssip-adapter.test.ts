import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adapterUnderTest, config } from './adapter-test-setup';
import { FakeUA, sipMessage, type FakeSession } from './fake-jssip';
import type { SipAdapterConfig } from './types';

let clock = 1_000;
beforeEach(() => {
  clock = 1_000;
  vi.useFakeTimers();
});

const setup = (overrides: Partial<SipAdapterConfig> = {}) =>
  adapterUnderTest(() => clock, overrides);
afterEach(() => vi.useRealTimers());

/** Lets promise callbacks run (start() waits for the previous UA, a resolved promise here). */
const settle = async () => {
  for (let i = 0; i < 3; i += 1) await Promise.resolve();
};

describe('createJsSipAdapter: the user agent', () => {
  it('registers as this device: kind on REGISTER only, instance id, domain from the server', async () => {
    const { ua } = setup();
    await settle();
    expect(ua.configuration).toMatchObject({
      uri: 'sip:0100001@pbx.example.com',
      password: 'pw-123456',
      instance_id: config.instanceId,
      register: true,
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 8,
    });
    expect(ua.configuration).not.toHaveProperty('extra_headers');
    expect(ua.registratorHeaders).toEqual([['X-Device-Kind: softphone-desktop']]);
    expect(ua.started).toBe(true);
  });

  it('uses the configured domain when there is one', () => {
    const { ua } = setup({ account: { ...config.account, domain: 'corp.example' } });
    expect(ua.configuration.uri).toBe('sip:0100001@corp.example');
  });

  it('registers with a device credential as its digest user; refused, it has ended and the UA stops', () => {
    const account = { ...config.account, password: 'secret', authorizationUser: '0100001.ab' };
    const { ua, events } = setup({ account });
    expect(ua.configuration).toMatchObject({
      uri: 'sip:0100001@pbx.example.com',
      password: 'secret',
      authorization_user: '0100001.ab',
    });
    ua.emit('connected');
    ua.emit('registrationFailed', {
      cause: 'Authentication Error',
      response: sipMessage({ status_code: 401 }),
    });
    expect(events).toEqual([
      'reg:connecting:',
      'reg:registering:',
      'reg:failed:device-sign-in-ended',
    ]);
    expect(ua.stopped).toBe(true);
  });

  it('reports connecting, registering, registered, and a refusal in words', () => {
    const { ua, events } = setup();
    ua.emit('connecting');
    ua.emit('connected');
    ua.emit('registered');
    ua.emit('registrationFailed', {
      cause: 'Rejected',
      response: sipMessage({ status_code: 403 }, { 'x-pbx-reason': 'number-disabled' }),
    });
    expect(events).toEqual([
      'reg:connecting:',
      'reg:registering:',
      'reg:registered:',
      'reg:failed:number-disabled',
    ]);
  });

  it('a lost connection is connecting with server-unreachable until JsSIP reconnects', () => {
    const { ua, events } = setup();
    ua.emit('connected');
    ua.emit('registered');
    ua.emit('registrationFailed', { cause: 'Connection Error', response: null });
    ua.emit('disconnected');
    ua.emit('connecting');
    ua.emit('connected');
    ua.emit('registered');
    expect(events.slice(3)).toEqual([
      'reg:connecting:server-unreachable',
      'reg:registering:',
      'reg:registered:',
    ]);
  });

  it('retries a REGISTER that timed out on a live connection', () => {
    const { ua, events } = setup();
    const register = vi.spyOn(ua, 'register');
    ua.connected = true;
    ua.emit('connected');
    ua.emit('registrationFailed', { cause: 'Request Timeout', response: null });
    expect(events.at(-1)).toBe('reg:failed:server-unreachable');
    vi.advanceTimersByTime(2000);
    expect(register).toHaveBeenCalledTimes(1);
  });

  it('a restart starts the new UA only after the old one has unregistered', async () => {
    const { ua: first, adapter } = setup();
    first.connected = true;
    first.registered = true;
    adapter.start({ ...config, dtmfMethod: 'info' });
    const second = FakeUA.last as FakeUA;
    expect(first.stopped).toBe(true);
    await settle();
    expect(second.started).toBe(false);
    first.emit('unregistered');
    await settle();
    expect(second.started).toBe(true);
  });

  it('a server address that is not a WebSocket URL fails at once', () => {
    const { events } = setup({ account: { ...config.account, server: 'pbx.example.com' } });
    expect(events.at(-1)).toBe('reg:failed:server-unreachable');
  });

  it('stop() stops the UA, ends live calls and reports signed-out', async () => {
    const { ua, adapter, calls, events } = setup();
    const id = adapter.call('0462626');
    await adapter.stop();
    expect(ua.stopped).toBe(true);
    expect(calls.get(id)).toMatchObject({ state: 'ended', endReason: 'hangup-local' });
    expect(events.at(-1)).toBe('reg:signed-out:');
    ua.emit('registered');
    expect(events.at(-1)).toBe('reg:signed-out:');
  });
});

describe('createJsSipAdapter: outgoing calls', () => {
  it('dials, rings back, connects and ends with the reason', () => {
    const { ua, adapter, calls } = setup();
    clock = 5_000;
    const id = adapter.call('0462626');
    expect(calls.get(id)).toMatchObject({
      direction: 'outgoing',
      state: 'dialing',
      remoteNumber: '0462626',
      line: 1,
      startedAt: 5_000,
    });
    const [{ target, options, session }] = ua.outgoing as [(typeof ua.outgoing)[number]];
    expect(target).toBe('sip:0462626@pbx.example.com');
    expect(options).toMatchObject({
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: config.iceServers },
    });

    session.emit('progress', { originator: 'remote', response: sipMessage({ status_code: 180 }) });
    expect(calls.get(id)?.state).toBe('ringback');
    clock = 6_000;
    session.emit('accepted', { originator: 'remote' });
    session.emit('confirmed', { originator: 'local' });
    expect(calls.get(id)).toMatchObject({ state: 'connected', connectedAt: 6_000 });
    clock = 9_000;
    session.emit('ended', {
      originator: 'remote',
      cause: 'Terminated',
      message: sipMessage({ method: 'BYE' }),
    });
    expect(calls.get(id)).toMatchObject({
      state: 'ended',
      endedAt: 9_000,
      endReason: 'hangup-remote',
    });
    // The session is gone from the registry: commands for it do nothing and do not throw.
    adapter.hangup(id);
    expect(session.calls).toEqual([]);
  });

  it('tells our hold from the other side’s (JsSIP’s originator remote)', () => {
    const { ua, adapter, calls } = setup();
    const id = adapter.call('0462626');
    const session = ua.outgoing[0]!.session;
    session.emit('accepted', { originator: 'remote' });
    session.emit('hold', { originator: 'remote' });
    expect(calls.get(id)).toMatchObject({ held: false, heldByRemote: true });
    session.emit('unhold', { originator: 'remote' });
    expect(calls.get(id)).toMatchObject({ held: false, heldByRemote: false });
    session.emit('hold', { originator: 'local' });
    expect(calls.get(id)).toMatchObject({ held: true, heldByRemote: false });
  });

  it('reports the caller ID the client sees from X-Caller-ID on 183 and 200', () => {
    const { ua, adapter, calls, events } = setup();
    const id = adapter.call('+78123090000');
    const session = ua.outgoing[0]!.session;
    session.emit('progress', { originator: 'remote', response: sipMessage({ status_code: 100 }) });
    expect(calls.get(id)?.callerIdShown).toBeUndefined();
    session.emit('progress', {
      originator: 'remote',
      response: sipMessage({ status_code: 183 }, { 'x-caller-id': '+78121234567' }),
    });
    expect(calls.get(id)).toMatchObject({ state: 'ringback', callerIdShown: '+78121234567' });
    // The final answer says it again: no second report when it has not changed.
    const before = events.length;
    session.emit('accepted', {
      originator: 'remote',
      response: sipMessage({ status_code: 200 }, { 'x-caller-id': '+78121234567' }),
    });
    expect(events.slice(before)).toEqual(['changed:connectedAt,state']);
    expect(calls.get(id)).toMatchObject({ state: 'connected', callerIdShown: '+78121234567' });
  });

  it('takes the caller ID from the 200 when no provisional response had it; ignores junk', () => {
    const { ua, adapter, calls } = setup();
    const id = adapter.call('+78123090000');
    const session = ua.outgoing[0]!.session;
    session.emit('progress', {
      originator: 'remote',
      response: sipMessage({ status_code: 180 }, { 'x-caller-id': 'anonymous' }),
    });
    expect(calls.get(id)?.callerIdShown).toBeUndefined();
    session.emit('accepted', {
      originator: 'remote',
      response: sipMessage({ status_code: 200 }, { 'x-caller-id': ' +74951234567 ' }),
    });
    expect(calls.get(id)).toMatchObject({ state: 'connected', callerIdShown: '+74951234567' });
  });

  it('takes the lowest free line and frees it when a call ends', () => {
    const { ua, adapter, calls } = setup();
    const first = adapter.call('0462626');
    const second = adapter.call('0462627');
    expect([calls.get(first)?.line, calls.get(second)?.line]).toEqual([1, 2]);
    ua.outgoing[0]?.session.emit('failed', { originator: 'local', cause: 'Canceled' });
    expect(calls.get(first)?.endReason).toBe('cancelled');
    const third = adapter.call('0462628');
    expect(calls.get(third)?.line).toBe(1);
  });

  it('a refusal carries the X-Pbx-Reason token and the status', () => {
    const { ua, adapter, calls } = setup();
    const id = adapter.call('0462626');
    ua.outgoing[0]?.session.emit('failed', {
      originator: 'remote',
      cause: 'Unavailable',
      message: sipMessage({ status_code: 480 }, { 'x-pbx-reason': 'employee-absent' }),
    });
    expect(calls.get(id)).toMatchObject({
      state: 'ended',
      endReason: 'refused',
      refusal: 'employee-absent',
      status: 480,
    });
  });

  it('a call JsSIP refuses to start ends as failed instead of throwing', () => {
    const { ua, adapter, calls } = setup();
    vi.spyOn(ua, 'call').mockImplementation(() => {
      throw new TypeError('Invalid target');
    });
    const id = adapter.call('not a number');
    expect(calls.get(id)).toMatchObject({ state: 'ended', endReason: 'failed' });
  });

  it('mute, hold and DTMF go to the session; state comes back from its events', () => {
    const { ua, adapter, calls } = setup();
    const id = adapter.call('0462626');
    const session = ua.outgoing[0]?.session as FakeSession;
    adapter.setMuted(id, true);
    adapter.setHeld(id, true);
    expect(calls.get(id)).toMatchObject({ muted: true, held: true });
    adapter.setMuted(id, false);
    adapter.setHeld(id, false);
    expect(calls.get(id)).toMatchObject({ muted: false, held: false });
    adapter.sendDtmf(id, '1#');
    adapter.sendDtmf(id, 'not dtmf');
    expect(session.calls.filter((c) => c.method === 'sendDTMF')).toEqual([
      { method: 'sendDTMF', args: ['1#', { transportType: 'RFC2833' }] },
    ]);
    expect(session.calls[0]).toEqual({ method: 'mute', args: [{ audio: true }] });
  });

  it('sends DTMF by SIP INFO when configured', () => {
    const { ua, adapter } = setup({ dtmfMethod: 'info' });
    const id = adapter.call('0462626');
    adapter.sendDtmf(id, '5');
    expect(ua.outgoing[0]?.session.calls).toEqual([
      { method: 'sendDTMF', args: ['5', { transportType: 'INFO' }] },
    ]);
  });

  it('never waits for full ICE gathering: ready() after the timeout at the latest', () => {
    const { ua, adapter } = setup({ iceGatheringTimeoutMs: 300 });
    adapter.call('0462626');
    const session = ua.outgoing[0]?.session as FakeSession;
    const ready = vi.fn();
    session.emit('icecandidate', {
      candidate: { type: 'srflx', candidate: 'candidate:1 1 udp 1 203.0.113.1 9 typ srflx' },
      ready,
    });
    vi.advanceTimersByTime(299);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledTimes(1);
  });
});

describe('createJsSipAdapter: incoming calls', () => {
  it('rings with the caller from P-Asserted-Identity, a waiting mark and the X-Line line', () => {
    const { ua, calls } = setup();
    ua.incoming(
      {
        'p-asserted-identity': '"Anna Ivanova" <sip:0462626@pbx.example.com>',
        'alert-info': '<urn:alert:service:call-waiting>',
        'x-line': '2',
      },
      { name: 'Anna', user: '0462626' },
    );
    expect([...calls.values()]).toEqual([
      expect.objectContaining({
        direction: 'incoming',
        state: 'ringing',
        remoteNumber: '0462626',
        remoteName: 'Anna Ivanova',
        waiting: true,
        line: 2,
      }),
    ]);
  });

  it('a call takes its X-Line line unless taken here, else the lowest free line', () => {
    const { ua, calls } = setup();
    const waiting = '<urn:alert:service:call-waiting>';
    ua.incoming({}, { user: '0462627' });
    ua.incoming({ 'alert-info': waiting, 'x-line': '1' }, { user: '0462628' });
    ua.incoming({ 'alert-info': waiting, 'x-line': '5' }, { user: '0462629' });
    ua.incoming({}, { user: '0462630' });
    expect([...calls.values()].map((c) => [c.remoteNumber, c.line, c.waiting])).toEqual([
      ['0462627', 1, false],
      ['0462628', 2, true],
      ['0462629', 5, true],
      ['0462630', 3, false],
    ]);
  });

  it('answers with audio only and connects; received INFO DTMF reaches the sink', () => {
    const { ua, adapter, calls, events } = setup();
    const session = ua.incoming({}, { name: 'Boris', user: '0462627' });
    const [id] = [...calls.keys()] as [string];
    adapter.answer(id);
    expect(session.calls[0]).toEqual({
      method: 'answer',
      args: [
        {
          mediaConstraints: { audio: true, video: false },
          pcConfig: { iceServers: config.iceServers },
          // An INVITE without SDP is answered with an audio offer in the 200 (late offer).
          rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
        },
      ],
    });
    session.emit('accepted', { originator: 'local' });
    expect(calls.get(id)?.state).toBe('connected');
    session.emit('newDTMF', { originator: 'remote', dtmf: { tone: '7' } });
    session.emit('newDTMF', { originator: 'local', dtmf: { tone: '8' } });
    expect(events.filter((e) => e.startsWith('dtmf:'))).toEqual([`dtmf:${id}:7`]);
  });

  it('declines with 603 and the call ends as declined', () => {
    const { ua, adapter, calls } = setup();
    const session = ua.incoming({}, { user: '0462627' });
    const [id] = [...calls.keys()] as [string];
    adapter.decline(id);
    expect(session.calls[0]).toEqual({
      method: 'terminate',
      args: [{ status_code: 603, reason_phrase: 'Decline' }],
    });
    session.emit('failed', { originator: 'local', cause: 'Rejected', message: null });
    expect(calls.get(id)?.endReason).toBe('declined');
  });

  it('a CANCEL because another device answered ends as answered-elsewhere', () => {
    const { ua, calls } = setup();
    const session = ua.incoming({}, { user: '0462627' });
    session.emit('failed', {
      originator: 'remote',
      cause: 'Canceled',
      message: sipMessage(
        { method: 'CANCEL' },
        { reason: 'SIP;cause=200;text="Call completed elsewhere"' },
      ),
    });
    expect([...calls.values()][0]?.endReason).toBe('answered-elsewhere');
  });
});
