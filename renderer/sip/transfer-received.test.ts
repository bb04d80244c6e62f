import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answeredCall, byeFrom, connectedCall, methods, setupAdapter } from './test-adapter';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const anna = { name: 'Anna Ivanova', user: '0100009' };

describe('transferee: the other side REFERs us', () => {
  function referred() {
    const kit = setupAdapter();
    const { id, session } = answeredCall(kit, anna);
    const referral = kit.ua.referReceived(session, '0333333', '<sip:0100009@pbx.example.com>');
    return { ...kit, id, session, referral };
  }

  it('accepts: calls the target with the REFER’s Referred-By, audio only', () => {
    const { referral, call, id, calls } = referred();
    expect(referral.rejected).toBe(false);
    expect(referral.options).toMatchObject({
      mediaConstraints: { audio: true, video: false },
      extraHeaders: ['Referred-By: <sip:0100009@pbx.example.com>'],
    });
    expect(call(id).referredTo).toBe('0333333');
    // The new session is the same call going on, not a call of its own.
    expect(calls.size).toBe(1);
  });

  it('the target answers: the call goes on with it, transferred by the colleague', () => {
    const { referral, session, call, id, adapter } = referred();
    referral.session?.emit('progress', { originator: 'remote' });
    referral.session?.emit('accepted', { originator: 'remote' });
    expect(call(id)).toMatchObject({
      state: 'connected',
      direction: 'outgoing',
      remoteNumber: '0333333',
      remoteName: undefined,
      transferredBy: 'Anna Ivanova',
      referredTo: undefined,
    });
    // The transferor's BYE ends the old leg only.
    byeFrom(session, 'remote');
    expect(call(id).state).toBe('connected');
    adapter.hangup(id);
    expect(methods(referral.session!)).toEqual(['terminate']);
    byeFrom(referral.session!, 'local');
    expect(call(id)).toMatchObject({ state: 'ended', endReason: 'hangup-local' });
  });

  it('the target does not answer: we stay with the colleague', () => {
    const { referral, call, id } = referred();
    referral.session?.emit('failed', { originator: 'remote', cause: 'Busy', message: null });
    expect(call(id)).toMatchObject({
      state: 'connected',
      remoteNumber: '0100009',
      referredTo: undefined,
    });
  });

  it('the colleague hangs up before the target answers: we go on calling the target', () => {
    const { referral, session, call, id } = referred();
    referral.session?.emit('progress', { originator: 'remote' });
    byeFrom(session, 'remote');
    expect(call(id)).toMatchObject({ state: 'ringback', remoteNumber: '0333333' });
    referral.session?.emit('accepted', { originator: 'remote' });
    expect(call(id).state).toBe('connected');
  });

  it('the old leg is ended by us if the colleague never sends BYE', () => {
    const { referral, session } = referred();
    referral.session?.emit('accepted', { originator: 'remote' });
    vi.advanceTimersByTime(10_000);
    expect(methods(session)).toContain('terminate');
  });

  it('a second REFER while one is being tried is refused', () => {
    const { ua, session } = referred();
    expect(ua.referReceived(session, '0444444').rejected).toBe(true);
  });
});

describe('attended transfer target: an INVITE with Replaces', () => {
  it('is answered at once and takes over the replaced call’s line', () => {
    const kit = setupAdapter();
    const { id, session } = connectedCall(kit, '0100009');
    const replacement = kit.ua.replacesReceived(
      session,
      {
        'p-asserted-identity': '"Client Sidorov" <sip:0200002@pbx.example.com>',
        replaces: 'abc;to-tag=1;from-tag=2',
      },
      { user: '0200002' },
    );
    expect(kit.calls.size).toBe(1);
    expect(methods(replacement.session!)).toEqual(['answer']);
    replacement.session?.emit('accepted', { originator: 'local' });
    expect(kit.call(id)).toMatchObject({
      state: 'connected',
      line: 1,
      direction: 'incoming',
      remoteNumber: '0200002',
      remoteName: 'Client Sidorov',
      transferredBy: '0100009',
    });
    byeFrom(session, 'local');
    expect(kit.call(id).state).toBe('connected');
  });
});

describe('the target of a blind transfer', () => {
  it('says who transferred the call (Referred-By)', () => {
    const kit = setupAdapter();
    kit.ua.incoming(
      { 'referred-by': '"Anna Ivanova" <sip:0100009@pbx.example.com>' },
      {
        user: '0200002',
      },
    );
    expect([...kit.calls.values()][0]?.transferredBy).toBe('Anna Ivanova');
  });
});
