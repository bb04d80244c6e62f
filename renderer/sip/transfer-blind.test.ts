import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { byeFrom, connectedCall, methods, setupAdapter } from './test-adapter';

const boris = { number: '0333333', name: 'Boris Petrov' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A connected call on which a blind transfer to Boris has been asked for. */
function transferring() {
  const kit = setupAdapter();
  const { id, session } = connectedCall(kit);
  kit.adapter.transfer(id, boris);
  return { ...kit, id, session };
}

describe('blind transfer (REFER)', () => {
  it('holds the client, then REFERs to the target in our domain', () => {
    const kit = setupAdapter();
    const { id, session } = connectedCall(kit);
    session.holdPending = true;
    kit.adapter.transfer(id, boris);
    expect(methods(session)).toEqual(['hold']);
    expect(kit.call(id).transfer).toEqual({ kind: 'blind', target: boris, state: 'referring' });
    session.holdDone();
    expect(methods(session)).toEqual(['hold', 'refer']);
    expect(session.refers[0]?.target).toBe('sip:0333333@pbx.example.com');
    expect(session.refers[0]?.options.replaces).toBeUndefined();
  });

  it('a call the employee already held is referred at once, without a second hold', () => {
    const kit = setupAdapter();
    const { id, session } = connectedCall(kit);
    kit.adapter.setHeld(id, true);
    kit.adapter.transfer(id, boris);
    expect(methods(session)).toEqual(['hold', 'refer']);
  });

  it('NOTIFY 100, 180, 200: trying, ringing, then done and our leg ends as transferred', () => {
    const { session, call, id } = transferring();
    session.referAnswered(202);
    expect(call(id).transfer?.state).toBe('trying');
    expect(methods(session)).not.toContain('terminate');
    session.referNotified('SIP/2.0 100 Trying');
    expect(call(id).transfer?.state).toBe('trying');
    session.referNotified('SIP/2.0 180 Ringing');
    expect(call(id).transfer?.state).toBe('ringing');
    session.referNotified('SIP/2.0 200 OK');
    expect(call(id).transfer?.state).toBe('done');
    expect(methods(session).at(-1)).toBe('terminate');
    byeFrom(session, 'local');
    expect(call(id)).toMatchObject({ state: 'ended', endReason: 'transferred' });
  });

  it('the REFER’s 202 alone never ends the call', () => {
    const { session, call, id } = transferring();
    session.referAnswered(202);
    vi.advanceTimersByTime(31_000);
    expect(call(id).state).toBe('connected');
    expect(methods(session)).not.toContain('terminate');
  });

  it('NOTIFY 486: failed as busy, the client is taken off hold and stays', () => {
    const { session, call, id } = transferring();
    session.referAnswered(202);
    session.referNotified('SIP/2.0 100 Trying');
    session.referNotified('SIP/2.0 486 Busy Here');
    expect(call(id)).toMatchObject({
      state: 'connected',
      held: false,
      transfer: { state: 'failed', problem: { reason: 'busy', status: 486 } },
    });
    expect(methods(session)).toEqual(['hold', 'refer', 'unhold']);
  });

  it('NOTIFY 603: failed as declined, unheld', () => {
    const { session, call, id } = transferring();
    session.referNotified('SIP/2.0 180 Ringing');
    session.referNotified('SIP/2.0 603 Decline');
    expect(call(id).transfer?.problem).toEqual({ reason: 'declined', status: 603 });
    expect(call(id).held).toBe(false);
  });

  it('NOTIFY 480 Employee Absent: the PBX’s refusal in words', () => {
    const { session, call, id } = transferring();
    session.referNotified('SIP/2.0 480 Employee Absent');
    expect(call(id).transfer?.problem).toEqual({
      reason: 'refused',
      refusal: 'employee-absent',
      status: 480,
    });
  });

  it('no final NOTIFY within 32 s: failed as timeout, unheld; a late 200 changes nothing', () => {
    const { session, call, id } = transferring();
    session.referAnswered(202);
    session.referNotified('SIP/2.0 100 Trying');
    vi.advanceTimersByTime(31_999);
    expect(call(id).transfer?.state).toBe('trying');
    vi.advanceTimersByTime(1);
    expect(call(id)).toMatchObject({
      held: false,
      transfer: { state: 'failed', problem: { reason: 'timeout' } },
    });
    session.referNotified('SIP/2.0 200 OK');
    expect(call(id).transfer?.state).toBe('failed');
    expect(methods(session)).not.toContain('terminate');
  });

  it('a target ringing may ring past 32 s; silence after that fails it', () => {
    const { session, call, id } = transferring();
    session.referNotified('SIP/2.0 180 Ringing');
    vi.advanceTimersByTime(40_000);
    expect(call(id).transfer?.state).toBe('ringing');
    vi.advanceTimersByTime(25_000);
    expect(call(id).transfer?.problem).toEqual({ reason: 'timeout' });
  });

  it('a REFER the other side refuses: not accepted, unheld', () => {
    const { session, call, id } = transferring();
    session.referAnswered(405);
    expect(call(id)).toMatchObject({
      held: false,
      transfer: { state: 'failed', problem: { reason: 'not-accepted', status: 405 } },
    });
  });

  it('the client hanging up during the transfer ends the call as usual, and the timer', () => {
    const { session, call, id } = transferring();
    byeFrom(session, 'remote');
    expect(call(id)).toMatchObject({ state: 'ended', endReason: 'hangup-remote' });
    vi.advanceTimersByTime(60_000);
    expect(call(id).transfer?.state).toBe('referring');
  });

  it('a second transfer waits until the first has an outcome; after a failure it may go', () => {
    const { session, adapter, id } = transferring();
    adapter.transfer(id, { number: '0444444' });
    expect(session.refers).toHaveLength(1);
    session.referNotified('SIP/2.0 486 Busy Here');
    adapter.transfer(id, { number: '0444444' });
    expect(session.refers.map((r) => r.target)).toEqual([
      'sip:0333333@pbx.example.com',
      'sip:0444444@pbx.example.com',
    ]);
  });
});
