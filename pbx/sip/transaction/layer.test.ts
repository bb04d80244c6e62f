import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipRequest, SipResponse } from '../message';
import { serializeMessage } from '../serializer';
import { TransactionLayer } from './layer';
import { FakeFlow, makeRequest, recordingHandler, responseTo } from './test-support';
import type { ServerTransaction } from './types';

function setup() {
  const flow = new FakeFlow('udp');
  const seen: { request: SipRequest; tx: ServerTransaction | null }[] = [];
  const stray: SipResponse[] = [];
  const layer = new TransactionLayer({
    onRequest: (request, tx) => void seen.push({ request, tx }),
    onStrayResponse: (response) => void stray.push(response),
  });
  return { flow, layer, seen, stray };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('TransactionLayer: CANCEL', () => {
  it('marks the INVITE tx cancelled, fires onCancel once and hands the CANCEL over with its own tx', () => {
    const { flow, layer, seen } = setup();
    const invite = makeRequest('INVITE');
    layer.receive(invite, flow);
    const inviteTx = seen[0]?.tx;
    if (!inviteTx) throw new Error('no INVITE tx');
    const onCancel = vi.fn(() => {
      inviteTx.respond(responseTo(invite, 487, 'Request Terminated'));
    });
    inviteTx.onCancel = onCancel;

    const cancel = makeRequest('CANCEL');
    layer.receive(cancel, flow);
    expect(inviteTx.cancelled).toBe(true);
    expect(onCancel).toHaveBeenCalledTimes(1);
    const cancelTx = seen[1]?.tx;
    expect(seen[1]?.request).toBe(cancel);
    expect(cancelTx).not.toBeNull();
    expect(cancelTx).not.toBe(inviteTx);
    // The layer does not answer the CANCEL itself; the TU does, on the CANCEL's tx.
    expect(flow.statuses()).toEqual([100, 487]);
    cancelTx?.respond(responseTo(cancel, 200, 'OK'));
    const ok = flow.last() as SipResponse;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cseq')).toBe('1 CANCEL');

    layer.receive(cancel, flow); // retransmitted CANCEL: 200 re-sent, nothing else
    expect(flow.statuses()).toEqual([100, 487, 200, 200]);
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
  });

  it('answers 481 itself when no INVITE tx matches, and keeps the TU out of it', () => {
    const { flow, layer, seen } = setup();
    layer.receive(makeRequest('INVITE', { branch: 'z9hG4bKother' }), flow);
    const cancel = makeRequest('CANCEL');
    layer.receive(cancel, flow);
    const answer = flow.last() as SipResponse;
    expect(answer.status).toBe(481);
    expect(answer.headers.get('cseq')).toBe('1 CANCEL');
    expect(seen).toHaveLength(1);
    layer.receive(cancel, flow); // retransmission gets the same 481
    expect(flow.statuses()).toEqual([100, 481, 481]);
  });

  it('does not match a CANCEL from another sent-by', () => {
    const { flow, layer, seen } = setup();
    layer.receive(makeRequest('INVITE'), flow);
    layer.receive(makeRequest('CANCEL', { sentBy: 'elsewhere.example.com' }), flow);
    expect(seen[0]?.tx?.cancelled).toBe(false);
    expect((flow.last() as SipResponse).status).toBe(481);
  });
});

describe('TransactionLayer: matching and bookkeeping', () => {
  it('hands a response matching no client tx to onStrayResponse', () => {
    const { flow, layer, stray } = setup();
    const ok = responseTo(makeRequest('INVITE'), 200, 'OK');
    layer.receive(ok, flow);
    expect(stray).toEqual([ok]);
  });

  it('keeps requests with equal branches but different methods or sent-by apart', () => {
    const { flow, layer, seen } = setup();
    layer.receive(makeRequest('OPTIONS'), flow);
    layer.receive(makeRequest('INFO'), flow);
    layer.receive(makeRequest('OPTIONS', { sentBy: 'other.example.com' }), flow);
    expect(seen).toHaveLength(3);
    expect(layer.size).toBe(3);
  });

  it('matches sent-by regardless of case and whitespace', () => {
    const { flow, layer, seen } = setup();
    layer.receive(makeRequest('OPTIONS', { sentBy: 'PC33.Example.com:5060' }), flow);
    layer.receive(makeRequest('OPTIONS', { sentBy: 'pc33.example.com : 5060' }), flow);
    expect(seen).toHaveLength(1);
  });

  it('keys RFC 2543 requests (no magic cookie) on branch, Call-ID and CSeq', () => {
    const { flow, layer, seen } = setup();
    layer.receive(makeRequest('OPTIONS', { branch: '1', cseq: 1 }), flow);
    layer.receive(makeRequest('OPTIONS', { branch: '1', cseq: 1 }), flow);
    layer.receive(makeRequest('OPTIONS', { branch: '1', cseq: 2 }), flow);
    layer.receive(makeRequest('OPTIONS', { branch: '1', cseq: 2, callId: 'x@y' }), flow);
    expect(seen).toHaveLength(3);
  });

  it('absorbs the ACK of an RFC 2543 INVITE that got a non-2xx', () => {
    const { flow, layer, seen } = setup();
    const invite = makeRequest('INVITE', { branch: 'old' });
    layer.receive(invite, flow);
    seen[0]?.tx?.respond(responseTo(invite, 486, 'Busy Here'));
    layer.receive(makeRequest('ACK', { branch: 'old' }), flow);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.tx?.state).toBe('confirmed');
  });

  it('does not throw on a request whose Via has no branch', () => {
    const { flow, layer, seen } = setup();
    const request = makeRequest('OPTIONS');
    request.headers.set('via', 'SIP/2.0/UDP 10.0.0.1');
    expect(() => layer.receive(request, flow)).not.toThrow();
    expect(seen).toHaveLength(1);
  });

  it('refuses a second client tx with the same branch and method, and ACK transactions', () => {
    const { flow, layer } = setup();
    const request = makeRequest('OPTIONS');
    layer.sendRequest(request, flow, recordingHandler());
    expect(() => layer.sendRequest(request, flow, recordingHandler())).toThrow();
    expect(() => layer.sendRequest(makeRequest('ACK'), flow, recordingHandler())).toThrow();
  });

  it('close() stops every timer and forgets every transaction without callbacks', () => {
    const { flow, layer, seen } = setup();
    const handler = recordingHandler();
    layer.sendRequest(makeRequest('INVITE', { branch: 'z9hG4bKc1' }), flow, handler);
    layer.sendRequest(makeRequest('MESSAGE', { branch: 'z9hG4bKc2' }), flow, handler);
    const invite = makeRequest('INVITE');
    layer.receive(invite, flow);
    seen[0]?.tx?.respond(responseTo(invite, 500, 'Server Internal Error'));
    expect(layer.size).toBe(3);
    const sent = flow.sent.length;
    layer.close();
    expect(layer.size).toBe(0);
    vi.advanceTimersByTime(120_000);
    expect(flow.sent).toHaveLength(sent);
    expect(handler.onTimeout).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits out timer J of many completed transactions on one timer, none left after', () => {
    const { flow, layer, seen } = setup();
    for (let i = 0; i < 50; i++) {
      const r = makeRequest('REGISTER', { branch: `z9hG4bKr${i}` });
      layer.receive(r, flow);
      seen.at(-1)?.tx?.respond(responseTo(r, 200, 'OK'));
      vi.advanceTimersByTime(10);
    }
    expect(layer.size).toBe(50);
    expect(vi.getTimerCount()).toBe(1);
    // The first ends 32 s after its response, the last 490 ms later: each on its own time.
    vi.advanceTimersByTime(32_000 - 500 - 1);
    expect(layer.size).toBe(50);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(49);
    vi.advanceTimersByTime(480);
    expect(layer.size).toBe(1);
    vi.advanceTimersByTime(10);
    expect(layer.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('repeats each final response byte for byte, whether its chunk is sealed or filling', () => {
    const { flow, layer, seen } = setup();
    const requests = Array.from({ length: 1000 }, (_, i) =>
      makeRequest('REGISTER', { branch: `z9hG4bKchunk${i}` }),
    );
    const firstSent: Buffer[] = [];
    for (const [i, r] of requests.entries()) {
      layer.receive(r, flow);
      const ok = responseTo(r, 200, 'OK');
      ok.headers.append('contact', `<sip:device-${i}-${'x'.repeat(i % 97)}@192.0.2.9>;expires=600`);
      seen.at(-1)?.tx?.respond(ok);
      firstSent.push(serializeMessage(flow.last()));
    }
    // ~450 bytes each: the first responses sit in sealed 256 KB chunks, the last ones not yet.
    for (const i of [0, 1, 500, 998, 999]) {
      layer.receive(requests[i]!, flow);
      expect(serializeMessage(flow.last()).equals(firstSent[i]!)).toBe(true);
    }
    vi.advanceTimersByTime(32_000);
    expect(layer.size).toBe(0);
    // After every chunk expired, new responses are kept and repeated as well.
    const again = makeRequest('REGISTER', { branch: 'z9hG4bKafter' });
    layer.receive(again, flow);
    seen.at(-1)?.tx?.respond(responseTo(again, 401, 'Unauthorized'));
    layer.receive(again, flow);
    expect(flow.statuses().slice(-2)).toEqual([401, 401]);
  });

  it('ends completed transactions of different timers (J and I) each on time', () => {
    const { flow, layer, seen } = setup();
    const register = makeRequest('REGISTER', { branch: 'z9hG4bKreg' });
    layer.receive(register, flow);
    seen.at(-1)?.tx?.respond(responseTo(register, 401, 'Unauthorized'));
    const invite = makeRequest('INVITE', { branch: 'z9hG4bKinv' });
    layer.receive(invite, flow);
    seen.at(-1)?.tx?.respond(responseTo(invite, 486, 'Busy Here'));
    layer.receive(makeRequest('ACK', { branch: 'z9hG4bKinv' }), flow);
    expect(layer.size).toBe(2);
    vi.advanceTimersByTime(5000); // timer I
    expect(layer.size).toBe(1);
    const sent = flow.sent.length;
    layer.receive(register, flow);
    expect(flow.statuses().slice(sent)).toEqual([401]);
    vi.advanceTimersByTime(27_000); // timer J
    expect(layer.size).toBe(0);
    expect(seen).toHaveLength(2);
  });

  it('answers a CANCEL for an INVITE already answered and acknowledged with 200 itself', () => {
    const { flow, layer, seen } = setup();
    const invite = makeRequest('INVITE');
    layer.receive(invite, flow);
    const tx = seen.at(-1)?.tx;
    tx?.respond(responseTo(invite, 486, 'Busy Here'));
    layer.receive(makeRequest('ACK'), flow);
    const cancelled = vi.fn();
    if (tx) tx.onCancel = cancelled;
    layer.receive(makeRequest('CANCEL'), flow);
    expect(flow.statuses().at(-1)).toBe(200);
    expect(flow.last().headers.get('cseq')).toBe('1 CANCEL');
    expect(seen).toHaveLength(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
