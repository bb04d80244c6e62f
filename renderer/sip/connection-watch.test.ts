import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEVICE_DROPPED_CLOSE_CODE } from '../../shared/device-drop';
import { adapterUnderTest } from './adapter-test-setup';
import { FakeUA, sipMessage } from './fake-jssip';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const setup = () => adapterUnderTest(() => Date.now());
const dropped = (reason: string) => ({ code: DEVICE_DROPPED_CLOSE_CODE, reason, error: false });

describe('the PBX drops this device: the close frame says why', () => {
  it('number disabled: says so, reconnects, and tries REGISTER again until it is enabled', () => {
    const { ua, events } = setup();
    const register = vi.spyOn(ua, 'register');
    ua.emit('connected');
    ua.emit('registered');
    ua.emit('disconnected', dropped('number-disabled'));
    expect(events.at(-1)).toBe('reg:failed:number-disabled');
    expect(ua.stopped).toBe(false);
    ua.emit('connecting');
    expect(events.at(-1)).toBe('reg:connecting:number-disabled');
    ua.connected = true;
    ua.emit('connected');
    ua.emit('registrationFailed', {
      cause: 'Rejected',
      response: sipMessage({ status_code: 403 }, { 'x-pbx-reason': 'number-disabled' }),
    });
    expect(events.at(-1)).toBe('reg:failed:number-disabled');
    vi.advanceTimersByTime(2000);
    expect(register).toHaveBeenCalledTimes(1);
    ua.emit('registered');
    expect(events.at(-1)).toBe('reg:registered:');
  });

  it.each(['password-changed', 'number-removed'])(
    '%s: says so and stops (only a new sign-in helps)',
    (reason) => {
      const { ua, events } = setup();
      ua.emit('connected');
      ua.emit('registered');
      ua.emit('disconnected', dropped(reason));
      expect(events.at(-1)).toBe(`reg:failed:${reason}`);
      expect(ua.stopped).toBe(true);
      // JsSIP's own 'disconnected' on stop, or a late 'connecting', changes nothing.
      ua.emit('disconnected', { error: false });
      ua.emit('connecting');
      expect(events.at(-1)).toBe(`reg:failed:${reason}`);
    },
  );

  it('taken over by another device: says so and stops; restart() registers with a new UA', async () => {
    const { ua, events, adapter } = setup();
    ua.emit('connected');
    ua.emit('registered');
    ua.emit('disconnected', dropped('taken-over'));
    expect(events.at(-1)).toBe('reg:failed:taken-over');
    expect(ua.stopped).toBe(true);
    // Nothing JsSIP does next registers it again: the two devices never drop each other in turn.
    ua.emit('connecting');
    vi.advanceTimersByTime(60_000);
    expect(events.at(-1)).toBe('reg:failed:taken-over');
    // "Use here instead".
    adapter.restart();
    await vi.advanceTimersByTimeAsync(3000);
    const next = FakeUA.last!;
    expect(next).not.toBe(ua);
    expect(events.at(-1)).toBe('reg:connecting:');
    next.emit('connected');
    next.emit('registered');
    expect(events.at(-1)).toBe('reg:registered:');
  });

  it('device removed: says so, then JsSIP reconnects and registers again', () => {
    const { ua, events } = setup();
    ua.emit('connected');
    ua.emit('registered');
    ua.emit('disconnected', dropped('device-removed'));
    ua.emit('connecting');
    ua.emit('connected');
    ua.emit('registered');
    expect(events.slice(3)).toEqual([
      'reg:failed:device-removed',
      'reg:connecting:device-removed',
      'reg:registering:device-removed',
      'reg:registered:',
    ]);
    expect(ua.stopped).toBe(false);
  });

  it('a close with another code or an unknown reason is a lost connection', () => {
    const { ua, events } = setup();
    ua.emit('connected');
    ua.emit('registered');
    ua.emit('disconnected', { code: 4001, reason: 'whatever' });
    expect(events.at(-1)).toBe('reg:connecting:server-unreachable');
    ua.emit('disconnected', { code: 1006, reason: 'number-disabled' });
    expect(events.at(-1)).toBe('reg:connecting:server-unreachable');
  });
});

describe('a wrong server address is said within 5 s', () => {
  it('the first connection fails: server-not-found, and the UA stops trying', () => {
    const { ua, events } = setup();
    ua.emit('connecting');
    ua.emit('disconnected', { error: true, code: 1006 });
    expect(events.at(-1)).toBe('reg:failed:server-not-found');
    expect(ua.stopped).toBe(true);
  });

  it('the first connection never answers: server-not-found after 4 s', () => {
    const { ua, events } = setup();
    ua.emit('connecting');
    vi.advanceTimersByTime(3999);
    expect(events.at(-1)).toBe('reg:connecting:');
    vi.advanceTimersByTime(1);
    expect(events.at(-1)).toBe('reg:failed:server-not-found');
    expect(ua.stopped).toBe(true);
  });

  it('once connected, a slow reconnection is never called a wrong address', () => {
    const { ua, events } = setup();
    ua.emit('connected');
    ua.emit('disconnected', { error: true, code: 1006 });
    vi.advanceTimersByTime(60_000);
    expect(events.at(-1)).toBe('reg:connecting:server-unreachable');
    expect(ua.stopped).toBe(false);
  });
});

describe('the WebSocket closes during a call', () => {
  it('every call ends at once, saying the connection was lost', () => {
    const { ua, adapter, calls } = setup();
    ua.emit('connected');
    ua.emit('registered');
    const id = adapter.call('0462626');
    const session = ua.outgoing[0]!.session;
    session.emit('accepted', { originator: 'remote' });
    session.emit('confirmed', { originator: 'local' });
    expect(calls.get(id)?.state).toBe('connected');
    ua.emit('disconnected', { error: true, code: 1006 });
    expect(calls.get(id)).toMatchObject({
      state: 'ended',
      endReason: 'failed',
      failure: 'connection',
    });
    expect(session.calls.map((c) => c.method)).toContain('terminate');
  });
});
