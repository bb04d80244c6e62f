import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sipMessage, type FakeSession } from './fake-jssip';
import { byeFrom, connectedCall, methods, setupAdapter } from './test-adapter';

const boris = { number: '0333333', name: 'Boris Petrov' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A client call, and a consultation with Boris on line 2 (answered unless told). */
function consulting({ answered = true } = {}) {
  const kit = setupAdapter();
  const client = connectedCall(kit, '0200002');
  const consultationId = kit.adapter.consult(client.id, boris) as string;
  const consultation = kit.ua.outgoing.at(-1)?.session as FakeSession;
  if (answered) consultation.emit('accepted', { originator: 'remote' });
  return { ...kit, client, consultation, consultationId };
}

describe('attended transfer', () => {
  it('consulting holds the client and calls the target on another line', () => {
    const { client, consultationId, call, ua } = consulting({ answered: false });
    expect(methods(client.session)).toEqual(['hold']);
    expect(ua.outgoing.at(-1)?.target).toBe('sip:0333333@pbx.example.com');
    expect(call(consultationId)).toMatchObject({
      line: 2,
      remoteNumber: '0333333',
      remoteName: 'Boris Petrov',
      consultationFor: client.id,
    });
    expect(call(client.id)).toMatchObject({
      held: true,
      transfer: { kind: 'attended', state: 'consulting', consultationId, target: boris },
    });
  });

  it('complete: REFER to the client with Replaces naming the consultation; done on 2xx', () => {
    const { client, consultation, consultationId, call, adapter } = consulting();
    adapter.completeTransfer(client.id);
    const refer = client.session.refers[0];
    expect(refer?.target).toBe('sip:0333333@pbx.example.com');
    expect(refer?.options.replaces).toBe(consultation);
    expect(call(client.id).transfer?.state).toBe('referring');
    client.session.referAnswered(202);
    // The target's Replaces took over: it ends the consultation, maybe before the NOTIFY.
    byeFrom(consultation, 'remote');
    expect(call(consultationId)).toMatchObject({ state: 'ended', endReason: 'transferred' });
    client.session.referNotified('SIP/2.0 200 OK');
    expect(methods(client.session).at(-1)).toBe('terminate');
    byeFrom(client.session, 'local');
    expect(call(client.id)).toMatchObject({ state: 'ended', endReason: 'transferred' });
  });

  it('complete waits for the consultation to be answered', () => {
    const { client, adapter } = consulting({ answered: false });
    adapter.completeTransfer(client.id);
    expect(client.session.refers).toEqual([]);
  });

  it('a lingering consultation is ended by us after a completed transfer', () => {
    const { client, consultation, adapter } = consulting();
    adapter.completeTransfer(client.id);
    client.session.referNotified('SIP/2.0 200 OK');
    expect(methods(consultation)).not.toContain('terminate');
    vi.advanceTimersByTime(5000);
    expect(methods(consultation)).toContain('terminate');
  });

  it('the Replaces INVITE fails: back with the client (unheld), the consultation held', () => {
    const { client, consultation, consultationId, call, adapter } = consulting();
    adapter.completeTransfer(client.id);
    client.session.referNotified('SIP/2.0 481 Call Does Not Exist');
    expect(call(client.id)).toMatchObject({ held: false, transfer: { state: 'failed' } });
    expect(call(consultationId)).toMatchObject({ state: 'connected', held: true });
    byeFrom(consultation, 'remote');
    expect(call(consultationId).endReason).toBe('hangup-remote');
  });

  it('the target is busy: the consultation fails, the client is back and unheld', () => {
    const { client, consultation, call } = consulting({ answered: false });
    consultation.emit('failed', {
      originator: 'remote',
      cause: 'Busy',
      message: sipMessage({ status_code: 486 }),
    });
    expect(call(client.id)).toMatchObject({
      held: false,
      transfer: { state: 'failed', problem: { reason: 'busy', status: 486 } },
    });
    expect(methods(client.session)).toEqual(['hold', 'unhold']);
  });

  it('cancel: the consultation ends, the client is unheld, no transfer is left', () => {
    const { client, consultation, consultationId, call, adapter } = consulting();
    adapter.cancelTransfer(client.id);
    expect(methods(consultation)).toEqual(['terminate']);
    byeFrom(consultation, 'local');
    expect(call(consultationId).endReason).toBe('hangup-local');
    expect(call(client.id)).toMatchObject({ held: false, transfer: undefined });
  });

  it('hanging up the consultation is a cancel too', () => {
    const { client, consultation, call, adapter, consultationId } = consulting();
    adapter.hangup(consultationId);
    byeFrom(consultation, 'local');
    expect(call(client.id)).toMatchObject({ held: false, transfer: undefined });
  });

  it('the client hangs up while consulting: the consultation goes on as a call of its own', () => {
    const { client, consultationId, call } = consulting();
    byeFrom(client.session, 'remote');
    expect(call(consultationId)).toMatchObject({ state: 'connected', consultationFor: undefined });
  });
});
